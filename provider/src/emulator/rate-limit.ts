import { type Clock } from "./clock";

export interface RateLimitPolicy {
  readonly max: number;
  readonly windowSecs: number;
}

/** portal-behaviour.md §8: 600 requests per 5 minutes. */
export const DEFAULT_RATE_LIMIT: RateLimitPolicy = { max: 600, windowSecs: 300 };

export interface RateLimitDecision {
  readonly limited: boolean;
  /** `RateLimit-*` on every response, plus `Retry-After` on a 429 (portal-behaviour.md §0.1). */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * express-rate-limit as the portal configures it (portal-behaviour.md §0.1, §8): one fixed window in memory, shared by every caller
 * (`RATE_LIMIT_BY=system`), counting every request before routing and authentication.
 */
export class FixedWindowRateLimiter {
  #hits = 0;
  #resetAt = 0;

  constructor(
    readonly policy: RateLimitPolicy,
    private readonly clock: Clock,
  ) {
    if (!(policy.max > 0) || !(policy.windowSecs > 0)) throw new RangeError("rate limit max and window must be positive");
  }

  hit(): RateLimitDecision {
    const now = this.clock();
    if (now >= this.#resetAt) {
      this.#hits = 0;
      this.#resetAt = now + this.policy.windowSecs * 1000;
    }
    this.#hits += 1;
    const resetSecs = Math.max(0, Math.ceil((this.#resetAt - now) / 1000));
    const limited = this.#hits > this.policy.max;
    const headers: Record<string, string> = {
      "ratelimit-policy": `${this.policy.max};w=${this.policy.windowSecs}`,
      "ratelimit-limit": String(this.policy.max),
      "ratelimit-remaining": String(Math.max(0, this.policy.max - this.#hits)),
      "ratelimit-reset": String(resetSecs),
    };
    if (limited) headers["retry-after"] = String(resetSecs);
    return { limited, headers };
  }

  /** Starts a fresh window, e.g. between tests. */
  reset(): void {
    this.#hits = 0;
    this.#resetAt = 0;
  }
}
