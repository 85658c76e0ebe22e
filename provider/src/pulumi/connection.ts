import { MAX_CONCURRENT_REQUESTS_VARIABLE, PortalClient, PortalClientConfigError } from "../core/client";
import { type HandlerContext } from "../core/resources/handler-context";
import { PortalSession } from "../core/resources/portal-session";
import { isRecord } from "../core/schema/reconcile";
import { SecretFingerprinter } from "../core/secrets/fingerprint";
import { SecretComparison } from "../core/secrets/secret-comparison";
import { VERSION } from "../version";
import { PULUMI_UNKNOWN } from "./properties";

/**
 * How the dynamic provider reaches the portal. Each setting comes from the resource's `connection` argument, else
 * from the stack configuration (`voicegateway:apiUrl`, ..., read by the resource classes in the program), else from
 * the `VOICEGATEWAY_*` environment variables, read in the provider process at call time. The serialized provider
 * itself never holds a setting (pulumi/pulumi#8265).
 */
export interface ProviderConfig {
  /**
   * Base URL of the portal API including its version path, e.g. `https://vg.example.com/api/v1`.
   * @default - stack config `voicegateway:apiUrl`, else `VOICEGATEWAY_API_URL`
   */
  readonly apiUrl?: string;
  /**
   * API key (bearer token). Use an admin or service-provider key: account keys cannot create accounts.
   * @default - stack config `voicegateway:apiKey` (a secret), else `VOICEGATEWAY_API_KEY`
   */
  readonly apiKey?: string;
  /**
   * Service provider that owns new accounts. An admin key needs one; a service-provider key implies its own.
   * @default - stack config `voicegateway:serviceProviderSid`, else `VOICEGATEWAY_SERVICE_PROVIDER_SID`
   */
  readonly serviceProviderSid?: string;
  /**
   * Allow plain `http://` to a host that is not loopback (the API key then travels unencrypted).
   * @default false
   */
  readonly insecureHttp?: boolean;
  /**
   * Requests in flight at once, a whole number from 1 to 64.
   * @default - stack config `voicegateway:maxConcurrentRequests`, else `VOICEGATEWAY_MAX_CONCURRENT_REQUESTS`, else 10
   */
  readonly maxConcurrentRequests?: number;
}

/** The stack configuration namespace the resource classes read (`pulumi config set voicegateway:apiUrl ...`). */
export const CONFIG_NAMESPACE = "voicegateway";
export const CONNECTION_SETTINGS = ["apiUrl", "apiKey", "serviceProviderSid", "insecureHttp", "maxConcurrentRequests"] as const;

export const ENV = {
  apiUrl: "VOICEGATEWAY_API_URL",
  apiKey: "VOICEGATEWAY_API_KEY",
  serviceProviderSid: "VOICEGATEWAY_SERVICE_PROVIDER_SID",
} as const;

type Env = Readonly<Record<string, string | undefined>>;

export interface ConnectionProblem {
  /** Pulumi property path, e.g. `connection.apiKey`. */
  readonly property: string;
  readonly reason: string;
}

export type ResolvedConnection =
  | { readonly ok: true; readonly settings: Required<Pick<ProviderConfig, "apiUrl" | "apiKey">> & ProviderConfig }
  | { readonly ok: false; readonly problems: readonly ConnectionProblem[]; readonly unknown?: boolean };

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** The settings from a resource's `connection` property (absent, or an object) and the environment. */
export function resolveConnection(connection: unknown, env: Env): ResolvedConnection {
  if (connection === PULUMI_UNKNOWN || (isRecord(connection) && Object.values(connection).includes(PULUMI_UNKNOWN))) {
    return { ok: false, problems: [], unknown: true };
  }
  const given = isRecord(connection) ? connection : {};
  const problems: ConnectionProblem[] = [];
  for (const key of Object.keys(given)) {
    if (!(CONNECTION_SETTINGS as readonly string[]).includes(key)) {
      problems.push({ property: `connection.${key}`, reason: `is not a connection setting; use ${CONNECTION_SETTINGS.join(", ")}` });
    }
  }
  for (const key of ["apiUrl", "apiKey", "serviceProviderSid"] as const) {
    if (given[key] !== undefined && given[key] !== null && typeof given[key] !== "string") {
      problems.push({ property: `connection.${key}`, reason: "must be a string" });
    }
  }
  if (given.insecureHttp !== undefined && given.insecureHttp !== null && typeof given.insecureHttp !== "boolean") {
    problems.push({ property: "connection.insecureHttp", reason: "must be true or false" });
  }
  const fromEnv = env[MAX_CONCURRENT_REQUESTS_VARIABLE];
  const concurrency = given.maxConcurrentRequests ?? (fromEnv ? (/^\d+$/.test(fromEnv) ? Number(fromEnv) : fromEnv) : undefined);
  if (
    concurrency !== undefined &&
    concurrency !== null &&
    !(typeof concurrency === "number" && Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)
  ) {
    const where =
      given.maxConcurrentRequests !== undefined
        ? "connection.maxConcurrentRequests"
        : `${MAX_CONCURRENT_REQUESTS_VARIABLE} (${JSON.stringify(fromEnv)})`;
    problems.push({ property: "connection.maxConcurrentRequests", reason: `${where} must be a whole number from 1 to 64` });
  }
  const apiUrl = text(given.apiUrl) ?? text(env[ENV.apiUrl]);
  const apiKey = text(given.apiKey) ?? text(env[ENV.apiKey]);
  const serviceProviderSid = text(given.serviceProviderSid) ?? text(env[ENV.serviceProviderSid]);
  if (!apiUrl) {
    problems.push({
      property: "connection.apiUrl",
      reason: `is not set: pass connection.apiUrl, set the stack config ${CONFIG_NAMESPACE}:apiUrl, or set ${ENV.apiUrl} where pulumi runs (e.g. https://vg.example.com/api/v1, with the version path)`,
    });
  }
  if (!apiKey) {
    problems.push({
      property: "connection.apiKey",
      reason: `is not set: pass connection.apiKey, set the secret stack config ${CONFIG_NAMESPACE}:apiKey, or set ${ENV.apiKey} where pulumi runs (an admin or service-provider API key)`,
    });
  }
  if (problems.length > 0 || !apiUrl || !apiKey) return { ok: false, problems };
  return {
    ok: true,
    settings: {
      apiUrl,
      apiKey,
      ...(serviceProviderSid ? { serviceProviderSid } : {}),
      ...(given.insecureHttp === true ? { insecureHttp: true } : {}),
      ...(typeof concurrency === "number" ? { maxConcurrentRequests: concurrency } : {}),
    },
  };
}

// One client and one session per connection for the life of the provider process, so every resource of a run
// shares its rate limiter, connection pool, reads and name checks. The engine ends the process when the run is over.
const clients = new Map<string, PortalClient>();
const sessions = new Map<string, PortalSession>();

function sessionFor(settings: ProviderConfig & { apiUrl: string; apiKey: string }): PortalSession {
  const key = JSON.stringify([settings.apiUrl, settings.apiKey]);
  let session = sessions.get(key);
  if (!session) {
    session = new PortalSession(new SecretFingerprinter(settings.apiKey));
    sessions.set(key, session);
  }
  return session;
}

function clientFor(settings: ProviderConfig & { apiUrl: string; apiKey: string }): PortalClient {
  const key = JSON.stringify([settings.apiUrl, settings.apiKey, settings.insecureHttp === true, settings.maxConcurrentRequests]);
  let client = clients.get(key);
  if (!client) {
    client = new PortalClient({
      apiUrl: settings.apiUrl,
      apiKey: settings.apiKey,
      ...(settings.insecureHttp ? { insecureHttp: true } : {}),
      ...(settings.maxConcurrentRequests ? { concurrency: settings.maxConcurrentRequests } : {}),
      userAgent: `voicegateway-iac/${VERSION} pulumi`,
    });
    clients.set(key, client);
  }
  return client;
}

/** Problems with the connection, as check failures; none while it is not known yet (a preview). */
export function connectionProblems(connection: unknown, env: Env): readonly ConnectionProblem[] {
  const resolved = resolveConnection(connection, env);
  if (!resolved.ok) return resolved.problems;
  try {
    clientFor(resolved.settings);
    return [];
  } catch (error) {
    if (!PortalClientConfigError.is(error)) throw error;
    // The client's own checks (URL shape, plain http, key format), already redacted.
    return error.issues.map((issue) => ({ property: `connection.${issue.option}`, reason: issue.message }));
  }
}

/** The handlers' context for a resource's connection; throws one error listing every problem. */
export function contextFor(connection: unknown, env: Env): HandlerContext {
  const resolved = resolveConnection(connection, env);
  if (!resolved.ok) {
    const reasons = resolved.unknown ? ["the connection is not known yet"] : resolved.problems.map((p) => `${p.property} ${p.reason}`);
    throw new Error(`Cannot reach the Voice Gateway portal: ${reasons.join("; ")}`);
  }
  const { serviceProviderSid } = resolved.settings;
  const session = sessionFor(resolved.settings);
  return {
    client: clientFor(resolved.settings),
    session,
    // Outputs hold secrets as given (the engine encrypts them), so reads compare them exactly with the portal's.
    secrets: new SecretComparison(session.fingerprinter!),
    ...(serviceProviderSid ? { serviceProviderSid } : {}),
  };
}

/** Closes every client (tests that call the runtime in-process; the provider process never needs it). */
export async function closeClients(): Promise<void> {
  const open = [...clients.values()];
  clients.clear();
  sessions.clear();
  await Promise.all(open.map((client) => client.close()));
}
