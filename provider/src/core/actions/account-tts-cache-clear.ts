import { z } from "zod";
import { clearTtsCache, countCachedPrompts } from "../resources/account-tts-cache/api";
import { sid } from "../resources/shared-fields";
import { field } from "../schema/meta";
import { defineAction } from "./action-definition";

const inputs = z.object({
  account_sid: field(sid(), { description: "SID of the account whose TTS prompt cache is cleared." }),
});

/** The portal's "Clear TTS Cache" button, as an action: counts the cached prompts, then clears them. */
export const accountTtsCacheClearAction = defineAction<z.output<typeof inputs>>({
  name: "account_tts_cache_clear",
  description:
    "Clears an account's TTS prompt cache (the portal's \"Clear TTS Cache\" button), so speech is synthesised afresh, and reports how many prompts it held. Nothing is kept in state; the `voicegateway_account_tts_cache_clear` resource does the same for OpenTofu and Terraform before 1.14.",
  inputs,
  async *run(ctx, { account_sid }) {
    const count = await countCachedPrompts(ctx, account_sid);
    yield `Clearing the TTS cache of account ${account_sid}: ${prompts(count)} cached.`;
    await clearTtsCache(ctx, account_sid);
    yield `Cleared ${prompts(count)} from the TTS cache of account ${account_sid}.`;
  },
});

const prompts = (count: number) => `${count} ${count === 1 ? "prompt" : "prompts"}`;
