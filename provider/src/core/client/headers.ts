/** Response headers as undici returns them: lower-case names. */
export type HeaderMap = Readonly<Record<string, string | string[] | undefined>>;

/** The first value of a header, looked up case-insensitively. */
export function headerValue(headers: HeaderMap | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  const wanted = name.toLowerCase();
  let value = headers[wanted];
  if (value === undefined) {
    for (const [key, candidate] of Object.entries(headers)) {
      if (key.toLowerCase() === wanted) {
        value = candidate;
        break;
      }
    }
  }
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Parses `Retry-After`: delta-seconds (`120`) or an HTTP date. Returns milliseconds from `nowMs` (0 for a date in
 * the past), or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text.length === 0) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined; // "-5", "1e3": not seconds, not a date
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** The server's rate-limit headers (express-rate-limit draft-6 `RateLimit-*`; the portal sends them on every response). */
export interface RateLimitHeaders {
  readonly limit: number | undefined;
  readonly remaining: number | undefined;
  /** Milliseconds until the server's window resets. */
  readonly resetMs: number | undefined;
}

export function parseRateLimitHeaders(headers: HeaderMap | undefined): RateLimitHeaders {
  return {
    limit: nonNegativeNumber(headerValue(headers, "ratelimit-limit")),
    remaining: nonNegativeNumber(headerValue(headers, "ratelimit-remaining")),
    resetMs: secondsToMs(nonNegativeNumber(headerValue(headers, "ratelimit-reset"))),
  };
}

function nonNegativeNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

function secondsToMs(seconds: number | undefined): number | undefined {
  return seconds === undefined ? undefined : Math.ceil(seconds * 1000);
}
