import { differs, holds, notChecked } from "../model";
import { type Probe } from "../probe";
import { RATE_LIMIT_HEADERS } from "../response-log";

/** The headers the provider's limiter reads; without them it can only pace itself by its own count. */
const READ_BY_PROVIDER = new Set<string>(["ratelimit-remaining", "ratelimit-reset"]);

const spelled = (header: string) =>
  header.replace(/(^|-)(\w)/g, (_, dash: string, c: string) => dash + c.toUpperCase()).replace("Ratelimit", "RateLimit");

export const rateLimitHeaders: Probe = {
  id: "rate-limit-headers",
  title: "rate-limit headers on every answer",
  expected:
    "Every answer carries RateLimit-Policy, RateLimit-Remaining and RateLimit-Reset; the provider pauses by the last two when the shared budget runs low",
  afterCleanup: true,
  async run(ctx) {
    const responses = ctx.responses.all();
    if (responses.length === 0) return notChecked("nothing-to-check", "the portal gave no answer to look at");
    const missing = RATE_LIMIT_HEADERS.map((h) => ({ header: h, count: responses.filter((r) => !r.headers.has(h)).length })).filter(
      (m) => m.count > 0,
    );
    if (missing.length === 0) return holds(`all ${responses.length} answers carried them`);
    const observed = missing.map((m) => `${m.count} of ${responses.length} answers had no ${spelled(m.header)}`).join("; ");
    if (!missing.some((m) => READ_BY_PROVIDER.has(m.header)))
      return differs(observed, "None needed: the provider reads RateLimit-Remaining and RateLimit-Reset only.");
    return differs(
      observed,
      "Without them the provider paces itself by its own count only (rate_limit_requests per rate_limit_window_secs, 600 per 300 s by default): set those to this portal's limit. It cannot see the budget other callers use, so expect 429s, which it retries.",
    );
  },
};
