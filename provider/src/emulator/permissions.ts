import { BadRequestError, DbErrorForbidden, MiddlewareFailure } from "./portal-errors";
import { type RouteContext } from "./route-context";
import { parseSid } from "./sid";

export function parseAccountSid(ctx: RouteContext): string | undefined {
  return parseSid("Accounts", ctx.originalUrl);
}

/** The SP filter the portal adds to account lookups for service-provider callers. */
export function serviceProviderFilter(ctx: RouteContext): string | null {
  return ctx.principal.scope === "service_provider" ? ctx.principal.serviceProviderSid : null;
}

/**
 * `validateRequest` of the account routes (portal-behaviour.md §1.3): admin passes; account scope needs the exact path SID (so an
 * upper-case SID is refused); a service provider needs the account to exist under it, so a missing account is a
 * 403 too (portal-behaviour.md §2.4).
 */
export function validateAccountAccess(ctx: RouteContext, accountSid: string | undefined): void {
  const { principal, session } = ctx;
  if (principal.scope === "admin") return;
  if (principal.scope === "account") {
    if (accountSid === principal.accountSid) return;
    throw new DbErrorForbidden("insufficient permissions");
  }
  const account = session.db.findBy("accounts", "account_sid", accountSid);
  if (account && account.service_provider_sid === principal.serviceProviderSid) return;
  throw new DbErrorForbidden("insufficient permissions");
}

/**
 * `hasAccountPermissions`, the middleware in front of `/Accounts/:sid/Limits`, `/TtsCache`, ... (portal-behaviour.md §1.2). It answers
 * in the `{status:"fail", message}` shape, including for a malformed SID from a non-admin caller.
 */
export function requireAccountPermissions(ctx: RouteContext): void {
  const { principal, session } = ctx;
  if (principal.scope === "admin") return;
  let accountSid: string | undefined;
  try {
    accountSid = parseAccountSid(ctx);
  } catch (err) {
    if (err instanceof BadRequestError) throw new MiddlewareFailure(400, err.message);
    throw err;
  }
  const account = session.db.findBy("accounts", "account_sid", accountSid);
  if (principal.scope === "service_provider" && account?.service_provider_sid === principal.serviceProviderSid) return;
  if (principal.scope === "account" && account && account.account_sid === principal.accountSid) return;
  throw new MiddlewareFailure(403, "insufficient privileges");
}

/** Admin-only routes such as the global `/TtsCache` (portal-behaviour.md §1.2, §6). */
export function requireAdmin(ctx: RouteContext): void {
  if (ctx.principal.scope !== "admin") throw new MiddlewareFailure(403, "insufficient privileges");
}

/**
 * `validateRetrieve` of the service-provider routes: the path SP must be the caller's own (account callers use
 * their account's SP); admin sees any (portal-behaviour.md §1.3).
 */
export function validateServiceProviderAccess(ctx: RouteContext): string | undefined {
  const serviceProviderSid = parseSid("ServiceProviders", ctx.originalUrl);
  if (ctx.principal.scope === "admin") return serviceProviderSid;
  if (serviceProviderSid === ctx.principal.serviceProviderSid) return serviceProviderSid;
  throw new DbErrorForbidden("insufficient permissions");
}
