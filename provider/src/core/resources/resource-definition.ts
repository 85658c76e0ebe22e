import { z } from "zod";
import { type FieldSpec, fieldsOf } from "../schema/introspect";
import { type ValidationIssue } from "../schema/issues";
import { checkConfig, type Rule } from "../schema/validate";
import { type HandlerContext, type ResourceHandlers } from "./handler-context";
import { type ResourceIdentity } from "./resource-identity";
import { type ResourceList } from "./resource-list";

/** One resource, as every front end sees it: its model, its checks and its handlers. */
// biome-ignore lint/suspicious/noExplicitAny: registries hold definitions of every type; each is typed where it is declared
export interface ResourceDefinition<Config = any, State = any> {
  /** `account_api_key` → Terraform `voicegateway_account_api_key`. */
  readonly name: string;
  /** One paragraph for the docs and the schema. */
  readonly description: string;
  readonly inputs: z.ZodObject;
  readonly outputs: z.ZodObject;
  /** Inputs then outputs, read off the zod models. */
  readonly fields: readonly FieldSpec[];
  /** Bumped whenever the state shape changes; front ends upgrade older states (see `upgradeState`). */
  readonly schemaVersion: number;
  /** Turn a state written at an older schema version into the current shape. */
  upgradeState?(version: number, state: Record<string, unknown>): Record<string, unknown>;
  readonly rules: readonly Rule<Config>[];
  /**
   * Checks that need the prior state (null on create). They also run on a configuration with field errors, so every
   * problem shows in one plan: read its values defensively.
   */
  checkPlan?(config: Config, prior: State | null): ValidationIssue[];
  /**
   * Checks against what the portal holds, at plan time (a name another account already uses). `releasing` lists
   * objects this plan deletes or replaces, whose names are free by the time the change is applied.
   */
  checkPortal?(ctx: HandlerContext, config: Config, prior: State | null, releasing: ReadonlySet<string>): Promise<ValidationIssue[]>;
  readonly handlers: ResourceHandlers<Config, State>;
  /** Outputs that get a new value when one of these inputs changes (the webhook secret on rotation). */
  readonly recomputedBy?: Readonly<Record<string, readonly string[]>>;
  /** What `terraform import` takes, e.g. `<account_sid>/<api_key_sid>`; absent when the resource cannot be imported. */
  readonly importId?: { readonly format: string; readonly example: string };
  /** The attributes that identify an object and stand for its import ID; only for importable resources. */
  readonly identity?: ResourceIdentity;
  /** How to find the existing objects to adopt; needs `identity`. */
  // biome-ignore lint/suspicious/noExplicitAny: a list's filters are its own business; the definition holds any
  readonly list?: ResourceList<any, State>;
}

export function defineResource<Config, State>(
  definition: Omit<ResourceDefinition<Config, State>, "fields">,
): ResourceDefinition<Config, State> {
  return { ...definition, fields: fieldsOf(z.object({ ...definition.inputs.shape, ...definition.outputs.shape })) };
}

/**
 * The configuration's result: its problems (every one at once), or, when it is valid, the configuration with the
 * model's defaults applied, or `known: false` while parts of it are still unknown (nothing more to say yet).
 */
export type ParsedConfig<Config> =
  | { ok: true; known: true; config: Config }
  | { ok: true; known: false }
  | { ok: false; issues: ValidationIssue[] };

/** Validate a configuration in which null means "not set" and unknown values are skipped. */
export function parseConfig<Config>(
  definition: Pick<ResourceDefinition<Config>, "inputs" | "rules">,
  raw: Record<string, unknown>,
): ParsedConfig<Config> {
  const { issues, config } = checkConfig(definition.inputs, raw, definition.rules);
  if (issues.length > 0) return { ok: false, issues };
  if (config === undefined) return { ok: true, known: false };
  return { ok: true, known: true, config };
}
