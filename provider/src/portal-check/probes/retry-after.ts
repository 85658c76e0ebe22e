import { differs, holds, notChecked } from "../model";
import { type Probe } from "../probe";

export const retryAfter: Probe = {
  id: "retry-after",
  title: "Retry-After on 429 answers",
  expected: "A 429 answer carries Retry-After, and the provider waits that long before it retries",
  afterCleanup: true,
  async run(ctx) {
    const limited = ctx.responses.all().filter((r) => r.status === 429);
    if (limited.length === 0) {
      return notChecked(
        "nothing-to-check",
        "no 429 during the check; it never provokes one, because the portal's limit is shared with everyone using it",
      );
    }
    const without = limited.filter((r) => !r.headers.has("retry-after")).length;
    if (without === 0) return holds(`${limited.length} 429 answer(s) during the check carried Retry-After`);
    return differs(
      `${without} of ${limited.length} 429 answers had no Retry-After`,
      "After such a 429 the provider waits for RateLimit-Reset when RateLimit-Remaining is 0, and otherwise backs off exponentially (5 retries by default) before it fails.",
    );
  },
};
