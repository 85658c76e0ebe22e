import { getAccount } from "../account/api";
import { type HandlerContext, type ResourceHandlers } from "../handler-context";
import { processLocks } from "../keyed-lock";
import { findAfterLostAnswer, mayHaveApplied, UnresolvedCreateError } from "../lost-create";
import { createApiKey, deleteApiKey, listApiKeys, listApiKeysNow } from "./api";
import { type ApiKeyConfig, type ApiKeyState } from "./schema";

/** The account's keys, or null when the account itself is gone (its keys went with it). */
async function keysOf(ctx: HandlerContext, accountSid: string) {
  try {
    return await listApiKeys(ctx, accountSid);
  } catch (error) {
    if ((await getAccount(ctx, accountSid)) === null) return null;
    throw error;
  }
}

/**
 * POST /ApiKeys is not idempotent. Key creates of one account run one at a time in this process, against a
 * baseline of the keys the account had (the session's, or a list first): when an answer is lost, the one key that
 * is new against it is the one just created. Anything else fails loudly with the candidates' SIDs, so no live key
 * is left untracked without anyone being told.
 */
async function createOrAdopt(ctx: HandlerContext, accountSid: string): Promise<{ sid: string; token: string }> {
  return processLocks.run(`api keys ${ctx.client.apiUrl} ${accountSid}`, async () => {
    const before = ctx.session?.keys.baseline(accountSid) ?? new Set((await listApiKeysNow(ctx, accountSid)).map((k) => k.api_key_sid));
    const known = new Set(before);
    try {
      return await createApiKey(ctx, accountSid);
    } catch (error) {
      if (!mayHaveApplied(error)) throw error;
      const fresh = await findAfterLostAnswer(
        async () => (await listApiKeysNow(ctx, accountSid)).filter((k) => !known.has(k.api_key_sid)),
        ctx.signal,
      );
      if (fresh.length === 1) {
        ctx.session?.keys.keyCreated(accountSid, fresh[0]!.api_key_sid);
        return { sid: fresh[0]!.api_key_sid, token: fresh[0]!.token };
      }
      const sids = fresh.map((k) => k.api_key_sid);
      throw new UnresolvedCreateError(
        fresh.length === 0
          ? `The request may have reached the portal, but no new API key appeared on account ${accountSid}. ` +
              `If one appears later, it is not tracked: delete it or import it as ${accountSid}/<api_key_sid>`
          : `API keys ${sids.join(", ")} appeared on account ${accountSid} while this create's answer was lost, so which one ` +
              `is this create's cannot be told. Import the one to keep as ${accountSid}/<api_key_sid> and delete the others`,
        sids,
        error,
      );
    }
  });
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
