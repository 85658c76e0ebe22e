import { z } from "zod";
import { field } from "../../schema/meta";
import { accountSidInput, idOutput, triggersInput } from "../common-fields";

/** Clearing the TTS prompt cache is an action, not state (portal-behaviour.md §6): it runs on create and on trigger change. */
export const ttsCacheClearInputs = z.object({
  account_sid: accountSidInput(),
  triggers: triggersInput("clears the account's TTS prompt cache again"),
});

export const ttsCacheClearOutputs = z.object({
  id: idOutput("account SID whose cache was cleared"),
  cleared_prompts: field(z.number().int(), {
    description: "How many cached TTS prompts there were when the cache was last cleared.",
    readOnly: true,
  }),
});

export type TtsCacheClearConfig = z.output<typeof ttsCacheClearInputs>;
export type TtsCacheClearState = TtsCacheClearConfig & z.output<typeof ttsCacheClearOutputs>;

export const wireTtsCache = z.object({ size: z.number() });
