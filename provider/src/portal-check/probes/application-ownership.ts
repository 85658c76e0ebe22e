import { differs, holds, needsWrites } from "../model";
import { answerOf, describeAnswer, succeeded } from "../portal-answer";
import { type Probe } from "../probe";
import { FAKE_HOOK_URL } from "./fake-values";

export const applicationOwnership: Probe = {
  id: "application-ownership",
  title: "application references are not checked for ownership",
  expected:
    "The portal lets an account point at another account's application (it checks only that the application exists), so the provider checks ownership itself",
  async run(ctx) {
    if (!ctx.scratch) return needsWrites("pointing a scratch account at an application of another scratch account");
    const other = await ctx.scratch.another();
    const app = (await ctx.client.post(["Applications"], {
      name: `${ctx.scratch.name}-app`,
      account_sid: other,
      call_hook: { url: `${FAKE_HOOK_URL}/call`, method: "POST" },
      call_status_hook: { url: `${FAKE_HOOK_URL}/status`, method: "POST" },
    })) as { sid?: unknown };
    if (typeof app?.sid !== "string") throw new Error("POST /Applications answered without the application's sid");
    const primary = ctx.scratch.primary;
    ctx.scratch.referencesApplications(primary);
    const answer = await answerOf(ctx.client, "PUT", ["Accounts", primary], { body: { device_calling_application_sid: app.sid } });
    const observed = `PUT device_calling_application_sid = an application of another account: ${describeAnswer(answer)}`;
    if (succeeded(answer)) {
      await ctx.client.put(["Accounts", primary], { device_calling_application_sid: null });
      return holds(observed);
    }
    return differs(
      observed,
      "None needed: the provider checks that an application belongs to the account before it sends the reference, so its own writes never meet the portal's check.",
    );
  },
};
