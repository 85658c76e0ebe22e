import { type FieldSpec } from "../../core/schema/introspect";
import { isRecord } from "../../core/schema/reconcile";
import { type ExportedResource, type SecretMode, type SecretSlot } from "../model";

/**
 * One configured value, walked in the model's field order, for the HCL and TypeScript writers alike: a nested
 * object, a map (keys are the user's own), a plain value, or the place of a secret the `variables` mode gives.
 */
export type ConfiguredValue =
  | { readonly kind: "object"; readonly spec: FieldSpec; readonly entries: readonly ConfiguredValue[] }
  | { readonly kind: "map"; readonly spec: FieldSpec; readonly value: Readonly<Record<string, unknown>> }
  | { readonly kind: "value"; readonly spec: FieldSpec; readonly value: string | number | boolean }
  | { readonly kind: "secret"; readonly spec: FieldSpec; readonly slot: SecretSlot };

/** The resource's configured values (and secret places, in the `variables` mode) in field order. */
export function configuredValues(resource: ExportedResource, mode: SecretMode): ConfiguredValue[] {
  const slots = mode === "variables" ? resource.secrets : [];
  const walk = (fields: readonly FieldSpec[], values: Readonly<Record<string, unknown>>, base: readonly string[]): ConfiguredValue[] => {
    const out: ConfiguredValue[] = [];
    for (const spec of fields) {
      const path = [...base, spec.name];
      const slot = slots.find((s) => s.path.join(".") === path.join("."));
      if (slot) {
        out.push({ kind: "secret", spec, slot });
        continue;
      }
      const value = values[spec.name];
      if (value === undefined || value === null) continue;
      if (spec.type.kind === "object" && isRecord(value)) out.push({ kind: "object", spec, entries: walk(spec.type.fields, value, path) });
      else if (spec.type.kind === "map" && isRecord(value)) out.push({ kind: "map", spec, value });
      else if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
        out.push({ kind: "value", spec, value });
      else throw new Error(`${resource.definition.name}.${path.join(".")}: a value of type ${typeof value} cannot be written`);
    }
    return out;
  };
  return walk(resource.definition.fields, resource.values, []);
}

/** The version written beside a write-only secret: any value; changing it later sends the secret again. */
export const SECRET_VERSION = "1";
