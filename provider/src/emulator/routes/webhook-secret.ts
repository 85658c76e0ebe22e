import { retrieveAccount } from "../account-records";
import { newWebhookSecret } from "../ids";
import { updateRow } from "../model";
import { parseAccountSid, serviceProviderFilter, validateAccountAccess } from "../permissions";
import { emptyResponse, jsonResponse, type PortalResponse } from "../responses";
import { type RouteContext, type RouteDefinition } from "../route-context";

/** portal-behaviour.md §2.11: a GET that mutates when `regenerate` is any non-empty string, `false` included. */
function getWebhookSecret(ctx: RouteContext): PortalResponse {
  const sid = parseAccountSid(ctx);
  validateAccountAccess(ctx, sid);
  const account = retrieveAccount(ctx.session.db, sid, serviceProviderFilter(ctx));
  if (!account) return emptyResponse(404);
  let webhookSecret = account.webhook_secret;
  if (ctx.query.get("regenerate") && !ctx.settings.variant.has("webhook-secret-kept")) {
    webhookSecret = newWebhookSecret();
    updateRow(ctx.session.db, "accounts", sid, { webhook_secret: webhookSecret });
  }
  return jsonResponse(200, { webhook_secret: webhookSecret });
}

export const webhookSecretRoutes: readonly RouteDefinition[] = [
  { method: "GET", path: "/v1/Accounts/:sid/WebhookSecret", handler: getWebhookSecret },
];
