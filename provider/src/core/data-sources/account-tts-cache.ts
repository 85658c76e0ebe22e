import { z } from "zod";
import { countCachedPrompts } from "../resources/account-tts-cache/api";
import { accountSidInput } from "../resources/shared-fields";
import { field } from "../schema/meta";
import { defineDataSource } from "./data-source-definition";

const inputs = z.object({ account_sid: accountSidInput() });
const outputs = z.object({
  cached_prompts: field(z.number().int(), {
    description: 'Number of TTS prompts the account has cached (the portal shows "There are N cached TTS prompts").',
    readOnly: true,
  }),
});

export const accountTtsCacheDataSource = defineDataSource<z.output<typeof inputs>, Record<string, unknown>>({
  name: "account_tts_cache",
  description: "Reads how many TTS prompts an account has cached.",
  inputs,
  outputs,
  check: () => [],
  async read(ctx, config) {
    return { id: config.account_sid, account_sid: config.account_sid, cached_prompts: await countCachedPrompts(ctx, config.account_sid) };
  },
});
