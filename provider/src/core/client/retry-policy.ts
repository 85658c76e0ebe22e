/**
 * When the client repeats a request: the policy is plain data, the decision a pure function over it.
 *
 * Modelled on undici's RetryHandler defaults, with two deliberate differences for this portal:
 * - 500 is never retried. The portal answers 500 for many invalid inputs (a missing recording field, an FK
 *   violation; portal-behaviour.md §1.2), so repeating the request only delays the real message.
 * - POST is retried only when the request provably never left this machine (connection refused, DNS failure,
 *   connect timeout). The API has no idempotency keys, so a blind retry can create a second account or API key
 *   (portal-behaviour.md §8). Stripe retries POSTs only because it sends idempotency keys; we cannot.
 *
 * GET, PUT and DELETE are retried on 429, 502/503/504 and connection-level errors. Note that PUT and DELETE are
 * "idempotent" only loosely on this portal: a retried PUT that carries hooks creates another webhook row, and a
 * retried DELETE whose first attempt succeeded sees "missing" (500 for admins; portal-behaviour.md §11.13).
 */
import { type HeaderMap, headerValue, parseRateLimitHeaders, parseRetryAfter } from "./headers";

export interface RetryPolicy {
  /** Retries after the first attempt: at most `maxRetries + 1` requests. @default 5 */
  readonly maxRetries: number;
  /** Backoff ceiling for the first retry; doubles (times `backoffFactor`) per retry. @default 500 */
  readonly baseDelayMs: number;
  /** Backoff ceiling never grows past this. @default 30000 */
  readonly maxDelayMs: number;
  /** @default 2 */
  readonly backoffFactor: number;
  /**
   * Longest wait taken from `Retry-After` (or `RateLimit-Reset` on a 429). The portal's window is 5 minutes, so its
   * `Retry-After` is at most 300 s. A longer value is waited for this long and no longer.
   * @default 300000
   */
  readonly maxRetryAfterMs: number;
  /** Methods retried on `retryStatuses` and `retryErrorCodes`. @default ["GET", "PUT", "DELETE"] */
  readonly idempotentMethods: readonly string[];
  /** Statuses retried for idempotent methods. 500 is not allowed here. @default [429, 502, 503, 504] */
  readonly retryStatuses: readonly number[];
  /** Error codes (undici or Node system codes) retried for idempotent methods. */
  readonly retryErrorCodes: readonly string[];
  /**
   * Error codes that prove no byte of the request was written (the connection never opened). These are retried
   * for every method, POST included. A Node system error whose `syscall` is `connect` or `getaddrinfo` counts too.
   */
  readonly neverSentErrorCodes: readonly string[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  backoffFactor: 2,
  maxRetryAfterMs: 300_000,
  idempotentMethods: Object.freeze(["GET", "PUT", "DELETE", "HEAD", "OPTIONS"]),
  retryStatuses: Object.freeze([429, 502, 503, 504]),
  retryErrorCodes: Object.freeze([
    "ECONNRESET",
    "ECONNREFUSED",
    "ECONNABORTED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "ETIMEDOUT",
    "EPIPE",
    "ENETDOWN",
    "ENETUNREACH",
    "EHOSTDOWN",
    "EHOSTUNREACH",
    "UND_ERR_SOCKET",
    "UND_ERR_CONNECT_TIMEOUT",
    "UND_ERR_HEADERS_TIMEOUT",
    "UND_ERR_BODY_TIMEOUT",
  ]),
  neverSentErrorCodes: Object.freeze([
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EAI_FAIL",
    "EAI_NONAME",
    "EADDRNOTAVAIL",
    "UND_ERR_CONNECT_TIMEOUT",
  ]),
});

/** The request, as far as the decision needs it. */
export interface RetryRequest {
  readonly method: string;
  /**
   * The caller vouches that repeating this request is harmless although its method is not in `idempotentMethods`
   * (`POST /Accounts/:sid/Limits` is an upsert by category). It is then retried like a GET.
   */
  readonly idempotent?: boolean;
}

/** What happened to one attempt. */
export type RetryOutcome =
  | { readonly kind: "response"; readonly status: number; readonly headers?: HeaderMap }
  | {
      readonly kind: "network";
      /** undici's or Node's error code (`ECONNREFUSED`, `UND_ERR_SOCKET`, ...). */
      readonly code: string | undefined;
      /** False only when it is certain that no byte of the request was written. */
      readonly requestSent: boolean;
    };

export type RetryDecision =
  | { readonly retry: false; readonly reason: string }
  | { readonly retry: true; readonly delayMs: number; readonly reason: string };

/** Randomness and time for `decideRetry`; injectable so the function stays pure in tests. */
export interface RetryEnvironment {
  /** Uniform in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Milliseconds since the epoch, for HTTP-date `Retry-After`. @default Date.now */
  readonly now?: () => number;
}

/**
 * Decides whether to repeat a request after attempt number `attempt` (1 for the first request) ended in `outcome`.
 * Pure given `env`.
 */
export function decideRetry(
  policy: RetryPolicy,
  attempt: number,
  request: RetryRequest,
  outcome: RetryOutcome,
  env: RetryEnvironment = {},
): RetryDecision {
  const method = request.method.toUpperCase();
  const idempotent = request.idempotent === true || policy.idempotentMethods.includes(method);

  if (outcome.kind === "response") {
    const { status } = outcome;
    if (status < 400) return { retry: false, reason: `status ${status} is not a failure` };
    // the portal uses 500 for bad input; never retried, whatever the policy says
    if (status === 500) return { retry: false, reason: "500 is never retried: the portal uses it for invalid input" };
    if (!policy.retryStatuses.includes(status)) return { retry: false, reason: `status ${status} is not retried` };
    if (!idempotent) {
      return { retry: false, reason: `${method} is not retried after a response: the portal has no idempotency` };
    }
    if (attempt > policy.maxRetries) return exhausted(policy);
    const waitMs = serverWaitMs(status, outcome.headers, policy, env);
    if (waitMs !== undefined) return { retry: true, delayMs: waitMs, reason: `status ${status}, server asked to wait` };
    return { retry: true, delayMs: backoffDelayMs(policy, attempt, env.random), reason: `status ${status}` };
  }

  const code = outcome.code ?? "unknown error";
  const known = outcome.code !== undefined;
  const neverSent = !outcome.requestSent;
  const retryable = known && (policy.retryErrorCodes.includes(code) || policy.neverSentErrorCodes.includes(code));
  if (!retryable) return { retry: false, reason: `${code} is not retried` };
  if (!idempotent && !neverSent) {
    return { retry: false, reason: `${method} may have reached the portal (${code}); not retried` };
  }
  if (attempt > policy.maxRetries) return exhausted(policy);
  return { retry: true, delayMs: backoffDelayMs(policy, attempt, env.random), reason: code };
}

/**
 * Capped exponential backoff with full jitter: uniform in [0, min(maxDelayMs, baseDelayMs * factor^(attempt-1))).
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * policy.backoffFactor ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.min(Math.floor(r * ceiling), Math.max(0, Math.ceil(ceiling) - 1));
}

/**
 * How long the server asked us to wait, capped by `maxRetryAfterMs`: `Retry-After` on 429 and 503, and for a 429
 * without it, `RateLimit-Reset` when `RateLimit-Remaining` is 0.
 */
export function serverWaitMs(
  status: number,
  headers: HeaderMap | undefined,
  policy: Pick<RetryPolicy, "maxRetryAfterMs">,
  env: RetryEnvironment = {},
): number | undefined {
  if (status !== 429 && status !== 503) return undefined;
  const now = (env.now ?? Date.now)();
  let waitMs = parseRetryAfter(headerValue(headers, "retry-after"), now);
  if (waitMs === undefined && status === 429) {
    const rate = parseRateLimitHeaders(headers);
    if (rate.remaining === 0) waitMs = rate.resetMs;
  }
  return waitMs === undefined ? undefined : Math.min(waitMs, policy.maxRetryAfterMs);
}

const NEVER_SENT_SYSCALLS = new Set(["connect", "getaddrinfo", "getaddrinfo_a", "queryA", "queryAaaa"]);
// TLS handshake failures: the request was not sent, but repeating it cannot help (a bad certificate stays bad).
const TLS_HANDSHAKE_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$)/;

/**
 * Turns a transport error into a retry outcome: finds the error code (also inside an AggregateError from
 * happy-eyeballs connects, or a `cause`) and decides whether the request can have left this machine.
 */
export function classifyNetworkError(
  error: unknown,
  policy: Pick<RetryPolicy, "neverSentErrorCodes"> = DEFAULT_RETRY_POLICY,
): Extract<RetryOutcome, { kind: "network" }> {
  const code = findStringProp(error, "code");
  const syscall = findStringProp(error, "syscall");
  const neverSent =
    (code !== undefined && (policy.neverSentErrorCodes.includes(code) || TLS_HANDSHAKE_CODE.test(code))) ||
    (syscall !== undefined && NEVER_SENT_SYSCALLS.has(syscall));
  return { kind: "network", code, requestSent: !neverSent };
}

function findStringProp(error: unknown, prop: "code" | "syscall", depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 4) return undefined;
  const own = (error as Record<string, unknown>)[prop];
  if (typeof own === "string" && own.length > 0) return own;
  const errors = (error as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0) {
    const inner = findStringProp(errors[0], prop, depth + 1);
    if (inner !== undefined) return inner;
  }
  return findStringProp((error as { cause?: unknown }).cause, prop, depth + 1);
}

/** Problems with a retry policy, one sentence each (empty when valid). */
export function retryPolicyProblems(policy: RetryPolicy): string[] {
  const problems: string[] = [];
  const int = (name: keyof RetryPolicy, min: number, max: number): void => {
    const value = policy[name];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`retry.${name}: got ${show(value)}; expected an integer from ${min} to ${max}`);
    }
  };
  int("maxRetries", 0, 100);
  int("baseDelayMs", 0, 600_000);
  int("maxDelayMs", 0, 3_600_000);
  int("maxRetryAfterMs", 0, 3_600_000);
  if (typeof policy.backoffFactor !== "number" || !(policy.backoffFactor >= 1 && policy.backoffFactor <= 10)) {
    problems.push(`retry.backoffFactor: got ${show(policy.backoffFactor)}; expected a number from 1 to 10`);
  }
  if (!Array.isArray(policy.retryStatuses) || !policy.retryStatuses.every((s) => Number.isInteger(s) && s >= 400 && s <= 599)) {
    problems.push(`retry.retryStatuses: got ${show(policy.retryStatuses)}; expected HTTP statuses from 400 to 599`);
  } else if (policy.retryStatuses.includes(500)) {
    problems.push("retry.retryStatuses: must not contain 500; the portal answers 500 for invalid input, so a retry cannot help");
  }
  for (const name of ["idempotentMethods", "retryErrorCodes", "neverSentErrorCodes"] as const) {
    const value = policy[name];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string" && v.length > 0)) {
      problems.push(`retry.${name}: got ${show(value)}; expected a list of non-empty strings`);
    }
  }
  if (Array.isArray(policy.idempotentMethods) && policy.idempotentMethods.some((m) => String(m).toUpperCase() === "POST")) {
    problems.push("retry.idempotentMethods: must not contain POST; the portal has no idempotency, a retried POST can create twice");
  }
  return problems;
}

function exhausted(policy: RetryPolicy): RetryDecision {
  return { retry: false, reason: `gave up after ${policy.maxRetries} ${policy.maxRetries === 1 ? "retry" : "retries"}` };
}

function show(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
