import { decryptBucketCredential } from "./bucket-credential";
import { type Database } from "./database";
import { obscureBucketCredential } from "./masking";
import { type Row } from "./schema";
import { type StateSession } from "./state-session";
import { sqlEquals } from "./value-coercion";
import { hookView } from "./webhooks";

/** `Account.retrieve(sid, sp)`: an account, optionally only if it belongs to `serviceProviderSid`. */
export function retrieveAccount(db: Database, sid: unknown, serviceProviderSid: string | null): Row | undefined {
  return db.select(
    "accounts",
    (row) => sqlEquals(row.account_sid, sid) && (serviceProviderSid === null || sqlEquals(row.service_provider_sid, serviceProviderSid)),
  )[0];
}

/** `Account.retrieveAll`: an account filter wins over an SP filter; neither means every account. */
export function retrieveAccounts(
  db: Database,
  filter: { readonly serviceProviderSid?: string | null; readonly accountSid?: string | null },
): Row[] {
  const { serviceProviderSid, accountSid } = filter;
  if (accountSid) return db.select("accounts", (row) => sqlEquals(row.account_sid, accountSid));
  if (serviceProviderSid) return db.select("accounts", (row) => sqlEquals(row.service_provider_sid, serviceProviderSid));
  return db.select("accounts");
}

/**
 * The account as the portal serialises it (portal-behaviour.md §2.2): every column except the two hook SIDs, booleans as 0/1,
 * DATETIMEs as ISO strings, the hooks joined in, the credential decrypted. Only GET /Accounts/:sid masks it
 * (`mask`); the list endpoints return secrets in clear (portal-behaviour.md §3.2). Masking can throw, as it does in the portal (portal-behaviour.md §3.1).
 */
export function accountView(session: StateSession, row: Row, options: { readonly mask: boolean }): Record<string, unknown> {
  const { registration_hook_sid, queue_event_hook_sid, ...columns } = row;
  const credential = decryptBucketCredential(columns.bucket_credential, session.vault);
  return {
    ...columns,
    bucket_credential: options.mask ? obscureBucketCredential(credential) : credential,
    registration_hook: hookView(session.db, registration_hook_sid, false),
    queue_event_hook: hookView(session.db, queue_event_hook_sid, false),
  };
}
