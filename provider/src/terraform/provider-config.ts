import { DEFAULT_CONCURRENCY, MAX_CONCURRENT_REQUESTS_VARIABLE, PortalClientConfigError, type PortalClientOptions } from "../core/client";
import { resolveClientOptions } from "../core/client/options";
import { isUnknown } from "../core/schema/unknown";
import { uuidProblem } from "../core/validation/formats";
import { VERSION } from "../version";
import { type SchemaAttribute } from "./protocol/schema-types";

/**
 * The provider block: its attributes, and its values turned into the portal client's settings. Each connection
 * setting falls back to a `VOICEGATEWAY_*` environment variable. Everything the portal client will be given is
 * checked here, by the client's own rules, so that a bad value fails at plan with its attribute (or variable)
 * named, never at the first request.
 */
export const providerConfigAttributes: Record<string, SchemaAttribute> = {
  api_url: {
    type: "string",
    optional: true,
    description:
      "Base URL of the portal API including its version path, e.g. `https://vg.example.com/api/v1` or `http://127.0.0.1:3000/v1`: https, or plain http to a loopback host (any other host needs `insecure_http`); no credentials, query or fragment. Defaults to `VOICEGATEWAY_API_URL`.",
  },
  api_key: {
    type: "string",
    optional: true,
    sensitive: true,
    description:
      "API key (bearer token). Use an admin or service-provider key: account keys cannot create accounts. Defaults to `VOICEGATEWAY_API_KEY`.",
  },
  service_provider_sid: {
    type: "string",
    optional: true,
    description:
      "Service provider (its SID, a UUID) that owns new accounts. An admin key needs one; a service-provider key implies its own. Defaults to `VOICEGATEWAY_SERVICE_PROVIDER_SID`.",
  },
  insecure_http: {
    type: "bool",
    optional: true,
    description: "Allow plain `http://` to a host that is not loopback (the API key then travels unencrypted). Defaults to `false`.",
  },
  request_timeout_secs: {
    type: "number",
    optional: true,
    description: "Time allowed for one request attempt, in whole seconds from 1 to 600. Defaults to `30`.",
  },
  max_retries: {
    type: "number",
    optional: true,
    description:
      "Retries of a request after a 429, 502, 503, 504 or connection error (never for a 500, never for a create that may have arrived): a whole number from 0 to 20. Defaults to `5`.",
  },
  rate_limit_requests: {
    type: "number",
    optional: true,
    description:
      "Requests the portal allows per window, shared by every caller (its default is 600 per 5 minutes): a whole number from 1 to 1000000. Defaults to `600`.",
  },
  rate_limit_window_secs: {
    type: "number",
    optional: true,
    description: "Length of the portal's rate-limit window, in whole seconds from 1 to 86400. Defaults to `300`.",
  },
  rate_limit_reserve_percent: {
    type: "number",
    optional: true,
    description:
      "Share of the window left for other callers (portal users, other pipelines), in whole percent from 0 to 90. Defaults to `10`.",
  },
  max_concurrent_requests: {
    type: "number",
    optional: true,
    description:
      "Requests the provider keeps in flight at once, a whole number from 1 to 64. Raise it with terraform's `-parallelism` for a portal far away; the portal's rate limit still paces the total. Defaults to `VOICEGATEWAY_MAX_CONCURRENT_REQUESTS`, else `10` (terraform's default parallelism).",
  },
};

export interface ProviderSettings {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly serviceProviderSid?: string;
  readonly insecureHttp: boolean;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly rateLimit: { readonly requests: number; readonly windowMs: number; readonly reserve: number };
  readonly maxConcurrentRequests: number;
  readonly userAgent: string;
}

export interface SettingsProblem {
  /** The attribute to point at; absent when the value came from an environment variable, is missing, or is the key. */
  readonly attribute?: string;
  readonly summary: string;
  readonly detail: string;
}

export type ProviderConfigCheck =
  | { readonly settings: ProviderSettings; readonly problems: readonly []; readonly unknown: false }
  | { readonly settings?: undefined; readonly problems: readonly SettingsProblem[]; readonly unknown: boolean };

type Env = Readonly<Record<string, string | undefined>>;

type WholeNumber = keyof typeof WHOLE_NUMBERS;

/** Whole-number settings, in the units of the provider block. */
const WHOLE_NUMBERS = {
  request_timeout_secs: { fallback: 30, min: 1, max: 600 },
  max_retries: { fallback: 5, min: 0, max: 20 },
  rate_limit_requests: { fallback: 600, min: 1, max: 1_000_000 },
  rate_limit_window_secs: { fallback: 300, min: 1, max: 86_400 },
  rate_limit_reserve_percent: { fallback: 10, min: 0, max: 90 },
  max_concurrent_requests: { fallback: DEFAULT_CONCURRENCY, min: 1, max: 64 },
} as const;

/** Whole-number settings that fall back to an environment variable. */
const NUMBER_VARIABLES: Partial<Record<WholeNumber, string>> = { max_concurrent_requests: MAX_CONCURRENT_REQUESTS_VARIABLE };

/** The settings that fall back to an environment variable. */
const VARIABLES = {
  api_url: "VOICEGATEWAY_API_URL",
  api_key: "VOICEGATEWAY_API_KEY",
  service_provider_sid: "VOICEGATEWAY_SERVICE_PROVIDER_SID",
} as const;

/** The provider-block setting behind each portal client option, to report the client's issues where they belong. */
const SETTING_OF_OPTION: Readonly<Record<string, string>> = {
  apiUrl: "api_url",
  apiKey: "api_key",
  insecureHttp: "insecure_http",
  timeoutMs: "request_timeout_secs",
  "retry.maxRetries": "max_retries",
  "rateLimit.requests": "rate_limit_requests",
  "rateLimit.windowMs": "rate_limit_window_secs",
  "rateLimit.reserve": "rate_limit_reserve_percent",
  concurrency: "max_concurrent_requests",
};

/** Where a setting's value came from: `name` is the attribute or the environment variable that gave it. */
type Source =
  | { readonly state: "given"; readonly value: unknown; readonly name: string; readonly attribute?: string }
  | { readonly state: "unknown" }
  | { readonly state: "missing" };

/** The portal client options of these settings (handlerContext adds the logger). */
export function portalClientOptions(settings: ProviderSettings): PortalClientOptions {
  return {
    apiUrl: settings.apiUrl,
    apiKey: settings.apiKey,
    insecureHttp: settings.insecureHttp,
    timeoutMs: settings.timeoutMs,
    retry: { maxRetries: settings.maxRetries },
    rateLimit: settings.rateLimit,
    concurrency: settings.maxConcurrentRequests,
    userAgent: settings.userAgent,
  };
}

/**
 * ValidateProviderConfig: the problems of every known value in the block. The environment is not consulted yet,
 * so a missing URL or key is no problem here; values known only after apply are checked when they are known.
 */
export function providerConfigProblems(config: Readonly<Record<string, unknown>>): readonly SettingsProblem[] {
  return checkProviderConfig(config, undefined).problems;
}

/**
 * ConfigureProvider: the settings from the block and the environment, or every problem with them. `unknown` when
 * part of the block is only known after apply (it refers to a resource): the portal cannot be called yet.
 */
export function resolveProviderSettings(config: Readonly<Record<string, unknown>>, env: Env): ProviderConfigCheck {
  return checkProviderConfig(config, env);
}

function checkProviderConfig(config: Readonly<Record<string, unknown>>, env: Env | undefined): ProviderConfigCheck {
  const problems: SettingsProblem[] = [];
  const sources: Record<string, Source> = {};
  const numbers = {} as Record<WholeNumber, number>;
  for (const [name, rule] of Object.entries(WHOLE_NUMBERS) as [WholeNumber, (typeof WHOLE_NUMBERS)[WholeNumber]][]) {
    const variable = NUMBER_VARIABLES[name];
    let source = fromBlock(config, name);
    // A variable gives text: a number only when it is one ("8"), so that "8 " or "eight" is refused, not misread.
    if (source.state === "missing" && variable && env?.[variable]) {
      const text = env[variable]!;
      source = { state: "given", value: /^\d+$/.test(text) ? Number(text) : text, name: variable };
    }
    sources[name] = source;
    numbers[name] = rule.fallback;
    if (source.state !== "given") continue;
    const { value } = source;
    if (typeof value === "number" && Number.isInteger(value) && value >= rule.min && value <= rule.max) {
      numbers[name] = value;
    } else {
      const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
      problems.push({
        ...at(source),
        summary: `Invalid ${source.name}`,
        detail: `${source.name} = ${shown} is not allowed: use a whole number from ${rule.min} to ${rule.max}.`,
      });
    }
  }
  sources.insecure_http = fromBlock(config, "insecure_http");
  for (const name of Object.keys(VARIABLES) as (keyof typeof VARIABLES)[]) sources[name] = fromBlockOrEnv(config, env, name);

  const sid = sources.service_provider_sid!;
  const sidProblem = sid.state === "given" ? uuidProblem(String(sid.value)) : undefined;
  if (sid.state === "given" && sidProblem) {
    problems.push({ ...at(sid), summary: `Invalid ${sid.name}`, detail: `${sid.name}: ${JSON.stringify(sid.value)} ${sidProblem}.` });
  }

  const candidate: ProviderSettings = {
    apiUrl: givenText(sources.api_url!),
    apiKey: givenText(sources.api_key!),
    ...(sid.state === "given" ? { serviceProviderSid: String(sid.value) } : {}),
    // Until insecure_http is known, plain http cannot be refused; ConfigureProvider sees its final value.
    insecureHttp:
      sources.insecure_http.state === "unknown" || (sources.insecure_http.state === "given" && sources.insecure_http.value === true),
    timeoutMs: numbers.request_timeout_secs * 1000,
    maxRetries: numbers.max_retries,
    rateLimit: {
      requests: numbers.rate_limit_requests,
      windowMs: numbers.rate_limit_window_secs * 1000,
      reserve: numbers.rate_limit_reserve_percent / 100,
    },
    maxConcurrentRequests: numbers.max_concurrent_requests,
    userAgent: `voicegateway-iac/${VERSION} terraform-provider`,
  };
  problems.push(...clientProblems(candidate, sources, env !== undefined));

  const unknown = Object.values(sources).some((source) => source.state === "unknown");
  if (env === undefined || problems.length > 0 || unknown) return { problems, unknown };
  return { settings: candidate, problems: [], unknown: false };
}

/** The portal client's checks of the options it would be given, reported against the settings they came from. */
function clientProblems(candidate: ProviderSettings, sources: Readonly<Record<string, Source>>, configuring: boolean): SettingsProblem[] {
  try {
    resolveClientOptions(portalClientOptions(candidate));
    return [];
  } catch (error) {
    if (!PortalClientConfigError.is(error)) throw error;
    const problems: SettingsProblem[] = [];
    for (const issue of error.issues) {
      const setting = SETTING_OF_OPTION[issue.option];
      const source = setting === undefined ? undefined : sources[setting];
      if (setting === undefined || source === undefined) {
        problems.push({ summary: "Invalid Provider Configuration", detail: issue.message });
      } else if (source.state === "given") {
        problems.push({ ...at(source), summary: `Invalid ${source.name}`, detail: inTermsOf(issue.message, source.name) });
      } else if (source.state === "missing" && configuring) {
        const variable = VARIABLES[setting as keyof typeof VARIABLES];
        const name = variable ? `${setting} or ${variable}` : setting;
        problems.push({ summary: `Missing ${setting}`, detail: inTermsOf(issue.message, name) });
      }
      // Unknown values, and values the environment may still give, are checked by ConfigureProvider.
    }
    return problems;
  }
}

function fromBlock(config: Readonly<Record<string, unknown>>, attribute: string): Source {
  const value = config[attribute];
  if (isUnknown(value)) return { state: "unknown" };
  if (value === null || value === undefined || value === "") return { state: "missing" };
  return { state: "given", value, name: attribute, attribute };
}

function fromBlockOrEnv(config: Readonly<Record<string, unknown>>, env: Env | undefined, attribute: keyof typeof VARIABLES): Source {
  const source = fromBlock(config, attribute);
  const variable = VARIABLES[attribute];
  const value = env?.[variable];
  if (source.state === "missing" && value) return { state: "given", value, name: variable };
  return source;
}

/** The attribute a problem points at, unless terraform must not quote its line (`quotable`). */
const at = (source: Source): { attribute?: string } =>
  source.state === "given" && source.attribute && quotable(source.attribute, source.value) ? { attribute: source.attribute } : {};

/**
 * terraform prints the source line of the attribute a diagnostic points at. For the key, and for a URL with user
 * info or a query (a password, a token), that line may hold a secret: such problems point at the provider block,
 * and their message names the attribute.
 */
function quotable(attribute: string, value: unknown): boolean {
  if (attribute === "api_key") return false;
  if (attribute !== "api_url") return true;
  try {
    const url = new URL(String(value).trim());
    return url.username === "" && url.password === "" && url.search === "" && url.hash === "";
  } catch {
    return true;
  }
}

const givenText = (source: Source): string => (source.state === "given" ? String(source.value) : "");

/** The client names options in its API's terms ("apiUrl (api_url): got ..."); say it in the user's. */
function inTermsOf(message: string, name: string): string {
  return `${name}: ${message.replace(/^[\w.]+(?: \([^)]*\))?: /, "")}`;
}
