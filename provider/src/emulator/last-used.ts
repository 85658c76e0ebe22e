import { toSqlDatetime } from "./clock";
import { type Principal } from "./principal";
import { type StateSession } from "./state-session";
import { sqlEquals } from "./value-coercion";

const BUMP_INTERVAL_MS = 60_000;

/**
 * portal-behaviour.md §4: account-scope callers set `last_used` to now on all keys of the account, at most once a minute. Runs after
 * the response body is built, as the portal bumps after replying.
 */
export function bumpLastUsed(session: StateSession, principal: Principal, accountSid: string | undefined): void {
  if (principal.scope !== "account" || accountSid === undefined) return;
  const now = session.clock();
  const key = accountSid.toLowerCase();
  const previous = session.state.lastUsedBumpAt[key];
  if (previous !== undefined && now - previous < BUMP_INTERVAL_MS) return;
  session.state.lastUsedBumpAt[key] = now;
  session.touch();
  session.db.update("api_keys", (row) => sqlEquals(row.account_sid, accountSid), { last_used: toSqlDatetime(now) });
}
