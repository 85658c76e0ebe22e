import { retrieveAccount } from "../account-records";
import { type Database } from "../database";
import { makeRow } from "../model";
import { paginateByName } from "../pagination";
import { parseAccountSid, validateAccountAccess } from "../permissions";
import { DbErrorBadRequest, DbErrorForbidden, DbErrorUnprocessableRequest } from "../portal-errors";
import { emptyResponse, jsonResponse, type PortalResponse } from "../responses";
import { type RouteContext, type RouteDefinition } from "../route-context";
import { type Row } from "../schema";
import { parseSid } from "../sid";
import { sqlEquals } from "../value-coercion";
import { type HookField, hookView, makeWebhook } from "../webhooks";

const APPLICATION_HOOKS: readonly HookField[] = ["call_hook", "call_status_hook", "messaging_hook"];

/** portal-behaviour.md §7: applications show their hooks with `webhook_sid`, unlike accounts. */
function applicationView(db: Database, row: Row): Record<string, unknown> {
  const { call_hook_sid, call_status_hook_sid, messaging_hook_sid, ...columns } = row;
  return {
    ...columns,
    call_hook: hookView(db, call_hook_sid, true),
    call_status_hook: hookView(db, call_status_hook_sid, true),
    messaging_hook: hookView(db, messaging_hook_sid, true),
  };
}

/** `Application.retrieveAll`: SP callers see their accounts' applications and the SP's own ones. */
function scopedApplications(ctx: RouteContext): Row[] {
  const { principal, session } = ctx;
  const { db } = session;
  if (principal.scope === "account") {
    return db.select("applications", (row) => sqlEquals(row.account_sid, principal.accountSid));
  }
  if (principal.scope === "service_provider") {
    const sp = principal.serviceProviderSid;
    return db.select(
      "applications",
      (row) =>
        sqlEquals(row.service_provider_sid, sp) ||
        sqlEquals(db.findBy("accounts", "account_sid", row.account_sid)?.service_provider_sid, sp),
    );
  }
  return db.select("applications");
}

function createApplication(ctx: RouteContext): PortalResponse {
  const { principal, session } = ctx;
  const body: Record<string, unknown> = { ...ctx.body };
  if (principal.scope === "account") body.account_sid = principal.accountSid;
  else if (principal.scope === "service_provider") {
    if (!body.account_sid) throw new DbErrorBadRequest("missing required field: 'account_sid'");
    if (!retrieveAccount(session.db, body.account_sid, principal.serviceProviderSid)) {
      throw new DbErrorForbidden("insufficient privileges");
    }
  }
  for (const field of ["call_hook", "call_status_hook"] as const) {
    // The portal checks `call_hook`'s type for both fields; kept.
    if (body[field] && typeof body.call_hook !== "object") {
      throw new DbErrorBadRequest(`'${field}' must be an object when adding an application`);
    }
  }
  for (const field of APPLICATION_HOOKS) {
    if (!body[field]) continue;
    body[`${field}_sid`] = makeWebhook(session.db, body[field]);
    delete body[field];
  }
  if (body.app_json) JSON.parse(String(body.app_json));
  const sid = makeRow(session.db, "applications", body);
  return jsonResponse(201, { sid });
}

function listApplications(ctx: RouteContext): PortalResponse {
  const rows = paginateByName(scopedApplications(ctx), ctx.query);
  return jsonResponse(200, viewRows(ctx.session.db, rows));
}

function getApplication(ctx: RouteContext): PortalResponse {
  const sid = parseSid("Applications", ctx.originalUrl);
  const row = scopedApplications(ctx).find((app) => sqlEquals(app.application_sid, sid));
  // portal-behaviour.md §7: out of scope looks the same as missing.
  if (!row) return emptyResponse(404);
  return jsonResponse(200, applicationView(ctx.session.db, row));
}

/**
 * Deleting an application an account still references is a foreign-key 500 (portal-behaviour.md §2.8). As in the portal, a missing
 * application crashes the admin and SP paths (500) and is a 400 for account callers.
 */
function deleteApplication(ctx: RouteContext): PortalResponse {
  const { principal, session } = ctx;
  const { db } = session;
  const sid = parseSid("Applications", ctx.originalUrl);
  const app = db.findBy("applications", "application_sid", sid);
  if (principal.scope === "account") {
    if (!app) throw new DbErrorBadRequest("application does not exist");
    if (app.account_sid !== principal.accountSid) throw new DbErrorUnprocessableRequest("insufficient permissions");
  }
  if (principal.scope === "service_provider") {
    if (!app) throw new TypeError("Cannot read properties of undefined (reading 'account_sid')");
    const owner = db.findBy("accounts", "account_sid", app.account_sid);
    if (owner?.service_provider_sid !== principal.serviceProviderSid) {
      throw new DbErrorForbidden("insufficient permissions");
    }
  }
  if (!app) throw new TypeError("Cannot destructure property 'call_hook_sid' of 'application[0]' as it is undefined.");
  db.delete("applications", (row) => sqlEquals(row.application_sid, sid));
  for (const field of APPLICATION_HOOKS) {
    const hookSid = app[`${field}_sid`];
    if (hookSid && db.count("applications", (row) => sqlEquals(row[`${field}_sid`], hookSid)) === 0) {
      db.delete("webhooks", (row) => sqlEquals(row.webhook_sid, hookSid));
    }
  }
  return emptyResponse(204);
}

/** portal-behaviour.md §7: the Applications list of an account, with the optional pagination shape. */
function listAccountApplications(ctx: RouteContext): PortalResponse {
  const accountSid = parseAccountSid(ctx);
  validateAccountAccess(ctx, accountSid);
  const apps = ctx.session.db.select("applications", (row) => sqlEquals(row.account_sid, accountSid));
  return jsonResponse(200, viewRows(ctx.session.db, paginateByName(apps, ctx.query)));
}

function viewRows(db: Database, rows: ReturnType<typeof paginateByName>): unknown {
  if (Array.isArray(rows)) return rows.map((row) => applicationView(db, row));
  return { ...rows, data: rows.data.map((row) => applicationView(db, row)) };
}

export const applicationRoutes: readonly RouteDefinition[] = [
  { method: "POST", path: "/v1/Applications", handler: createApplication },
  { method: "GET", path: "/v1/Applications", handler: listApplications },
  { method: "GET", path: "/v1/Applications/:sid", handler: getApplication },
  { method: "DELETE", path: "/v1/Applications/:sid", handler: deleteApplication },
  { method: "GET", path: "/v1/Accounts/:sid/Applications", handler: listAccountApplications },
];
