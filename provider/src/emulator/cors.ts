import { type IncomingHttpHeaders } from "node:http";
import { isLoopbackOrigin } from "./loopback";
import { type PortalResponse } from "./responses";

/**
 * Which web pages may call the emulator from a browser. The portal's API is open to every origin (portal-behaviour.md §0), but the
 * emulator's admin key is printed, can be fixed with `--admin-key` and is shared in CI, so by default only pages
 * served from this machine (`http://localhost:*`, `http://127.0.0.1:*`, `http://[::1]:*`, or https) may call it,
 * plus the origins listed here; `*` restores the portal's open policy.
 */
export interface CorsPolicy {
  readonly origins: readonly string[];
}

/** Checks an origin for `--cors-origin` / `corsOrigins`: `*`, or `scheme://host[:port]` and nothing more. */
export function checkCorsOrigin(origin: string): string {
  let normalised: string | undefined;
  try {
    normalised = origin === "*" ? origin : new URL(origin).origin;
  } catch {
    normalised = undefined;
  }
  if (normalised !== origin || normalised === "null") {
    throw new Error(`a CORS origin is * or scheme://host[:port], e.g. http://portal.test:3000 (got ${origin})`);
  }
  return origin;
}

/** What `cors()` adds to every answer: the allowed origin echoed back, nothing for any other. */
export function corsHeaders(headers: IncomingHttpHeaders, policy: CorsPolicy): Record<string, string> {
  if (policy.origins.includes("*")) return { "access-control-allow-origin": "*" };
  const origin = headers.origin;
  const allowed = origin !== undefined && (isLoopbackOrigin(origin) || policy.origins.includes(origin));
  // The answer depends on Origin, so caches must key on it.
  return allowed ? { "access-control-allow-origin": origin, vary: "Origin" } : { vary: "Origin" };
}

/** `cors()` answers preflights itself, before authentication; a page it does not allow gets no allow-* headers. */
export function corsPreflightResponse(headers: IncomingHttpHeaders, policy: CorsPolicy): PortalResponse {
  const cors = corsHeaders(headers, policy);
  if (cors["access-control-allow-origin"] === undefined) return { status: 204, headers: cors };
  const requested = headers["access-control-request-headers"];
  return {
    status: 204,
    headers: {
      ...cors,
      "access-control-allow-methods": "GET,HEAD,PUT,PATCH,POST,DELETE",
      vary: [cors.vary, "Access-Control-Request-Headers"].filter(Boolean).join(", "),
      ...(requested ? { "access-control-allow-headers": requested } : {}),
    },
  };
}
