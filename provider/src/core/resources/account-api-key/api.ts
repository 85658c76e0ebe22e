import { PortalNotFoundError } from "../../client";
import { type HandlerContext } from "../handler-context";
import { parseWire } from "../wire";
import { type WireApiKey, wireApiKeyCreated, wireApiKeyList } from "./schema";

/** Typed calls for account API keys. There is no get-one route: keys are found by listing their account's. */

export async function listApiKeys(ctx: HandlerContext, accountSid: string): Promise<readonly WireApiKey[]> {
  const list = async () => {
    const keys = parseWire(wireApiKeyList, await ctx.client.get(["Accounts", accountSid, "ApiKeys"]), "GET /Accounts/:sid/ApiKeys");
    ctx.session?.keys.listed(
      accountSid,
      keys.map((k) => k.api_key_sid),
    );
    return keys;
  };
  return ctx.session ? ctx.session.reads.keys(accountSid, list) : list();
}

/** A fresh list, never the shared one: used to tell which key a lost POST created. */
export async function listApiKeysNow(ctx: HandlerContext, accountSid: string): Promise<readonly WireApiKey[]> {
  ctx.session?.reads.keysWritten(accountSid);
  return listApiKeys(ctx, accountSid);
}

/** Only `account_sid` is sent: adding `service_provider_sid` would make a service-provider key. */
export async function createApiKey(ctx: HandlerContext, accountSid: string): Promise<{ sid: string; token: string }> {
  ctx.session?.reads.keysWritten(accountSid);
  const body = await ctx.client.post(["ApiKeys"], { account_sid: accountSid });
  const key = parseWire(wireApiKeyCreated, body, "POST /ApiKeys");
  ctx.session?.keys.keyCreated(accountSid, key.sid);
  return key;
}

/** True when deleted, false when it was already gone (404 `Not Found`). */
export async function deleteApiKey(ctx: HandlerContext, accountSid: string, apiKeySid: string): Promise<boolean> {
  ctx.session?.reads.keysWritten(accountSid);
  try {
    await ctx.client.delete(["ApiKeys", apiKeySid]);
    return true;
  } catch (error) {
    if (PortalNotFoundError.is(error)) return false;
    throw error;
  } finally {
    ctx.session?.keys.keyDeleted(accountSid, apiKeySid);
  }
}
