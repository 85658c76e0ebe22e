import { isUnknown } from "../core/schema/unknown";
import type { SchemaAttribute } from "./protocol/schema-types";
import { VERSION } from "../version";

/** The provider block. Each connection setting falls back to a `VOICEGATEWAY_*` environment variable. */
export const providerConfigAttributes: Record<string, SchemaAttribute> = {
  api_url: {
    type: "string",
    optional: true,
    description:
      "Base URL of the portal API including its version path, e.g. `https://vg.example.com/api/v1` or `http://127.0.0.1:3000/v1`. Defaults to `VOICEGATEWAY_API_URL`.",
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
      "Service provider that owns new accounts. An admin key needs one; a service-provider key implies its own. Defaults to `VOICEGATEWAY_SERVICE_PROVIDER_SID`.",
  },
  insecure_http: {
    type: "bool",
    optional: true,
    description: "Allow plain `http://` to a host that is not loopback (the API key then travels unencrypted). Defaults to `false`.",
  },
  request_timeout_secs: {
    type: "number",
    optional: true,
    description: "Time allowed for one request attempt, in seconds. Defaults to `30`.",
  },
  max_retries: {
    type: "number",
    optional: true,
    description: "Retries of a request after a 429, 502, 503, 504 or connection error (never for a 500, never for a create that may have arrived). Defaults to `5`.",
  },
  rate_limit_requests: {
    type: "number",
    optional: true,
    description: "Requests the portal allows per window, shared by every caller (its default is 600 per 5 minutes). Defaults to `600`.",
  },
  rate_limit_window_secs: {
    type: "number",
    optional: true,
    description: "Length of the portal's rate-limit window, in seconds. Defaults to `300`.",
  },
  rate_limit_reserve_percent: {
    type: "number",
    optional: true,
    description: "Share of the window left for other callers (portal users, other pipelines). Defaults to `10`.",
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
  readonly userAgent: string;
}

export interface SettingsProblem {
  readonly attribute: string;
  readonly summary: string;
  readonly detail: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * Provider settings from the configuration and the environment. `unknown: true` when part of the configuration is
 * only known after apply (it refers to a resource); the provider then cannot call the portal yet.
 */
export function resolveProviderSettings(
  config: Record<string, unknown>,
  env: Env,
): { settings: ProviderSettings; problems: [] } | { settings?: undefined; problems: SettingsProblem[]; unknown?: boolean } {
  if (Object.values(config).some(isUnknown)) return { problems: [], unknown: true };
  const problems: SettingsProblem[] = [];
  // Counts (retries, requests) must be whole: the client refuses fractions, and only when it first calls the portal.
  const number = (name: string, fallback: number, min: number, max: number, whole = false): number => {
    const value = config[name];
    if (value === null || value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max || (whole && !Number.isInteger(value))) {
      const allowed = `${whole ? "a whole number" : "a number"} from ${min} to ${max}`;
      problems.push({ attribute: name, summary: `Invalid ${name}`, detail: `${name} = ${String(value)} is not allowed: use ${allowed}.` });
      return fallback;
    }
    return value;
  };
  const apiUrl = text(config.api_url) ?? text(env.VOICEGATEWAY_API_URL);
  const apiKey = text(config.api_key) ?? text(env.VOICEGATEWAY_API_KEY);
  if (!apiUrl) {
    problems.push({
      attribute: "api_url",
      summary: "Missing portal API URL",
      detail: "Set api_url in the provider block or VOICEGATEWAY_API_URL, e.g. https://vg.example.com/api/v1 (include the version path).",
    });
  }
  if (!apiKey) {
    problems.push({
      attribute: "api_key",
      summary: "Missing portal API key",
      detail: "Set api_key in the provider block or VOICEGATEWAY_API_KEY (an admin or service-provider API key).",
    });
  }
  const serviceProviderSid = text(config.service_provider_sid) ?? text(env.VOICEGATEWAY_SERVICE_PROVIDER_SID);
  const timeoutSecs = number("request_timeout_secs", 30, 1, 600);
  const maxRetries = number("max_retries", 5, 0, 20, true);
  const requests = number("rate_limit_requests", 600, 1, 1_000_000, true);
  const windowSecs = number("rate_limit_window_secs", 300, 1, 86_400);
  const reservePercent = number("rate_limit_reserve_percent", 10, 0, 90);
  if (problems.length > 0 || !apiUrl || !apiKey) return { problems };
  return {
    problems: [],
    settings: {
      apiUrl,
      apiKey,
      ...(serviceProviderSid ? { serviceProviderSid } : {}),
      insecureHttp: config.insecure_http === true,
      timeoutMs: timeoutSecs * 1000,
      maxRetries,
      rateLimit: { requests, windowMs: windowSecs * 1000, reserve: reservePercent / 100 },
      userAgent: `voicegateway-iac/${VERSION} terraform-provider`,
    },
  };
}
