import { type ResourceHandlers } from "../handler-context";
import { clearTtsCache, countCachedPrompts } from "./api";
import { type TtsCacheClearConfig, type TtsCacheClearState } from "./schema";

/**
 * An action with a memory, like terraform_data: it clears the cache when created (and, through replacement,
 * whenever its triggers change). It owns nothing in the portal, so reading and deleting it make no calls.
 */
export const ttsCacheClearHandlers: ResourceHandlers<TtsCacheClearConfig, TtsCacheClearState> = {
  async create(ctx, config) {
    const count = await countCachedPrompts(ctx, config.account_sid);
    await clearTtsCache(ctx, config.account_sid);
    return { ...config, id: config.account_sid, cleared_prompts: count };
  },
  read: async (_ctx, prior) => prior,
  update: async (_ctx, prior, config) => ({ ...config, id: prior.id, cleared_prompts: prior.cleared_prompts }),
  delete: async () => undefined,
  importState: async () => null,
};
