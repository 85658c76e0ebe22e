import { type ResourceDefinition } from "../../core/resources/resource-definition";
import { type FieldSpec } from "../../core/schema/introspect";
import { isRecord } from "../../core/schema/reconcile";
import { isUnknown } from "../../core/schema/unknown";
import { SECRET_CHANGED_MARKER, type TerraformAttribute, terraformAttributes } from "../../terraform/attributes";
import { toModel } from "../../terraform/values";

/** Helpers shared by the declaration readers: Terraform attributes → model values, defaults, unknowns. */

/** Terraform attribute values (state, `show -json`, `cdk.tf.json`) → model values, `_wo` secrets folded in. */
export function modelFromTerraform(definition: ResourceDefinition, attributes: Record<string, unknown>): Record<string, unknown> {
  return toModel(terraformAttributes(definition.fields), attributes);
}

/**
 * Dotted paths of write-only secrets whose `<name>_wo_version` holds the provider's "changed outside Terraform"
 * marker: a refresh already saw the portal's secret differ from what was written.
 */
export function secretsChangedOutside(definition: ResourceDefinition, attributes: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (list: readonly TerraformAttribute[], value: Record<string, unknown>, base: string[]) => {
    for (const attribute of list) {
      const inner = value[attribute.name];
      if (attribute.role === "write_only_version" && inner === SECRET_CHANGED_MARKER) {
        found.push([...base, attribute.spec.name].join("."));
      }
      if (attribute.role === "field" && attribute.nested && isRecord(inner)) walk(attribute.nested, inner, [...base, attribute.name]);
    }
  };
  walk(terraformAttributes(definition.fields), attributes, []);
  return found;
}

/**
 * A configuration with the model's defaults filled in where a field is absent, nested objects included, as the
 * provider's own plan would have them (`enable_debug_log = false`, a hook's `method = "POST"`).
 */
export function withDefaults(fields: readonly FieldSpec[], values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const spec of fields) {
    const value = out[spec.name];
    if (value === undefined && spec.defaultValue !== undefined) out[spec.name] = spec.defaultValue;
    else if (spec.type.kind === "object" && isRecord(value) && !isUnknown(value)) out[spec.name] = withDefaults(spec.type.fields, value);
  }
  return out;
}

/** A copy without unknown values (a read's prior state must hold only known values). */
export function withoutUnknowns(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (isUnknown(inner)) continue;
    out[key] = isRecord(inner) ? withoutUnknowns(inner) : inner;
  }
  return out;
}

/** Fingerprints from a Terraform resource instance's `private` (base64 JSON `{fingerprints: {...}}`). */
export function fingerprintsFromPrivate(encoded: unknown): Record<string, string> {
  if (typeof encoded !== "string" || encoded.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
    if (!isRecord(parsed) || !isRecord(parsed.fingerprints)) return {};
    return Object.fromEntries(Object.entries(parsed.fingerprints).filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch {
    return {};
  }
}
