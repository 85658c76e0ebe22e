import { PortalNotFoundError } from "../../core/client";
import { differs, holds, needsWrites } from "../model";
import { answerOf, describeAnswer, succeeded } from "../portal-answer";
import { type Probe } from "../probe";

export const missingApiKeyStatus: Probe = {
  id: "missing-api-key-status",
  title: "answer for deleting an API key that is already gone",
  expected: "DELETE /ApiKeys/:sid of a key that no longer exists answers 404, which the provider takes as already deleted",
  async run(ctx) {
    if (!ctx.scratch) return needsWrites("creating and deleting an API key of a scratch account");
    const key = (await ctx.client.post(["ApiKeys"], { account_sid: ctx.scratch.primary })) as { sid?: unknown };
    if (typeof key?.sid !== "string") throw new Error("POST /ApiKeys answered without the key's sid");
    await ctx.client.delete(["ApiKeys", key.sid]);
    const again = await answerOf(ctx.client, "DELETE", ["ApiKeys", key.sid]);
    const observed = `a second DELETE of the probe's key: ${describeAnswer(again)}`;
    if (PortalNotFoundError.is(again.error)) return holds(observed);
    if (succeeded(again)) return differs(observed, "None needed: a delete that succeeds is as good as one that finds the key gone.");
    return differs(
      observed,
      "Destroying a key that is already gone (deleted meanwhile, or with -refresh=false) fails with this answer instead of succeeding: remove it from the state by hand (terraform state rm).",
    );
  },
};
