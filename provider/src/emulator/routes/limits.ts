import { makeRow, updateRow } from "../model";
import { parseAccountSid, requireAccountPermissions } from "../permissions";
import { emptyResponse, jsonResponse, type PortalResponse, statusTextResponse } from "../responses";
import { type RouteContext, type RouteDefinition } from "../route-context";
import { type Row } from "../schema";
import { sqlErrors } from "../sql-error";
import { sqlEquals } from "../value-coercion";

function limitsOf(ctx: RouteContext, accountSid: string): Row[] {
  return ctx.session.db.select("account_limits", (row) => sqlEquals(row.account_sid, accountSid));
}

/**
 * portal-behaviour.md §5: an upsert by category that always answers 201. Validation is the database's: a bad or missing category or
 * quantity, or a missing account, is a 500. The lookup compares the raw category, so `VOICE_CALL_SESSION` misses
 * the stored `voice_call_session` and inserts a second row.
 */
function upsertLimit(ctx: RouteContext): PortalResponse {
  requireAccountPermissions(ctx);
  const accountSid = parseAccountSid(ctx);
  // Without an account SID (wrong path casing) the portal tries the service-provider branch and refuses admins.
  if (accountSid === undefined) return statusTextResponse(403);
  const { category, quantity } = ctx.body;
  const { variant } = ctx.settings;
  if (variant.has("limits-session-and-minute-only") && (category === "api_rate" || category === "device")) {
    throw sqlErrors.dataTruncated("category");
  }
  const existing = variant.has("limits-insert-only") ? undefined : limitsOf(ctx, accountSid).find((row) => row.category === category);
  if (existing) {
    const sid = String(existing.account_limits_sid);
    updateRow(ctx.session.db, "account_limits", sid, { category, quantity });
    return jsonResponse(201, { sid });
  }
  const sid = makeRow(ctx.session.db, "account_limits", { account_sid: accountSid, category, quantity });
  return jsonResponse(201, { sid });
}

function listLimits(ctx: RouteContext): PortalResponse {
  requireAccountPermissions(ctx);
  const accountSid = parseAccountSid(ctx);
  const limits = accountSid === undefined ? [] : limitsOf(ctx, accountSid);
  const category = ctx.query.get("category");
  return jsonResponse(200, category ? limits.filter((row) => row.category === category) : limits);
}

/** portal-behaviour.md §5: `?category=` deletes one category; without it every limit of the account goes. Always 204. */
function deleteLimits(ctx: RouteContext): PortalResponse {
  requireAccountPermissions(ctx);
  const accountSid = parseAccountSid(ctx);
  const category = ctx.query.get("category");
  if (accountSid !== undefined) {
    ctx.session.db.delete(
      "account_limits",
      (row) => sqlEquals(row.account_sid, accountSid) && (!category || sqlEquals(row.category, category)),
    );
  }
  return emptyResponse(204);
}

export const limitRoutes: readonly RouteDefinition[] = [
  { method: "POST", path: "/v1/Accounts/:sid/Limits", handler: upsertLimit },
  { method: "GET", path: "/v1/Accounts/:sid/Limits", handler: listLimits },
  { method: "DELETE", path: "/v1/Accounts/:sid/Limits", handler: deleteLimits },
];
