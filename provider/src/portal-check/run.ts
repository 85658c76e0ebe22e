import { DEFAULT_RATE_LIMIT, DEFAULT_TIMEOUT_MS, PortalClient, type PortalClientOptions, RateLimiter, type Redactor } from "../core/client";
import { VERSION } from "../version";
import { detectKeyScope } from "./key-scope";
import { type CheckReport, type KeyScope, notChecked, type ProbeOutcome, type ProbeResult, type ScratchAccountReport } from "./model";
import { describeAnswer } from "./portal-answer";
import { type Probe, type ProbeContext } from "./probe";
import { PROBES } from "./probes";
import { ReadOnlyCheckClient } from "./read-only-client";
import { observingAgent, ResponseLog } from "./response-log";
import { ScratchAccounts, scratchAccountName } from "./scratch-accounts";

export interface RunCheckOptions {
  readonly apiUrl: string;
  readonly apiKey: string;
  /** Where the scratch accounts go and which account list is read; an admin key needs one to write. */
  readonly serviceProviderSid?: string;
  readonly insecureHttp?: boolean;
  /** Reads only: no scratch account, and the probes that need a write say so. */
  readonly readOnly: boolean;
  /** The scratch account's name, chosen by the caller so it can announce it first. @default a random name */
  readonly scratchName?: string;
  /** One line per step, for stderr. Never values. */
  readonly progress?: (line: string) => void;
  /** For tests: faster retries, shorter timeouts. */
  readonly clientOverrides?: Partial<Pick<PortalClientOptions, "retry" | "timeoutMs">>;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** The check cannot go on: no probe after this can say anything. */
class CheckStopped extends Error {
  override readonly name = "CheckStopped";
}

const LIST_FAILED = "the check stopped before this probe ran";

/**
 * Runs every probe against the portal and reports each assumption as holding, differing or not checked. In scratch
 * mode it creates the scratch accounts first and deletes them in a `finally`, so they go on every path, and the
 * report names any it could not delete. Never throws once the client exists: a failure becomes the report's
 * `error`. Everything in the report passes through the client's redactor, which knows the API key and every
 * secret the portal sent or was sent.
 */
export async function runCheck(options: RunCheckOptions): Promise<CheckReport> {
  const progress = options.progress ?? (() => undefined);
  const responses = new ResponseLog();
  const timeoutMs = options.clientOverrides?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const agent = observingAgent(responses, { connections: 4, timeoutMs });
  const limiter = new RateLimiter(DEFAULT_RATE_LIMIT);
  const clientOptions = (apiKey: string): PortalClientOptions => ({
    apiUrl: options.apiUrl,
    apiKey,
    ...(options.insecureHttp ? { insecureHttp: true } : {}),
    userAgent: `voicegateway-iac/${VERSION} check-portal`,
    rateLimit: limiter,
    dispatcher: agent.dispatcher,
    ...options.clientOverrides,
  });
  const clients: PortalClient[] = [];
  try {
    const client = options.readOnly
      ? new ReadOnlyCheckClient(clientOptions(options.apiKey))
      : new PortalClient(clientOptions(options.apiKey));
    clients.push(client);
    return await checkWith(client, options, responses, progress, (apiKey) => {
      const other = new PortalClient({ ...clientOptions(apiKey), redactor: client.redactor });
      clients.push(other);
      return other;
    });
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await agent.close();
  }
}

async function checkWith(
  client: PortalClient,
  options: RunCheckOptions,
  responses: ResponseLog,
  progress: (line: string) => void,
  clientFor: (apiKey: string) => PortalClient,
): Promise<CheckReport> {
  const configuredSp = options.serviceProviderSid;
  const listPath = configuredSp ? ["ServiceProviders", configuredSp, "Accounts"] : ["Accounts"];
  const accountList = async () => {
    const body = await client.get(listPath);
    return Array.isArray(body) ? body.filter((a): a is Record<string, unknown> => typeof a === "object" && a !== null) : [];
  };
  const results = new Map<string, ProbeResult>();
  let keyScope: KeyScope = "unknown";
  let scratch: ScratchAccounts | undefined;
  let scratchReports: readonly ScratchAccountReport[] = [];
  let stopped: string | undefined;

  const run = async (probe: Probe, ctx: ProbeContext) => {
    progress(`checking ${probe.id}`);
    let outcome: ProbeOutcome;
    try {
      outcome = await probe.run(ctx);
    } catch (error) {
      outcome = notChecked("error", `the probe failed: ${errorMessage(error)}`);
    }
    results.set(probe.id, { id: probe.id, title: probe.title, expected: probe.expected, ...outcome });
  };

  try {
    const detected = await detectKeyScope(client, options.apiKey, configuredSp, await accountList());
    keyScope = detected.scope;
    progress(`API key scope: ${keyScope.replace("_", " ")}`);
    const ctx = (withScratch: ScratchAccounts | undefined): ProbeContext => ({
      client,
      keyScope,
      serviceProviderSid: detected.serviceProviderSid,
      scratch: withScratch,
      responses,
      accountList,
      clientFor,
    });
    if (options.readOnly) {
      for (const probe of PROBES) await run(probe, ctx(undefined));
    } else {
      if (keyScope === "account")
        throw new CheckStopped("an account-scope API key cannot create accounts: use an admin or service-provider key, or --read-only");
      if (!configuredSp && keyScope !== "service_provider") {
        throw new CheckStopped(
          "set VOICEGATEWAY_SERVICE_PROVIDER_SID (or --service-provider-sid): the scratch account is created in that service provider",
        );
      }
      scratch = new ScratchAccounts(client, configuredSp, options.scratchName ?? scratchAccountName());
      try {
        progress(`creating scratch account ${scratch.name}`);
        const refused = await scratch.createPrimary();
        if (refused) throw new CheckStopped(`the portal refused to create the scratch account: ${describeAnswer(refused)}`);
        for (const probe of PROBES.filter((p) => !p.afterCleanup)) await run(probe, ctx(scratch));
      } finally {
        if (scratch.sids.length > 0) progress(`deleting scratch account(s) ${scratch.sids.join(", ")}`);
        scratchReports = await scratch.cleanup();
      }
      for (const probe of PROBES.filter((p) => p.afterCleanup)) await run(probe, ctx(scratch));
    }
  } catch (error) {
    stopped = errorMessage(error);
  }

  const probes = PROBES.map(
    (p) => results.get(p.id) ?? { id: p.id, title: p.title, expected: p.expected, ...notChecked("error", LIST_FAILED) },
  );
  const cleanupFailed = scratchReports.some((a) => !a.deleted);
  const failed = stopped !== undefined || cleanupFailed || probes.some((p) => p.status === "could-not-check" && p.cause === "error");
  const differing = probes.some((p) => p.status === "differs");
  const report: CheckReport = {
    formatVersion: 1,
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    apiUrl: client.apiUrl,
    mode: options.readOnly ? "read-only" : "scratch",
    keyScope,
    status: failed ? "error" : differing ? "differs" : "holds",
    exitCode: failed ? 1 : differing ? 2 : 0,
    probes,
    scratchAccounts: scratchReports,
    requests: responses.all().length,
    ...(stopped !== undefined ? { error: stopped } : {}),
  };
  return redacted(report, client.redactor);
}

function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 400 ? `${message.slice(0, 400)}…` : message;
}

/** Every string of the report through the redactor: even a bug elsewhere cannot print a secret. */
function redacted<T>(value: T, redactor: Redactor): T {
  if (typeof value === "string") return redactor.redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redacted(v, redactor)) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redacted(v, redactor)])) as T;
  }
  return value;
}
