import { type z } from "zod";
import { type HandlerContext } from "../resources/handler-context";
import { type FieldSpec, fieldsOf } from "../schema/introspect";

/**
 * Something done to the portal on request, that owns nothing and keeps no state (Terraform 1.14+ actions): its
 * configuration, and what running it does. Older tools get the same effect from a resource with triggers.
 */
export interface ActionDefinition<Config = any> {
  /** `account_tts_cache_clear` → Terraform `voicegateway_account_tts_cache_clear`. */
  readonly name: string;
  /** One paragraph for the docs and the schema; says what the action changes in the portal. */
  readonly description: string;
  readonly inputs: z.ZodObject;
  /** The inputs, read off the zod model. */
  readonly fields: readonly FieldSpec[];
  /**
   * Runs the action, yielding a short message for each step as it goes (terraform shows them as progress). Fails by
   * throwing an error whose message is safe to show: nothing secret in it.
   */
  run(ctx: HandlerContext, config: Config): AsyncGenerator<string, void, undefined>;
}

export function defineAction<Config>(definition: Omit<ActionDefinition<Config>, "fields">): ActionDefinition<Config> {
  return { ...definition, fields: fieldsOf(definition.inputs) };
}
