import { type IncomingHttpHeaders } from "node:http";
import { authenticate } from "./auth";
import { type CorsPolicy, corsHeaders, corsPreflightResponse } from "./cors";
import { sysError } from "./portal-errors";
import { type ParsedBody } from "./request-body";
import { type PortalResponse, routeNotFoundResponse } from "./responses";
import { type RouteContext } from "./route-context";
import { PORTAL_ROUTES } from "./route-table";
import { Router } from "./router";
import { healthResponse, isHealthCheck } from "./routes/health";
import { type RuntimeSettings } from "./runtime-settings";
import { type StateSession } from "./state-session";

export interface PortalRequest {
  readonly method: string;
  /** Path and query exactly as received. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: ParsedBody;
}

// nocache() runs on every response that gets past the rate limiter.
const NO_CACHE_HEADERS: Readonly<Record<string, string>> = {
  "cache-control": "no-store, no-cache, must-revalidate, proxy-revalidate",
  expires: "0",
};

// portal-behaviour.md §1.1: `/v1` paths that skip bearer authentication (none of them is emulated, so they end in the HTML 404).
const AUTH_EXEMPT_PREFIXES = [
  "/register",
  "/forgot-password",
  "/signin",
  "/login",
  "/messaging",
  "/outboundSMS",
  "/AccountTest",
  "/InviteCodes",
  "/PredefinedCarriers",
];

const router = new Router(PORTAL_ROUTES);

/**
 * One request through the portal's middleware order, after the rate limiter: CORS preflight, body parsing (its
 * errors come before authentication), bearer authentication for `/v1`, then the route or Express's HTML 404.
 */
export function handlePortalRequest(
  request: PortalRequest,
  session: StateSession,
  settings: RuntimeSettings,
  cors: CorsPolicy,
): PortalResponse {
  if (request.method === "OPTIONS") return corsPreflightResponse(request.headers, cors);
  const response = route(request, session, settings);
  return { ...response, headers: { ...corsHeaders(request.headers, cors), ...NO_CACHE_HEADERS, ...response.headers } };
}

function route(request: PortalRequest, session: StateSession, settings: RuntimeSettings): PortalResponse {
  if (!request.body.ok) return request.body.response;
  const queryAt = request.url.indexOf("?");
  const pathname = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const query = new URLSearchParams(queryAt === -1 ? "" : request.url.slice(queryAt + 1));
  if (isHealthCheck(request.method, pathname)) return healthResponse();

  const underV1 = /^\/v1(\/|$)/i.test(pathname);
  const exempt = AUTH_EXEMPT_PREFIXES.some((prefix) => pathname.slice(3).startsWith(prefix));
  if (!underV1 || exempt) return routeNotFoundResponse(request.method, pathname);

  // Authentication runs for every /v1 path, so an unknown route without a token is a 401, not a 404.
  const auth = authenticate(request.headers.authorization, session.db);
  if ("response" in auth) return auth.response;

  const match = router.match(request.method, pathname);
  if (!match) return routeNotFoundResponse(request.method, pathname);
  const ctx: RouteContext = {
    method: request.method,
    originalUrl: request.url,
    query,
    params: match.params,
    body: request.body.value,
    principal: auth.principal,
    session,
    settings,
  };
  try {
    return match.handler(ctx);
  } catch (err) {
    return sysError(err);
  }
}
