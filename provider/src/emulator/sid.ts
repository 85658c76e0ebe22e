import { isValidUuid } from "./ids";
import { BadRequestError } from "./portal-errors";

export type SidModel = "Accounts" | "ServiceProviders" | "Applications";

/**
 * The portal takes SIDs from the raw URL with a case-sensitive, unanchored regex, not from the route params (portal-behaviour.md §0):
 * - `/v1/accounts/<sid>` matches the route but yields no SID (undefined), so checks quietly change (portal-behaviour.md §0.1);
 * - a query string after the SID becomes part of it, so `GET /Accounts/<sid>?x=1` is a 400 (portal-behaviour.md §2.1);
 * - an invalid UUID throws, which handlers turn into 400 `Bad request` (portal-behaviour.md §1.2).
 */
export function parseSid(model: SidModel, originalUrl: string): string | undefined {
  const match = new RegExp(`${model}/([^/]*)`).exec(originalUrl);
  if (!match) return undefined;
  const sid = match[1] ?? "";
  if (!isValidUuid(sid)) throw new BadRequestError(`invalid ${model}Sid format`);
  return sid;
}
