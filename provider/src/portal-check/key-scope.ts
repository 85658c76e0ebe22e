import { type PortalClient, PortalForbiddenError } from "../core/client";
import { type KeyScope } from "./model";

export interface DetectedScope {
  readonly scope: KeyScope;
  /** The service provider the check works in: the configured one, else the one every visible account has. */
  readonly serviceProviderSid: string | undefined;
}

const rows = (body: unknown): readonly Record<string, unknown>[] =>
  Array.isArray(body) ? body.filter((r): r is Record<string, unknown> => typeof r === "object" && r !== null) : [];

/**
 * The key's scope, told by reads only, from where the key itself is listed: a service-provider key appears in its
 * service provider's key list, an account key in its account's (the only account it sees). A key in neither is an
 * admin key. The scope decides which "already gone" answers the portal should give (404 for admin, 403 otherwise).
 * Tokens are compared in memory and never kept.
 */
export async function detectKeyScope(
  client: PortalClient,
  apiKey: string,
  configuredSp: string | undefined,
  accounts: readonly Record<string, unknown>[],
): Promise<DetectedScope> {
  const owners = [...new Set(accounts.map((a) => a.service_provider_sid).filter((sp): sp is string => typeof sp === "string"))];
  const serviceProviderSid = configuredSp ?? (owners.length === 1 ? owners[0] : undefined);
  const listsKey = async (segments: readonly string[]) => rows(await client.get(segments)).some((key) => key.token === apiKey);

  let spListReadable = false;
  if (serviceProviderSid) {
    try {
      if (await listsKey(["ServiceProviders", serviceProviderSid, "ApiKeys"])) return { scope: "service_provider", serviceProviderSid };
      spListReadable = true;
    } catch (error) {
      if (!PortalForbiddenError.is(error)) throw error;
    }
  }
  const only = accounts.length === 1 ? accounts[0]?.account_sid : undefined;
  if (typeof only === "string" && (await listsKey(["Accounts", only, "ApiKeys"]))) return { scope: "account", serviceProviderSid };
  return { scope: spListReadable ? "admin" : "unknown", serviceProviderSid };
}
