import { randomUUID } from "node:crypto";
import { PortalNotFoundError, PortalRouteNotFoundError } from "../../core/client";
import { differs, holds, type KeyScope } from "../model";
import { answerOf, describeAnswer, type PortalAnswer } from "../portal-answer";
import { type Probe, type ProbeContext } from "../probe";

/** The upstream portal's answers for an account that does not exist, by the key's scope. */
const EXPECTED: Readonly<Record<Exclude<KeyScope, "unknown">, { readonly get: number; readonly del: number }>> = {
  admin: { get: 404, del: 500 },
  service_provider: { get: 403, del: 403 },
  account: { get: 403, del: 403 },
};

/**
 * How the provider's reads decide "gone" (account/api.ts): a 404 that is not the route-not-found page, or a 403
 * for an account the key's own list does not show either.
 */
async function readsAsGone(ctx: ProbeContext, sid: string, get: PortalAnswer): Promise<boolean> {
  if (PortalNotFoundError.is(get.error)) return true;
  return get.status === 403 && !(await ctx.accountList()).some((a) => a.account_sid === sid);
}

export const missingAccountStatus: Probe = {
  id: "missing-account-status",
  title: "answers for an account that is already gone",
  expected:
    "For a missing account, GET answers 404 to admin keys and 403 to other scopes, and DELETE answers 500 to admin keys and 403 to other scopes",
  afterCleanup: true,
  async run(ctx) {
    // The scratch account just deleted, or (read-only, or it could not be deleted) an SID nobody has.
    const deleted = ctx.scratch?.deleted[0];
    const sid = deleted ?? randomUUID();
    const get = await answerOf(ctx.client, "GET", ["Accounts", sid]);
    const del = deleted ? await answerOf(ctx.client, "DELETE", ["Accounts", sid]) : undefined;

    const scopes = ctx.keyScope === "unknown" ? Object.values(EXPECTED) : [EXPECTED[ctx.keyScope]];
    const matches = scopes.some(
      (e) => get.status === e.get && !PortalRouteNotFoundError.is(get.error) && (del === undefined || del.status === e.del),
    );
    const what = deleted ? "the deleted scratch account" : "an account that never existed";
    const unsent = del === undefined ? `; DELETE not sent (${ctx.scratch ? "the scratch account could not be deleted" : "read-only"})` : "";
    const observed = `${ctx.keyScope.replace("_", "-")} key, ${what}: GET ${describeAnswer(get)}${del ? `, DELETE ${describeAnswer(del)}` : ""}${unsent}`;
    if (matches) return holds(observed);
    if (await readsAsGone(ctx, sid, get)) {
      return differs(
        observed,
        "None needed: the provider still reads the account as gone (a 404, or a 403 for an account missing from the key's account list), and after a failed delete it reads the account again: gone counts as deleted.",
      );
    }
    return differs(
      observed,
      "An account deleted outside the provider would fail every plan instead of being planned for creation again: remove it from the state by hand (terraform state rm).",
    );
  },
};
