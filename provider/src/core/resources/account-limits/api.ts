import { type HandlerContext } from "../handler-context";
import { parseWire } from "../wire";
import { type WireLimit, wireLimitList } from "./schema";

/** Typed calls for account limits. */

export async function getLimits(ctx: HandlerContext, accountSid: string): Promise<WireLimit[]> {
  return parseWire(wireLimitList, await ctx.client.get(["Accounts", accountSid, "Limits"]), "GET /Accounts/:sid/Limits");
}

/**
 * POST is an upsert by category, so repeating it after a lost answer is harmless and it is retried like a PUT. It
 * is not safe against concurrent POSTs of one category (duplicate rows): callers send one at a time.
 */
export async function setLimit(ctx: HandlerContext, accountSid: string, category: string, quantity: number): Promise<void> {
  await ctx.client.post(["Accounts", accountSid, "Limits"], { category, quantity }, { idempotent: true });
}

/** With a category: without one the portal wipes every limit of the account (that is `deleteAllLimits`). */
export async function deleteLimit(ctx: HandlerContext, accountSid: string, category: string): Promise<void> {
  await ctx.client.delete(["Accounts", accountSid, "Limits"], { query: { category } });
}

/** Every limit of the account, in one request (the portal's DELETE without a category). */
export async function deleteAllLimits(ctx: HandlerContext, accountSid: string): Promise<void> {
  await ctx.client.delete(["Accounts", accountSid, "Limits"]);
}
