import { ConfigValidationError } from "../schema/issues";
import { containsUnknown } from "../schema/unknown";
import { type HandlerContext } from "./handler-context";
import { parseConfig, type ResourceDefinition } from "./resource-definition";

/**
 * Create and update from raw user input: every problem is found before the first request (nothing half-applied
 * because of a typo), then the handler runs. Front ends without their own validation step use these.
 */
export function validatedConfig<Config, State>(
  definition: ResourceDefinition<Config, State>,
  raw: Record<string, unknown>,
  prior: State | null,
): Config {
  if (containsUnknown(raw)) throw new Error(`The ${definition.name} configuration still holds unknown values`);
  const parsed = parseConfig(definition, raw);
  if (!parsed.ok) throw new ConfigValidationError(`voicegateway_${definition.name}`, parsed.issues);
  if (!parsed.known) throw new Error("unreachable: a configuration without unknowns is known");
  const issues = definition.checkPlan?.(parsed.config, prior) ?? [];
  if (issues.length > 0) throw new ConfigValidationError(`voicegateway_${definition.name}`, issues);
  return parsed.config;
}

export async function createFromInput<Config, State>(
  definition: ResourceDefinition<Config, State>,
  ctx: HandlerContext,
  raw: Record<string, unknown>,
): Promise<State> {
  return definition.handlers.create(ctx, validatedConfig(definition, raw, null));
}

export async function updateFromInput<Config, State>(
  definition: ResourceDefinition<Config, State>,
  ctx: HandlerContext,
  prior: State,
  raw: Record<string, unknown>,
): Promise<State> {
  return definition.handlers.update(ctx, prior, validatedConfig(definition, raw, prior));
}
