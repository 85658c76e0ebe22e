import { HandlerContext } from "../handler-context";
import { parseWire } from "../wire";
import { WireLimit, wireLimitList } from "./schema";

/** Typed calls for account limits (portal-api.md §5). */

export async function getLimits(ctx: HandlerContext, accountSid: string): Promise<WireLimit[]> {
  return parseWire(wireLimitList, await ctx.client.get(["Accounts", accountSid, "Limits"]), "GET /Accounts/:sid/Limits");
}

/** POST is an upsert by category, but not safe against concurrent POSTs: callers send one at a time. */
export async function setLimit(ctx: HandlerContext, accountSid: string, category: string, quantity: number): Promise<void> {
  await ctx.client.post(["Accounts", accountSid, "Limits"], { category, quantity });
}

/** Always with a category: without one the portal wipes every limit of the account (§5). */
export async function deleteLimit(ctx: HandlerContext, accountSid: string, category: string): Promise<void> {
  await ctx.client.delete(["Accounts", accountSid, "Limits"], { query: { category } });
}
