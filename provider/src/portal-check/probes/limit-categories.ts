import { differs, holds, needsWrites } from "../model";
import { answerOf, describeAnswer } from "../portal-answer";
import { type Probe } from "../probe";

/** The portal's limit categories (a database ENUM; its API docs name two of them wrongly). */
export const PORTAL_LIMIT_CATEGORIES = [
  "voice_call_session",
  "voice_call_session_license",
  "voice_call_minutes",
  "voice_call_minutes_license",
  "api_rate",
  "device",
] as const;

/** The categories `voicegateway_account_limits` writes, by its `unit`. */
const MANAGED: Readonly<Record<string, string>> = {
  voice_call_session: "sessions",
  voice_call_session_license: "sessions",
  voice_call_minutes: "minutes",
  voice_call_minutes_license: "minutes",
};

const UPSERTED = "voice_call_session";
const UPSERTED_QUANTITY = 100;

export const limitCategories: Probe = {
  id: "limit-categories",
  title: "limit categories, and POST as an upsert",
  expected: `Limits take the six categories ${PORTAL_LIMIT_CATEGORIES.join(", ")}, and a POST for a category the account has replaces its quantity`,
  async run(ctx) {
    if (!ctx.scratch) return needsWrites("setting limits on a scratch account");
    const path = ["Accounts", ctx.scratch.primary, "Limits"];
    const refused: string[] = [];
    for (const [i, category] of PORTAL_LIMIT_CATEGORIES.entries()) {
      const answer = await answerOf(ctx.client, "POST", path, { body: { category, quantity: i + 1 } });
      if (answer.status !== 201) refused.push(`${category} (${describeAnswer(answer)})`);
    }
    await answerOf(ctx.client, "POST", path, { body: { category: UPSERTED, quantity: UPSERTED_QUANTITY } });
    const rows = ((await ctx.client.get(path)) as { category?: unknown; quantity?: unknown }[] | undefined) ?? [];
    const ofUpserted = rows.filter((r) => r.category === UPSERTED).map((r) => Number(r.quantity));
    const upserted = ofUpserted.length === 1 && ofUpserted[0] === UPSERTED_QUANTITY;

    const problems: string[] = [];
    const actions: string[] = [];
    if (refused.length > 0) {
      problems.push(`refused: ${refused.join(", ")}`);
      const units = [...new Set(refused.map((r) => MANAGED[r.split(" ")[0]!]).filter((u) => u !== undefined))];
      actions.push(
        units.length > 0
          ? `voicegateway_account_limits cannot be applied with unit = ${units.map((u) => `"${u}"`).join(" or ")} on this portal.`
          : "None needed for api_rate and device: the provider never writes them; it only reports them in other_limits.",
      );
    }
    if (!upserted) {
      problems.push(
        `after a second POST for ${UPSERTED} the account has ${ofUpserted.length} row(s) of it, quantities ${ofUpserted.join(", ") || "none"} (expected one, ${UPSERTED_QUANTITY})`,
      );
      actions.push(
        "Every change of max or licensed would add a row instead of replacing one, and reads may see an old one: expect the plan to show the change again after each apply.",
      );
    }
    if (problems.length === 0)
      return holds(`all six categories were accepted (201), and a second POST for ${UPSERTED} replaced its quantity`);
    return differs(problems.join("; "), actions.join(" "));
  },
};
