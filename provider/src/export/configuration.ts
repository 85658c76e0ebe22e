import { type ResourceDefinition } from "../core/resources/resource-definition";
import { type FieldSpec } from "../core/schema/introspect";
import { deepEqual, isRecord } from "../core/schema/reconcile";

/**
 * The configuration that reproduces an imported state, read off the model's field metadata so that it holds for
 * every field, present and future:
 * - outputs (`readOnly`) are the provider's to compute, never configured;
 * - triggers (`webhook_secret_rotation`, `triggers`) are not stored by the portal, and setting one after an import
 *   is recorded as an in-place update: left out, so the plan shows only imports;
 * - secrets (`sensitive`) are never copied: the paths of those the portal stores are returned instead, for the
 *   caller to leave out ("keep what the portal stores") or to give through a write-only variable;
 * - values equal to the model's default are left out, except those named in `alwaysWritten`.
 */
export interface Configuration {
  readonly values: Record<string, unknown>;
  /** Model paths of secrets the portal stores (non-empty in the state), e.g. `["registration_hook", "password"]`. */
  readonly secretPaths: readonly (readonly string[])[];
}

export interface ConfigurationOptions {
  /** Top-level inputs to leave out (`account_sid`, written as a reference). */
  readonly omit?: readonly string[];
  /** Inputs written even when they equal the default, because they say what the others mean (`unit`). */
  readonly alwaysWritten?: readonly string[];
}

export function configurationOf(
  definition: ResourceDefinition,
  state: Record<string, unknown>,
  options: ConfigurationOptions = {},
): Configuration {
  const secretPaths: string[][] = [];
  const omit = new Set(options.omit ?? []);
  const always = new Set(options.alwaysWritten ?? []);
  const walk = (fields: readonly FieldSpec[], values: Record<string, unknown>, base: readonly string[]): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const spec of fields) {
      if (spec.meta.readOnly || spec.meta.trigger || (base.length === 0 && omit.has(spec.name))) continue;
      const value = values[spec.name];
      if (value === undefined || value === null) continue;
      if (spec.meta.sensitive) {
        if (value !== "") secretPaths.push([...base, spec.name]);
        continue;
      }
      if (spec.type.kind === "object" && isRecord(value)) {
        out[spec.name] = walk(spec.type.fields, value, [...base, spec.name]);
        continue;
      }
      if (spec.defaultValue !== undefined && deepEqual(value, spec.defaultValue) && !(base.length === 0 && always.has(spec.name))) continue;
      out[spec.name] = value;
    }
    return out;
  };
  return { values: walk(definition.fields, state, []), secretPaths };
}
