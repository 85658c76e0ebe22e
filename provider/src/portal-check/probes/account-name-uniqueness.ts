import { differs, holds, notChecked } from "../model";
import { describeAnswer } from "../portal-answer";
import { type Probe } from "../probe";

export const accountNameUniqueness: Probe = {
  id: "account-name-uniqueness",
  title: "account names are not unique in the portal",
  expected:
    "The portal lets two accounts have the same name (the provider enforces unique names itself, per service provider, ignoring case)",
  async run(ctx) {
    if (ctx.scratch) {
      const second = await ctx.scratch.createAccount(ctx.scratch.name);
      const observed = `POST /Accounts with the scratch account's name again: ${describeAnswer(second.answer)}`;
      if (second.sid !== undefined) return holds(observed);
      return differs(
        observed,
        "None needed within a service provider: the provider refuses a name in use (ignoring case) before it creates anything. If the portal compares more widely, for example across service providers, a create can still fail with its message.",
      );
    }
    // Read-only: accounts that already share a name show the portal does not refuse them.
    const counts = new Map<string, number>();
    for (const a of await ctx.accountList()) {
      const key = `${String(a.service_provider_sid)}\u0000${String(a.name)}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const shared = [...counts.values()].filter((n) => n > 1).length;
    if (shared > 0) return holds(`${shared} name(s) are already used by more than one account of a service provider`);
    return notChecked("nothing-to-check", "no two visible accounts share a name; run without --read-only to try with two scratch accounts");
  },
};
