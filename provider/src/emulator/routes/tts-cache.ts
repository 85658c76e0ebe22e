import { parseAccountSid, requireAccountPermissions, requireAdmin } from "../permissions";
import { jsonResponse, type PortalResponse, statusTextResponse } from "../responses";
import { type RouteContext, type RouteDefinition } from "../route-context";
import { countTtsPrompts, purgeTtsPrompts } from "../tts-cache";

// portal-behaviour.md §6: `{size}` is the number of cached prompts. Without an account SID in the URL (the global routes, or the
// account route with the wrong path casing) the handlers work on every account's prompts.

function getAccountCacheSize(ctx: RouteContext): PortalResponse {
  requireAccountPermissions(ctx);
  return jsonResponse(200, { size: countTtsPrompts(ctx.session.state, parseAccountSid(ctx)) });
}

function purgeAccountCache(ctx: RouteContext): PortalResponse {
  requireAccountPermissions(ctx);
  purgeTtsPrompts(ctx.session, parseAccountSid(ctx));
  return statusTextResponse(204);
}

function getGlobalCacheSize(ctx: RouteContext): PortalResponse {
  requireAdmin(ctx);
  return jsonResponse(200, { size: countTtsPrompts(ctx.session.state) });
}

function purgeGlobalCache(ctx: RouteContext): PortalResponse {
  requireAdmin(ctx);
  purgeTtsPrompts(ctx.session);
  return statusTextResponse(204);
}

export const ttsCacheRoutes: readonly RouteDefinition[] = [
  { method: "GET", path: "/v1/Accounts/:sid/TtsCache", handler: getAccountCacheSize },
  { method: "DELETE", path: "/v1/Accounts/:sid/TtsCache", handler: purgeAccountCache },
  { method: "GET", path: "/v1/TtsCache", handler: getGlobalCacheSize },
  { method: "DELETE", path: "/v1/TtsCache", handler: purgeGlobalCache },
];
