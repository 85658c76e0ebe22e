import { DbErrorBadRequest } from "../portal-errors";
import { jsonResponse, type PortalResponse } from "../responses";
import { type RouteContext, type RouteDefinition } from "../route-context";
import { sqlEquals } from "../value-coercion";

/**
 * portal-behaviour.md §2.9: `type=subdomain` checks `accounts.sip_realm = value` (with the column's case-insensitive collation).
 * Users are not emulated, so `email` and `phone` are always available.
 */
function checkAvailability(ctx: RouteContext): PortalResponse {
  const type = ctx.query.get("type");
  const value = ctx.query.get("value");
  if (type === "email" || type === "phone") return jsonResponse(200, { available: true });
  if (type !== "subdomain") throw new DbErrorBadRequest(`invalid type: ${String(type ?? undefined)}`);
  if (value === null) throw new TypeError("Bind parameters must not contain undefined. To pass SQL NULL specify JS null");
  const taken = ctx.session.db.count("accounts", (row) => sqlEquals(row.sip_realm, value)) > 0;
  return jsonResponse(200, { available: !taken });
}

export const availabilityRoutes: readonly RouteDefinition[] = [{ method: "GET", path: "/v1/Availability", handler: checkAvailability }];
