import { accountView, retrieveAccount, retrieveAccounts } from "../account-records";
import { decryptBucketCredential, encryptBucketCredential } from "../bucket-credential";
import { newWebhookSecret } from "../ids";
import { bumpLastUsed } from "../last-used";
import { isObscureKey } from "../masking";
import { makeRow, removeRow, updateRow } from "../model";
import { parseAccountSid, serviceProviderFilter, validateAccountAccess } from "../permissions";
import { DbErrorBadRequest, DbErrorForbidden } from "../portal-errors";
import { emptyResponse, jsonResponse, type PortalResponse, statusTextResponse } from "../responses";
import { type RouteContext, type RouteDefinition } from "../route-context";
import { sqlErrors } from "../sql-error";
import { sqlEquals } from "../value-coercion";
import { type HookField, hasNonEmptyUrl, hookUrl, makeWebhook, updateWebhook } from "../webhooks";

const ACCOUNT_HOOKS: readonly HookField[] = ["registration_hook", "queue_event_hook"];

/** portal-behaviour.md §2.3 */
function createAccount(ctx: RouteContext): PortalResponse {
  const { principal, session } = ctx;
  const body: Record<string, unknown> = { ...ctx.body };
  if (principal.scope === "account") throw new DbErrorForbidden("insufficient permissions");
  // portal-behaviour.md §1.3: a service provider always creates under itself, whatever the body says.
  if (principal.scope === "service_provider") body.service_provider_sid = principal.serviceProviderSid;
  const spSid = body.service_provider_sid;
  if (spSid && !session.db.findBy("service_providers", "service_provider_sid", spSid)) {
    throw new DbErrorBadRequest(`service_provider not found for sid ${String(spSid)}`);
  }
  for (const field of ACCOUNT_HOOKS) {
    if (body[field] && typeof body[field] !== "object") {
      throw new DbErrorBadRequest(`'${field}' must be an object when adding an account`);
    }
  }
  // portal-behaviour.md §2.11: the client's webhook_secret is discarded.
  const row: Record<string, unknown> = { ...body, webhook_secret: newWebhookSecret() };
  for (const field of ACCOUNT_HOOKS) {
    // portal-behaviour.md §2.3 step 5: hook rows go in before the account, so a later failure leaves them orphaned.
    if (hasNonEmptyUrl(row[field])) row[`${field}_sid`] = makeWebhook(session.db, row[field]);
    delete row[field];
  }
  if (row.sip_realm) row.sip_realm = lowerCase(row.sip_realm);
  if (ctx.settings.variant.has("unique-account-names")) refuseTakenName(ctx, row);
  // portal-behaviour.md §2.3: a bucket_credential here is not encrypted; the SQL layer turns it into '[object Object]' (portal-behaviour.md §11.1).
  const sid = makeRow(session.db, "accounts", row);
  return jsonResponse(201, { sid });
}

/** Variant `unique-account-names`: a UNIQUE key on (service provider, name), compared ignoring case as MySQL does. */
function refuseTakenName(ctx: RouteContext, row: Readonly<Record<string, unknown>>): void {
  const name = String(row.name ?? "").toLowerCase();
  const taken = ctx.session.db.count(
    "accounts",
    (other) => sqlEquals(other.service_provider_sid, row.service_provider_sid) && String(other.name).toLowerCase() === name,
  );
  if (taken > 0) throw sqlErrors.duplicateEntry(`${String(row.service_provider_sid)}-${String(row.name)}`, "accounts.name_sp");
}

/** portal-behaviour.md §2.1: unmasked, secrets included (portal-behaviour.md §3.2). */
function listAccounts(ctx: RouteContext): PortalResponse {
  const { principal, session } = ctx;
  const rows = retrieveAccounts(session.db, {
    serviceProviderSid: serviceProviderFilter(ctx),
    accountSid: principal.scope === "account" ? principal.accountSid : null,
  });
  const mask = ctx.settings.variant.has("masked-account-lists");
  return jsonResponse(
    200,
    rows.map((row) => accountView(session, row, { mask })),
  );
}

/** portal-behaviour.md §2.4 */
function getAccount(ctx: RouteContext): PortalResponse {
  const sid = parseAccountSid(ctx);
  validateAccountAccess(ctx, sid);
  const row = retrieveAccount(ctx.session.db, sid, serviceProviderFilter(ctx));
  // portal-behaviour.md §2.4: admin gets an empty 404 for a missing account; other scopes were already refused with 403.
  if (!row) return emptyResponse(404);
  return jsonResponse(200, accountView(ctx.session, row, { mask: !ctx.settings.variant.has("unmasked-account-read") }));
}

/** portal-behaviour.md §2.5, in the portal's order: access, hooks, remaining validation, credential, realm, UPDATE. */
function updateAccount(ctx: RouteContext): PortalResponse {
  const { principal, session } = ctx;
  const sid = parseAccountSid(ctx);
  validateAccountAccess(ctx, sid);

  const body: Record<string, unknown> = { ...ctx.body };
  // portal-behaviour.md §2.5 step 2: hooks are written before the rest is validated, so a request that fails later still leaves rows.
  for (const field of ACCOUNT_HOOKS) {
    if (!(field in body)) continue;
    const hook = body[field];
    const url = hookUrl(hook);
    // null, no url, an empty url or a plain string all clear the reference (portal-behaviour.md §2.5).
    if (hook === null || !url || (url as { length?: unknown }).length === 0) {
      body[`${field}_sid`] = null;
    } else if (typeof hook === "object") {
      if ("webhook_sid" in hook) updateWebhook(session.db, hook as Record<string, unknown>);
      else body[`${field}_sid`] = makeWebhook(session.db, hook);
    }
  }

  validateUpdate(ctx, sid);

  if (Object.keys(body).length > 0) {
    // portal-behaviour.md §0.1: the old webhook row is never deleted; the clean-up step cannot see its SID.
    if (body.registration_hook === null) body.registration_hook_sid = null;
    if (body.queue_event_hook === null) body.queue_event_hook_sid = null;
    for (const field of ACCOUNT_HOOKS) delete body[field];

    let stored: unknown = {};
    if (isObscureKey(body.bucket_credential)) {
      const current = retrieveAccount(session.db, sid, null);
      stored = decryptBucketCredential(current?.bucket_credential, session.vault);
    }
    encryptRecordingCredential(ctx, body, stored);
    if (body.sip_realm) body.sip_realm = lowerCase(body.sip_realm);

    if (updateRow(session.db, "accounts", sid, body) === 0) return emptyResponse(404);
  }
  const response = emptyResponse(204);
  bumpLastUsed(session, principal, sid);
  return response;
}

function validateUpdate(ctx: RouteContext, sid: string | undefined): void {
  const { principal, session, body } = ctx;
  if (principal.scope === "account" && body.sip_realm) {
    throw new DbErrorBadRequest("use POST /Accounts/:sid/sip_realm/:realm to set or change the sip realm");
  }
  if (principal.scope !== "account") {
    const account = retrieveAccount(session.db, sid, null);
    // portal-behaviour.md §2.5: an admin PUT of a missing account is a 400, not a 404.
    if (!account) throw new DbErrorBadRequest(`account not found for sid ${String(sid)}`);
  }
  if (body.service_provider_sid) throw new DbErrorBadRequest("service_provider_sid may not be modified");
  if (ctx.settings.variant.has("application-owner-checked")) refuseForeignApplications(ctx, sid);
}

/** Variant `application-owner-checked`: the ownership check upstream leaves to its web UI (portal-behaviour.md §2.8). */
function refuseForeignApplications(ctx: RouteContext, sid: string | undefined): void {
  for (const field of ["device_calling_application_sid", "siprec_hook_sid"]) {
    const appSid = ctx.body[field];
    if (!appSid) continue;
    const app = ctx.session.db.findBy("applications", "application_sid", appSid);
    if (app && !sqlEquals(app.account_sid, sid)) {
      throw new DbErrorBadRequest(`application ${String(appSid)} does not belong to account ${String(sid)}`);
    }
  }
}

/**
 * portal-behaviour.md §3.1: a missing required field fails an `assert`, which is a 500; variant
 * `recording-field-checked-400` reports it as a 400 instead.
 */
function encryptRecordingCredential(ctx: RouteContext, body: Record<string, unknown>, stored: unknown): void {
  try {
    encryptBucketCredential(body, stored, ctx.session.vault);
  } catch (err) {
    const asserted = err instanceof Error && err.constructor === Error;
    if (asserted && ctx.settings.variant.has("recording-field-checked-400")) throw new DbErrorBadRequest(err.message);
    throw err;
  }
}

/** portal-behaviour.md §2.6: a cascade without a transaction. */
function deleteAccount(ctx: RouteContext): PortalResponse {
  const { session } = ctx;
  const { db } = session;
  const sid = parseAccountSid(ctx);
  // portal-behaviour.md §2.6: this also refuses other accounts for account scope, so the portal's 422 branch is unreachable.
  validateAccountAccess(ctx, sid);
  const account = retrieveAccount(db, sid, null);
  // portal-behaviour.md §2.6: there is no 404 path; admin deleting a missing account crashes on the empty result.
  if (!account && ctx.settings.variant.has("missing-account-delete-404")) return statusTextResponse(404);
  if (!account) throw new TypeError("Cannot destructure property 'sip_realm' of 'account[0]' as it is undefined.");

  const ofAccount = (row: Readonly<Record<string, unknown>>): boolean => sqlEquals(row.account_sid, sid);
  db.delete("api_keys", ofAccount);
  // portal-behaviour.md §2.6: fails with a foreign-key 500 when an account still points at one of these applications; the API keys are
  // already gone by then (portal-behaviour.md §0.1, partial delete).
  db.delete("applications", ofAccount);
  removeRow(db, "accounts", sid);
  const hookSid = account.registration_hook_sid;
  if (hookSid && db.count("accounts", (row) => sqlEquals(row.registration_hook_sid, hookSid)) === 0) {
    removeRow(db, "webhooks", String(hookSid));
  }
  return emptyResponse(204);
}

function lowerCase(value: unknown): string {
  if (typeof value !== "string") throw new TypeError("obj.sip_realm.toLowerCase is not a function");
  return value.toLowerCase();
}

export const accountRoutes: readonly RouteDefinition[] = [
  { method: "POST", path: "/v1/Accounts", handler: createAccount },
  { method: "GET", path: "/v1/Accounts", handler: listAccounts },
  { method: "GET", path: "/v1/Accounts/:sid", handler: getAccount },
  { method: "PUT", path: "/v1/Accounts/:sid", handler: updateAccount },
  { method: "DELETE", path: "/v1/Accounts/:sid", handler: deleteAccount },
];
