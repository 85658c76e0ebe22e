import { type Database } from "./database";
import { makeRow, updateRow } from "./model";
import { type Row } from "./schema";

/** The hook fields of a parent row, e.g. `registration_hook` stored as `registration_hook_sid`. */
export type HookField = "registration_hook" | "queue_event_hook" | "call_hook" | "call_status_hook" | "messaging_hook";

/** `Webhook.make`: inserts the object as given, so extra keys are unknown columns and a bad method is a 500 (portal-behaviour.md §2.7). */
export function makeWebhook(db: Database, hook: unknown): string {
  if (typeof hook !== "object" || hook === null) {
    throw new TypeError(`Cannot use 'in' operator to search for 'url' in ${String(hook)}`);
  }
  return makeRow(db, "webhooks", hook as Record<string, unknown>);
}

/** `Webhook.update` with the SID still in the object: always `primary key webhook_sid is immutable` (portal-behaviour.md §2.5). */
export function updateWebhook(db: Database, hook: Record<string, unknown>): void {
  updateRow(db, "webhooks", String(hook.webhook_sid), hook);
}

/**
 * The hook as a GET returns it: accounts show exactly url/method/username/password (portal-behaviour.md §2.7), applications also show
 * the `webhook_sid` (portal-behaviour.md §7).
 */
export function hookView(db: Database, webhookSid: unknown, withSid: boolean): Row | null {
  if (webhookSid === null || webhookSid === undefined) return null;
  const row = db.findBy("webhooks", "webhook_sid", webhookSid);
  if (!row || row.url === null) return null;
  const view: Row = {
    url: row.url ?? null,
    method: row.method ?? null,
    username: row.username ?? null,
    password: row.password ?? null,
  };
  return withSid ? { webhook_sid: row.webhook_sid ?? null, ...view } : view;
}

/** The `url` of a hook value, or undefined for anything that is not an object (a string hook has no `.url`). */
export function hookUrl(hook: unknown): unknown {
  return typeof hook === "object" && hook !== null ? (hook as Record<string, unknown>).url : undefined;
}

/** `url && url.length > 0`, with JavaScript's view of `.length` on non-strings. */
export function hasNonEmptyUrl(hook: unknown): boolean {
  const url = hookUrl(hook);
  if (!url) return false;
  const length = (url as { length?: unknown }).length;
  return typeof length === "number" && length > 0;
}
