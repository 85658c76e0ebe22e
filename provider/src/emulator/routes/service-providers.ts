import { accountView, retrieveAccounts } from "../account-records";
import { makeRow } from "../model";
import { validateServiceProviderAccess } from "../permissions";
import { DbErrorForbidden } from "../portal-errors";
import { emptyResponse, jsonResponse, type PortalResponse } from "../responses";
import { type RouteContext, type RouteDefinition } from "../route-context";
import { sqlEquals } from "../value-coercion";
import { makeWebhook } from "../webhooks";

function listServiceProviders(ctx: RouteContext): PortalResponse {
  const { principal, session } = ctx;
  const rows = session.db.select("service_providers");
  if (principal.scope === "admin") return jsonResponse(200, rows);
  return jsonResponse(
    200,
    rows.filter((row) => row.service_provider_sid === principal.serviceProviderSid),
  );
}

/** Names and root domains are UNIQUE (422), unlike account names. */
function createServiceProvider(ctx: RouteContext): PortalResponse {
  const { principal, session } = ctx;
  if (principal.scope !== "admin") throw new DbErrorForbidden("only admin users can add a service provider");
  const body: Record<string, unknown> = { ...ctx.body };
  if (body.registration_hook) {
    body.registration_hook_sid = makeWebhook(session.db, body.registration_hook);
    delete body.registration_hook;
  }
  const sid = makeRow(session.db, "service_providers", body);
  return jsonResponse(201, { sid });
}

function getServiceProvider(ctx: RouteContext): PortalResponse {
  const sid = validateServiceProviderAccess(ctx);
  const row = ctx.session.db.findBy("service_providers", "service_provider_sid", sid);
  if (!row) return emptyResponse(404);
  return jsonResponse(200, row);
}

/**
 * The list the portal's Accounts page uses (portal-behaviour.md §2.1): unmasked like GET /Accounts (portal-behaviour.md §3.2); account callers get their
 * own account only (portal-behaviour.md §1.3).
 */
function listServiceProviderAccounts(ctx: RouteContext): PortalResponse {
  const { principal, session } = ctx;
  const spSid = validateServiceProviderAccess(ctx);
  // With the wrong path casing there is no SP SID to filter on, and an admin gets every account.
  let rows = retrieveAccounts(session.db, { serviceProviderSid: spSid ?? null });
  if (principal.scope === "account") rows = rows.filter((row) => sqlEquals(row.account_sid, principal.accountSid));
  const mask = ctx.settings.variant.has("masked-account-lists");
  return jsonResponse(
    200,
    rows.map((row) => accountView(session, row, { mask })),
  );
}

export const serviceProviderRoutes: readonly RouteDefinition[] = [
  { method: "GET", path: "/v1/ServiceProviders", handler: listServiceProviders },
  { method: "POST", path: "/v1/ServiceProviders", handler: createServiceProvider },
  { method: "GET", path: "/v1/ServiceProviders/:sid", handler: getServiceProvider },
  { method: "GET", path: "/v1/ServiceProviders/:sid/Accounts", handler: listServiceProviderAccounts },
];
