/**
 * `PortalClient` options: their shape, defaults and validation. Every problem is reported at once, naming the
 * option, the bad value (never the API key) and what is allowed (AWS CDK style).
 */
import { type Dispatcher } from "undici";
import { type Clock, systemClock } from "./clock";
import { type ClientConfigIssue, PortalClientConfigError, PortalInsecureUrlError } from "./errors";
import { noopLogger, type PortalLogger } from "./logger";
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions, rateLimitProblems } from "./rate-limiter";
import { Redactor } from "./redact";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, retryPolicyProblems } from "./retry-policy";

export interface PortalClientOptions {
  /**
   * API base URL including its version path: `https://vg.example.com/api/v1` (through the portal host) or
   * `https://api.example.com/v1`. No query string, fragment or credentials.
   */
  readonly apiUrl: string;
  /** Bearer token: an API key (admin or service-provider scope recommended; portal-behaviour.md §1.1). */
  readonly apiKey: string;
  /**
   * Allow plain http to a host that is not loopback. The API key then travels unencrypted.
   * @default false - http only for 127.0.0.0/8, ::1 and localhost
   */
  readonly insecureHttp?: boolean;
  /** Time allowed for one attempt, from sending to the end of the body (not counting rate-limiter waits). @default 30000 */
  readonly timeoutMs?: number;
  /** Overrides of `DEFAULT_RETRY_POLICY`. @default - the default policy */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Client-side rate limit: options for a limiter of this client, a `RateLimiter` shared with other clients, or
   * `false` for none.
   * @default { requests: 600, windowMs: 300000, reserve: 0 }
   */
  readonly rateLimit?: RateLimitOptions | RateLimiter | false;
  /**
   * Requests in flight at once. The default matches terraform's default `-parallelism` of 10: measured against the
   * emulator with 20 ms of latency, a refresh of 200 accounts took 14.6 s at 1, 4.8 s at 4, 2.4 s at 10 and no less
   * at 16.
   * @default 10
   */
  readonly concurrency?: number;
  /**
   * PEM certificates of CAs to trust besides Node's bundled store (`tls.rootCertificates`), for the client's own
   * Agent: what NODE_EXTRA_CA_CERTS does for a whole process, here for the portal connection alone. The connection
   * then trusts exactly those two sets: CAs that NODE_EXTRA_CA_CERTS or `--use-openssl-ca` add to the process are
   * not among them. Not with `dispatcher` (configure that one).
   * @default - Node's CA store as the process has it
   */
  readonly extraCaCertificates?: string;
  /**
   * undici dispatcher to send through (a MockAgent in tests, a proxy agent). The client never closes a dispatcher
   * it was given.
   * @default - an Agent owned by the client, closed by `close()`
   */
  readonly dispatcher?: Dispatcher;
  /** @default - logs nothing */
  readonly logger?: PortalLogger;
  /** @default "voicegateway-iac" - callers should pass `voicegateway-iac/<version>` */
  readonly userAgent?: string;
  /** Time source of the rate limiter and backoff. @default systemClock */
  readonly clock?: Clock;
  /** Uniform random in [0, 1) for backoff jitter. @default Math.random */
  readonly random?: () => number;
  /** Redactor to register the API key with and use for errors. @default - a new Redactor of this client */
  readonly redactor?: Redactor;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONCURRENCY = 10;
/** The environment variable every front end reads `concurrency` from when nothing else sets it. */
export const MAX_CONCURRENT_REQUESTS_VARIABLE = "VOICEGATEWAY_MAX_CONCURRENT_REQUESTS";
export const DEFAULT_USER_AGENT = "voicegateway-iac";

/** Whether text holds a PEM certificate, as `extraCaCertificates` must. */
export const holdsPemCertificate = (text: string): boolean => text.includes("-----BEGIN CERTIFICATE-----");

/** Options after defaults and validation. */
export interface ResolvedClientOptions {
  /** Normalised API URL (no trailing slash). */
  readonly apiUrl: string;
  /** `https://host[:port]`. */
  readonly origin: string;
  /** Path of the API base, e.g. `/api/v1` (no trailing slash; "" for the root). */
  readonly basePath: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy;
  readonly rateLimiter: RateLimiter | undefined;
  readonly concurrency: number;
  readonly dispatcher: Dispatcher | undefined;
  readonly extraCaCertificates: string | undefined;
  readonly logger: PortalLogger;
  readonly userAgent: string;
  readonly clock: Clock;
  readonly random: () => number;
  readonly redactor: Redactor;
}

const KNOWN_OPTIONS = new Set([
  "apiUrl",
  "apiKey",
  "insecureHttp",
  "timeoutMs",
  "retry",
  "rateLimit",
  "concurrency",
  "dispatcher",
  "extraCaCertificates",
  "logger",
  "userAgent",
  "clock",
  "random",
  "redactor",
]);

/**
 * Applies defaults and validates. Throws `PortalInsecureUrlError` for plain http to a non-loopback host without
 * `insecureHttp: true`, and `PortalClientConfigError` listing every other problem.
 */
export function resolveClientOptions(options: PortalClientOptions): ResolvedClientOptions {
  if (typeof options !== "object" || options === null) {
    throw new PortalClientConfigError([{ option: "options", message: "options: expected an object with at least apiUrl and apiKey" }]);
  }
  const redactor = options.redactor instanceof Redactor ? options.redactor : new Redactor();
  // register first, so nothing below can print it
  if (typeof options.apiKey === "string") redactor.addSecret(options.apiKey);
  const issues: ClientConfigIssue[] = [];
  const issue = (option: string, message: string): void => {
    issues.push({ option, message });
  };

  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) issue(key, `${key}: unknown option; known options are ${[...KNOWN_OPTIONS].join(", ")}`);
  }
  if (options.redactor !== undefined && !(options.redactor instanceof Redactor)) {
    issue("redactor", "redactor: expected a Redactor instance");
  }

  // apiKey: never shown, not even in part
  const { apiKey } = options;
  if (typeof apiKey !== "string" || apiKey.trim().length === 0) {
    issue("apiKey", "apiKey (api_key, VOICEGATEWAY_API_KEY): missing; expected the portal API key (value not shown)");
  } else if (/^bearer\s/i.test(apiKey)) {
    issue("apiKey", 'apiKey (api_key): give the key itself, without the "Bearer " prefix (value not shown)');
  } else if (/[\s\u0000-\u001f\u007f]/.test(apiKey) || !/^[\x21-\x7e]+$/.test(apiKey)) {
    issue(
      "apiKey",
      "apiKey (api_key): contains whitespace, control or non-ASCII characters; expected a token such as a UUID (value not shown)",
    );
  }

  if (options.insecureHttp !== undefined && typeof options.insecureHttp !== "boolean") {
    issue("insecureHttp", `insecureHttp (insecure_http): got ${show(options.insecureHttp, redactor)}; expected true or false`);
  }

  const url = checkApiUrl(options.apiUrl, redactor, issue);
  let insecure: ClientConfigIssue | undefined;
  if (url !== undefined && url.protocol === "http:" && options.insecureHttp !== true && !isLoopbackHost(url.hostname)) {
    insecure = {
      option: "apiUrl",
      message:
        `apiUrl (api_url): got ${show(options.apiUrl, redactor)}, which uses plain http to a host that is not loopback, so the API key would travel unencrypted. ` +
        `Use https, or set insecureHttp: true (insecure_http = true) to allow plain http explicitly. ` +
        `Without it, plain http is allowed only for 127.0.0.0/8, ::1 and localhost.`,
    };
  }

  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (typeof timeoutMs !== "number" || !Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 600_000) {
    issue("timeoutMs", `timeoutMs: got ${show(timeoutMs, redactor)}; expected whole milliseconds from 1 to 600000`);
  }

  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (typeof concurrency !== "number" || !Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    issue("concurrency", `concurrency: got ${show(concurrency, redactor)}; expected a whole number of requests in flight from 1 to 64`);
  }

  let retry: RetryPolicy = DEFAULT_RETRY_POLICY;
  if (options.retry !== undefined) {
    if (typeof options.retry !== "object" || options.retry === null) {
      issue("retry", `retry: got ${show(options.retry, redactor)}; expected an object with RetryPolicy fields`);
    } else {
      for (const key of Object.keys(options.retry)) {
        if (!(key in DEFAULT_RETRY_POLICY))
          issue(
            `retry.${key}`,
            `retry.${key}: unknown retry policy field; known fields are ${Object.keys(DEFAULT_RETRY_POLICY).join(", ")}`,
          );
      }
      const merged = { ...DEFAULT_RETRY_POLICY, ...dropUndefined(options.retry) } as RetryPolicy;
      const problems = retryPolicyProblems(merged);
      for (const problem of problems) issue(problem.slice(0, problem.indexOf(":")), problem);
      if (problems.length === 0) {
        retry = Object.freeze({
          ...merged,
          idempotentMethods: Object.freeze(merged.idempotentMethods.map((m) => m.toUpperCase())),
          retryStatuses: Object.freeze([...merged.retryStatuses]),
          retryErrorCodes: Object.freeze([...merged.retryErrorCodes]),
          neverSentErrorCodes: Object.freeze([...merged.neverSentErrorCodes]),
        });
      }
    }
  }

  const clock = options.clock ?? systemClock;
  if (typeof clock !== "object" || clock === null || typeof clock.now !== "function" || typeof clock.sleep !== "function") {
    issue("clock", "clock: expected an object with now() and sleep(ms, signal?)");
  }
  const random = options.random ?? Math.random;
  if (typeof random !== "function") issue("random", "random: expected a function returning a number in [0, 1)");

  let rateLimiter: RateLimiter | undefined;
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  if (rateLimit === false) {
    rateLimiter = undefined;
  } else if (rateLimit instanceof RateLimiter) {
    rateLimiter = rateLimit;
  } else {
    const problems = rateLimitProblems(rateLimit);
    issues.push(...problems);
    if (problems.length === 0 && issues.every((i) => i.option !== "clock")) rateLimiter = new RateLimiter(rateLimit, clock);
  }

  const logger = options.logger ?? noopLogger;
  if (typeof logger !== "object" || logger === null || typeof logger.debug !== "function") {
    issue("logger", "logger: expected an object with a debug(message, fields) method");
  }

  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  if (typeof userAgent !== "string" || !/^[\x20-\x7e]{1,200}$/.test(userAgent)) {
    issue(
      "userAgent",
      `userAgent: got ${show(userAgent, redactor)}; expected 1 to 200 printable ASCII characters, e.g. "voicegateway-iac/1.2.3"`,
    );
  }

  const dispatcher = options.dispatcher;
  if (dispatcher !== undefined && (typeof dispatcher !== "object" || dispatcher === null || typeof dispatcher.request !== "function")) {
    issue("dispatcher", "dispatcher: expected an undici Dispatcher (Agent, Pool, MockAgent, ProxyAgent)");
  }

  const { extraCaCertificates } = options;
  if (extraCaCertificates !== undefined) {
    if (typeof extraCaCertificates !== "string" || !holdsPemCertificate(extraCaCertificates)) {
      issue(
        "extraCaCertificates",
        `extraCaCertificates: got ${typeof extraCaCertificates === "string" ? "text without a PEM certificate" : show(extraCaCertificates, redactor)}; expected PEM text with one or more "-----BEGIN CERTIFICATE-----" blocks`,
      );
    } else if (dispatcher !== undefined) {
      issue(
        "extraCaCertificates",
        "extraCaCertificates: applies to the client's own Agent only; give the CA certificates to the dispatcher instead",
      );
    }
  }

  // an insecure URL is its own error class; it comes first when there are other problems too
  if (insecure !== undefined) throw new PortalInsecureUrlError([insecure, ...issues], { redactor });
  if (issues.length > 0 || url === undefined) throw new PortalClientConfigError(issues, { redactor });

  return {
    apiUrl: `${url.origin}${url.basePath}`,
    origin: url.origin,
    basePath: url.basePath,
    apiKey: apiKey as string,
    timeoutMs,
    retry,
    rateLimiter,
    concurrency,
    dispatcher,
    extraCaCertificates,
    logger,
    userAgent,
    clock,
    random,
    redactor,
  };
}

function checkApiUrl(
  apiUrl: unknown,
  redactor: Redactor,
  issue: (option: string, message: string) => void,
): { origin: string; basePath: string; protocol: string; hostname: string } | undefined {
  const example = "for example https://vg.example.com/api/v1 or http://127.0.0.1:3000/v1";
  if (typeof apiUrl !== "string" || apiUrl.trim().length === 0) {
    issue("apiUrl", `apiUrl (api_url, VOICEGATEWAY_API_URL): missing; expected the API base URL including its version path, ${example}`);
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(apiUrl.trim());
  } catch {
    issue("apiUrl", `apiUrl (api_url): got ${show(apiUrl, redactor)}, which is not an absolute URL; expected the API base URL, ${example}`);
    return undefined;
  }
  if (url.username !== "" || url.password !== "") {
    url.username = "";
    url.password = "";
    issue(
      "apiUrl",
      `apiUrl (api_url): must not contain credentials (got ${show(url.href, redactor)} with user info removed); pass the API key as apiKey`,
    );
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    issue("apiUrl", `apiUrl (api_url): got ${show(apiUrl, redactor)}; the scheme must be https (or http for a loopback host)`);
    return undefined;
  }
  if (url.search !== "" || url.hash !== "") {
    issue("apiUrl", `apiUrl (api_url): got ${show(apiUrl, redactor)}; it must not contain a query string or fragment, ${example}`);
    return undefined;
  }
  return { origin: url.origin, basePath: url.pathname.replace(/\/+$/, ""), protocol: url.protocol, hostname: url.hostname };
}

/** 127.0.0.0/8, ::1 (also as an IPv4-mapped 127.x address) and `localhost`. Takes `URL.hostname`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[/, "").replace(/\]$/, "").replace(/\.$/, "");
  if (host === "localhost") return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return host.split(".").every((part) => Number(part) <= 255);
  if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  return /^::ffff:(7f[0-9a-f]{2}:[0-9a-f]{1,4}|127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/.test(host);
}

function show(value: unknown, redactor: Redactor): string {
  let text: string;
  try {
    text =
      typeof value === "string"
        ? JSON.stringify(value)
        : typeof value === "function"
          ? "a function"
          : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  text = redactor.redact(text);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}

function dropUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
