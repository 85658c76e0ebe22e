import { differs, holds, needsWrites } from "../model";
import { answerOf, describeAnswer } from "../portal-answer";
import { type Probe } from "../probe";

export const accountKeyScope: Probe = {
  id: "account-key-scope",
  title: "a key created with only account_sid is an account key",
  expected:
    "POST /ApiKeys with only account_sid (what voicegateway_account_api_key sends) makes an account-scope key: listed without a service provider, and seeing only its own account",
  async run(ctx) {
    if (!ctx.scratch) return needsWrites("creating an API key for a scratch account");
    const sid = ctx.scratch.primary;
    const created = await answerOf(ctx.client, "POST", ["ApiKeys"], { body: { account_sid: sid } });
    const key = created.body as { sid?: unknown; token?: unknown } | undefined;
    if (created.status !== 201 || typeof key?.sid !== "string" || typeof key.token !== "string") {
      return differs(
        `POST /ApiKeys {account_sid}: ${describeAnswer(created)}`,
        "voicegateway_account_api_key cannot create keys with this API key on this portal.",
      );
    }
    try {
      const listed = ((await ctx.client.get(["Accounts", sid, "ApiKeys"])) as Record<string, unknown>[] | undefined)?.find(
        (k) => k.api_key_sid === key.sid,
      );
      const seen = (await ctx.clientFor(key.token).get(["Accounts"])) as { account_sid?: unknown }[] | undefined;
      const others = (seen ?? []).filter((a) => a.account_sid !== sid).length;
      const problems = [
        ...(listed === undefined ? ["the key is not in its account's key list"] : []),
        ...(listed?.service_provider_sid ? [`the key is listed with service provider ${String(listed.service_provider_sid)}`] : []),
        ...(others > 0 ? [`with its token, GET /Accounts shows ${others} other account(s)`] : []),
      ];
      if (problems.length === 0) return holds("the new key is listed without a service provider, and its token sees only its own account");
      return differs(
        problems.join("; "),
        "Tokens of voicegateway_account_api_key reach beyond their account on this portal: treat them as service-provider credentials, not as one account's.",
      );
    } finally {
      // The key dies with the scratch account anyway; deleting it now keeps its token's life short.
      await answerOf(ctx.client, "DELETE", ["ApiKeys", key.sid]).catch(() => undefined);
    }
  },
};
