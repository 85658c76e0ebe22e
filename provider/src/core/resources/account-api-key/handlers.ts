import { PortalNetworkError, PortalServerError } from "../../client";
import { getAccount } from "../account/api";
import { HandlerContext, ResourceHandlers } from "../handler-context";
import { createApiKey, deleteApiKey, listApiKeys, listApiKeysNow } from "./api";
import { ApiKeyConfig, ApiKeyState } from "./schema";

/** The account's keys, or null when the account itself is gone (its keys went with it: §2.6). */
async function keysOf(ctx: HandlerContext, accountSid: string) {
  try {
    return await listApiKeys(ctx, accountSid);
  } catch (error) {
    if ((await getAccount(ctx, accountSid)) === null) return null;
    throw error;
  }
}

/**
 * POST /ApiKeys is not idempotent (§8). When its answer is lost, a key that was not in the list before is the
 * one just created: adopt it rather than create a second.
 */
async function createOrAdopt(ctx: HandlerContext, accountSid: string): Promise<{ sid: string; token: string }> {
  const before = new Set((await listApiKeysNow(ctx, accountSid)).map((k) => k.api_key_sid));
  try {
    return await createApiKey(ctx, accountSid);
  } catch (error) {
    const mayHaveApplied =
      (PortalNetworkError.is(error) && error.mayHaveReachedServer) ||
      (PortalServerError.is(error) && error.status >= 502);
    if (!mayHaveApplied) throw error;
    const fresh = (await listApiKeysNow(ctx, accountSid)).filter((k) => !before.has(k.api_key_sid));
    if (fresh.length === 1) return { sid: fresh[0]!.api_key_sid, token: fresh[0]!.token };
    throw error;
  }
}

function parseImportId(id: string): { accountSid: string; apiKeySid: string } {
  const [accountSid, apiKeySid, ...rest] = id.split("/");
  if (!accountSid || !apiKeySid || rest.length > 0) {
    throw new Error(
      `An API key is imported as "<account_sid>/<api_key_sid>" (the portal can only find keys through their account); got ${JSON.stringify(id)}`,
    );
  }
  return { accountSid, apiKeySid };
}

export const apiKeyHandlers: ResourceHandlers<ApiKeyConfig, ApiKeyState> = {
  async create(ctx, config) {
    const key = await createOrAdopt(ctx, config.account_sid);
    return { ...config, id: key.sid, token: key.token };
  },

  async read(ctx, prior) {
    const key = (await keysOf(ctx, prior.account_sid))?.find((k) => k.api_key_sid === prior.id);
    return key ? { ...prior, token: key.token } : null;
  },

  // Every input replaces the key (there is no update route), so an update only ever records new triggers.
  async update(_ctx, prior, config) {
    return { ...config, id: prior.id, token: prior.token };
  },

  async delete(ctx, prior) {
    await deleteApiKey(ctx, prior.account_sid, prior.id);
  },

  async importState(ctx, id) {
    const { accountSid, apiKeySid } = parseImportId(id);
    const key = (await keysOf(ctx, accountSid))?.find((k) => k.api_key_sid === apiKeySid);
    return key ? { account_sid: accountSid, id: key.api_key_sid, token: key.token } : null;
  },
};
