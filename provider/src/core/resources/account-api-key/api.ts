import { PortalNotFoundError } from "../../client";
import { HandlerContext } from "../handler-context";
import { parseWire } from "../wire";
import { WireApiKey, wireApiKeyCreated, wireApiKeyList } from "./schema";

/** Typed calls for account API keys (portal-api.md §4). There is no get-one route: keys are found by listing. */

export async function listApiKeys(ctx: HandlerContext, accountSid: string): Promise<readonly WireApiKey[]> {
  const list = async () => parseWire(wireApiKeyList, await ctx.client.get(["Accounts", accountSid, "ApiKeys"]), "GET /Accounts/:sid/ApiKeys");
  return ctx.cache ? ctx.cache.keys(accountSid, list) : list();
}

/** A fresh list, never the shared one: used to tell which key a lost POST created. */
export async function listApiKeysNow(ctx: HandlerContext, accountSid: string): Promise<readonly WireApiKey[]> {
  ctx.cache?.keysWritten(accountSid);
  return listApiKeys(ctx, accountSid);
}

/** Only `account_sid` is sent: adding `service_provider_sid` would make a service-provider key (§4). */
export async function createApiKey(ctx: HandlerContext, accountSid: string): Promise<{ sid: string; token: string }> {
  ctx.cache?.keysWritten(accountSid);
  const body = await ctx.client.post(["ApiKeys"], { account_sid: accountSid });
  return parseWire(wireApiKeyCreated, body, "POST /ApiKeys");
}

/** True when deleted, false when it was already gone (404 `Not Found`). */
export async function deleteApiKey(ctx: HandlerContext, accountSid: string, apiKeySid: string): Promise<boolean> {
  ctx.cache?.keysWritten(accountSid);
  try {
    await ctx.client.delete(["ApiKeys", apiKeySid]);
    return true;
  } catch (error) {
    if (PortalNotFoundError.is(error)) return false;
    throw error;
  }
}
