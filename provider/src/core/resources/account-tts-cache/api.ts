import { type HandlerContext } from "../handler-context";
import { parseWire } from "../wire";
import { wireTtsCache } from "./schema";

/** The account's TTS prompt cache (portal-behaviour.md §6): `size` is a count of cached prompts, not bytes. */

export async function countCachedPrompts(ctx: HandlerContext, accountSid: string): Promise<number> {
  return parseWire(wireTtsCache, await ctx.client.get(["Accounts", accountSid, "TtsCache"]), "GET /Accounts/:sid/TtsCache").size;
}

export async function clearTtsCache(ctx: HandlerContext, accountSid: string): Promise<void> {
  await ctx.client.delete(["Accounts", accountSid, "TtsCache"]);
}
