/**
 * Keeps a run under the portal's rate limit instead of provoking 429s.
 *
 * The portal allows 600 requests per 5-minute window by default, counted before routing and shared by every
 * caller of the portal: other Terraform runs, other processes and humans in the web UI (portal-behaviour.md §0.1, §8).
 * Two mechanisms:
 * - a local sliding window: at most `requests * (1 - reserve)` request starts in any `windowMs`. Any sliding
 *   window of that size also bounds the server's fixed window;
 * - the server's own count: every response carries `RateLimit-Remaining` and `RateLimit-Reset`. When the remaining
 *   budget falls to the reserve, new requests pause until the reset, whoever used the budget up.
 * A 429's `Retry-After` pauses everyone too (the client calls `pauseFor`).
 *
 * One limiter can be shared by several clients in a process: pass it as the `rateLimit` option.
 */
import { type Clock, systemClock } from "./clock";
import { type ClientConfigIssue, PortalClientConfigError } from "./errors";
import { type HeaderMap, parseRateLimitHeaders } from "./headers";

export interface RateLimitOptions {
  /** Requests allowed per window. @default 600 (the portal's default) */
  readonly requests: number;
  /** Window length. @default 300000 (5 minutes) */
  readonly windowMs: number;
  /**
   * Fraction of the budget left for others (humans in the portal UI, other runs), from 0 to 0.9. The local window
   * allows `requests * (1 - reserve)`, and the server-header pause starts when `RateLimit-Remaining` falls to
   * `RateLimit-Limit * reserve`.
   * @default 0
   */
  readonly reserve?: number;
}

export const DEFAULT_RATE_LIMIT: Readonly<Required<RateLimitOptions>> = Object.freeze({
  requests: 600,
  windowMs: 300_000,
  reserve: 0,
});

/** A point-in-time view of the limiter, for stats and tests. */
export interface RateLimiterSnapshot {
  /** Request starts counted in the current sliding window. */
  readonly inWindow: number;
  /** The local budget per window (`requests` minus the reserve). */
  readonly budget: number;
  /** Epoch ms until which new requests wait (0 when not paused). */
  readonly pausedUntil: number;
  /** The last `RateLimit-Remaining` seen, if any. */
  readonly serverRemaining: number | undefined;
}

export class RateLimiter {
  readonly requests: number;
  readonly windowMs: number;
  readonly reserve: number;
  readonly budget: number;
  readonly #clock: Clock;
  readonly #starts: number[] = [];
  #pausedUntil = 0;
  #serverRemaining: number | undefined;

  constructor(options: RateLimitOptions = DEFAULT_RATE_LIMIT, clock: Clock = systemClock) {
    const issues = rateLimitProblems(options);
    if (issues.length > 0) throw new PortalClientConfigError(issues);
    this.requests = options.requests;
    this.windowMs = options.windowMs;
    this.reserve = options.reserve ?? 0;
    this.budget = Math.max(1, Math.floor(this.requests * (1 - this.reserve)));
    this.#clock = clock;
  }

  /**
   * Waits until a request may start, then counts it. Resolves with the milliseconds spent waiting. Rejects with
   * `signal.reason` if the signal aborts while waiting.
   */
  async acquire(signal?: AbortSignal): Promise<number> {
    const started = this.#clock.now();
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#clock.now();
      const waitMs = this.#waitMs(now);
      if (waitMs <= 0) {
        this.#starts.push(now);
        return Math.max(0, now - started);
      }
      await this.#clock.sleep(waitMs, signal);
    }
  }

  /** How long a request starting now would wait (0 if it may start now). Does not count anything. */
  delayMs(): number {
    return Math.max(0, this.#waitMs(this.#clock.now()));
  }

  /**
   * Reads the server's `RateLimit-*` headers from a response. When `RateLimit-Remaining` is at or below the
   * reserve, pauses new requests for `RateLimit-Reset`.
   */
  observe(headers: HeaderMap | undefined): void {
    const { limit, remaining, resetMs } = parseRateLimitHeaders(headers);
    if (remaining === undefined) return;
    this.#serverRemaining = remaining;
    const reserved = Math.ceil((limit ?? this.requests) * this.reserve);
    if (remaining <= reserved && resetMs !== undefined) this.pauseFor(resetMs);
  }

  /** Holds new requests for `ms` from now (never shortens an existing pause). */
  pauseFor(ms: number): void {
    if (!(ms > 0)) return;
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + ms);
  }

  snapshot(): RateLimiterSnapshot {
    const now = this.#clock.now();
    this.#prune(now);
    return {
      inWindow: this.#starts.length,
      budget: this.budget,
      pausedUntil: this.#pausedUntil > now ? this.#pausedUntil : 0,
      serverRemaining: this.#serverRemaining,
    };
  }

  #waitMs(now: number): number {
    if (this.#pausedUntil > now) return this.#pausedUntil - now;
    this.#prune(now);
    if (this.#starts.length < this.budget) return 0;
    // the oldest start leaves the window at oldest + windowMs
    return (this.#starts[0] ?? now) + this.windowMs - now;
  }

  #prune(now: number): void {
    const cutoff = now - this.windowMs;
    let drop = 0;
    while (drop < this.#starts.length && (this.#starts[drop] ?? Infinity) <= cutoff) drop++;
    if (drop > 0) this.#starts.splice(0, drop);
  }
}

/** Problems with rate-limit options, one per option (empty when valid). */
export function rateLimitProblems(options: RateLimitOptions, prefix = "rateLimit"): ClientConfigIssue[] {
  const issues: ClientConfigIssue[] = [];
  if (typeof options !== "object" || options === null) {
    return [{ option: prefix, message: `${prefix}: got ${String(options)}; expected { requests, windowMs, reserve? } or false` }];
  }
  const { requests, windowMs, reserve } = options;
  if (typeof requests !== "number" || !Number.isInteger(requests) || requests < 1 || requests > 1_000_000) {
    issues.push({
      option: `${prefix}.requests`,
      message: `${prefix}.requests: got ${String(requests)}; expected a whole number of requests from 1 to 1000000`,
    });
  }
  if (typeof windowMs !== "number" || !Number.isInteger(windowMs) || windowMs < 1 || windowMs > 86_400_000) {
    issues.push({
      option: `${prefix}.windowMs`,
      message: `${prefix}.windowMs: got ${String(windowMs)}; expected milliseconds from 1 to 86400000`,
    });
  }
  if (reserve !== undefined && (typeof reserve !== "number" || !(reserve >= 0 && reserve <= 0.9))) {
    issues.push({ option: `${prefix}.reserve`, message: `${prefix}.reserve: got ${String(reserve)}; expected a fraction from 0 to 0.9` });
  }
  return issues;
}
