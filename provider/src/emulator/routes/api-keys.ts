import { retrieveAccount } from "../account-records";
import { newSid } from "../ids";
import { bumpLastUsed } from "../last-used";
import { makeRow, removeRow } from "../model";
import { parseAccountSid, validateAccountAccess, validateServiceProviderAccess } from "../permissions";
import { DbErrorBadRequest } from "../portal-errors";
import { jsonResponse, type PortalResponse, statusTextResponse } from "../responses";
import { type RouteContext, type RouteDefinition } from "../route-context";
import { sqlEquals } from "../value-coercion";

const SAME_SP = "a service provider token can only be used to create tokens for the same service provider";
const SAME_ACCOUNT = "an account level token can only be used to create account level tokens for the same account";

/** portal-behaviour.md §4: the token is always the server's; which kind of key the body asks for decides who may create it. */
function createApiKey(ctx: RouteContext): PortalResponse {
  const { principal, session } = ctx;
  const body: Record<string, unknown> = { ...ctx.body, token: newSid() };
  if (principal.scope === "service_provider") {
    if (!body.service_provider_sid && !body.account_sid) {
      throw new DbErrorBadRequest("service provider token may not be used to create admin token");
    }
    if (body.service_provider_sid && body.service_provider_sid !== principal.serviceProviderSid) {
      throw new DbErrorBadRequest(SAME_SP);
    }
    if (body.account_sid) {
      const account = retrieveAccount(session.db, body.account_sid, null);
      // A missing account passes this check and fails on the foreign key instead (500).
      if (account && account.service_provider_sid !== principal.serviceProviderSid) throw new DbErrorBadRequest(SAME_SP);
      delete body.service_provider_sid;
    } else {
      body.service_provider_sid = principal.serviceProviderSid;
    }
  }
  if (principal.scope === "account") {
    if (body.account_sid !== principal.accountSid) throw new DbErrorBadRequest(SAME_ACCOUNT);
    delete body.service_provider_sid;
  }
  if (ctx.settings.variant.has("account-keys-service-provider-scope") && body.account_sid && !body.service_provider_sid) {
    body.service_provider_sid = retrieveAccount(session.db, body.account_sid, null)?.service_provider_sid ?? null;
  }
  // portal-behaviour.md §4: no whitelist here either, so `expiry_secs` is an unknown column (500).
  const sid = makeRow(session.db, "api_keys", body);
  return jsonResponse(201, { sid, token: body.token });
}

/**
 * portal-behaviour.md §4: the delete checks. The SP branch only refuses admin keys and other SPs' SP keys, so account keys of any SP
 * can be deleted by any SP key (the portal's bug, kept).
 */
function deleteApiKey(ctx: RouteContext): PortalResponse {
  const { principal, session } = ctx;
  const sid = ctx.params.sid ?? "";
  const key = session.db.findBy("api_keys", "api_key_sid", sid);
  if (key && principal.scope === "service_provider") {
    if (key.service_provider_sid === null && key.account_sid === null) {
      throw new DbErrorBadRequest("a service provider user may not delete an admin token");
    }
    if (key.service_provider_sid && key.service_provider_sid !== principal.serviceProviderSid) {
      throw new DbErrorBadRequest("a service provider user may not delete api key from another service provider");
    }
  }
  if (key && principal.scope === "account" && key.account_sid !== principal.accountSid) {
    throw new DbErrorBadRequest("a user may not delete a token associated with a different account");
  }
  if (!key && ctx.settings.variant.has("missing-api-key-delete-400")) throw new DbErrorBadRequest(`api key ${sid} not found`);
  // portal-behaviour.md §4: the SID is not validated; an unknown one is `res.sendStatus(404)`.
  return statusTextResponse(removeRow(session.db, "api_keys", sid) === 0 ? 404 : 204);
}

/** portal-behaviour.md §4: full tokens, no ordering, no pagination; an account caller's read bumps `last_used` afterwards. */
function listAccountApiKeys(ctx: RouteContext): PortalResponse {
  const sid = parseAccountSid(ctx);
  validateAccountAccess(ctx, sid);
  // Without a parsed SID (wrong path casing) the query becomes `account_sid IS NULL`: admin and SP keys.
  const keys = ctx.session.db.select("api_keys", (row) => (sid === undefined ? row.account_sid === null : sqlEquals(row.account_sid, sid)));
  const response = jsonResponse(200, keys);
  bumpLastUsed(ctx.session, ctx.principal, sid);
  return response;
}

/** portal-behaviour.md §4: only keys carrying the SP's SID; account keys made by an SP have none and are not listed. */
function listServiceProviderApiKeys(ctx: RouteContext): PortalResponse {
  validateServiceProviderAccess(ctx);
  const spSid = ctx.params.sid;
  let keys = ctx.session.db.select("api_keys", (row) => sqlEquals(row.service_provider_sid, spSid));
  if (ctx.principal.scope === "account") keys = keys.filter((row) => row.account_sid === ctx.principal.accountSid);
  return jsonResponse(200, keys);
}

export const apiKeyRoutes: readonly RouteDefinition[] = [
  { method: "POST", path: "/v1/ApiKeys", handler: createApiKey },
  { method: "DELETE", path: "/v1/ApiKeys/:sid", handler: deleteApiKey },
  { method: "GET", path: "/v1/Accounts/:sid/ApiKeys", handler: listAccountApiKeys },
  { method: "GET", path: "/v1/ServiceProviders/:sid/ApiKeys", handler: listServiceProviderApiKeys },
];
