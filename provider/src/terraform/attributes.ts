import { type FieldSpec, type FieldType } from "../core/schema/introspect";

/**
 * The Terraform attributes of a model: its fields, plus `<name>_wo` and `<name>_wo_version` beside every
 * write-only secret (Terraform >= 1.11), so a secret can be written without ever landing in state.
 */
export type TerraformAttribute =
  | { readonly role: "field"; readonly name: string; readonly spec: FieldSpec; readonly nested?: readonly TerraformAttribute[] }
  | { readonly role: "write_only"; readonly name: string; readonly spec: FieldSpec }
  | { readonly role: "write_only_version"; readonly name: string; readonly spec: FieldSpec };

/** Shown in `<name>_wo_version` when a read finds that the portal's secret no longer matches what was written. */
export const SECRET_CHANGED_MARKER = "changed-outside-terraform";

export const writeOnlyName = (field: string): string => `${field}_wo`;
export const writeOnlyVersionName = (field: string): string => `${field}_wo_version`;

export function terraformAttributes(fields: readonly FieldSpec[]): TerraformAttribute[] {
  const out: TerraformAttribute[] = [];
  for (const spec of fields) {
    out.push({
      role: "field",
      name: spec.name,
      spec,
      ...(spec.type.kind === "object" ? { nested: terraformAttributes(spec.type.fields) } : {}),
    });
    if (spec.meta.writeOnly) {
      out.push({ role: "write_only", name: writeOnlyName(spec.name), spec });
      out.push({ role: "write_only_version", name: writeOnlyVersionName(spec.name), spec });
    }
  }
  return out;
}

/** The field attribute at a model path (nested objects only; map keys end the walk). */
export function fieldAt(attributes: readonly TerraformAttribute[], path: readonly (string | number)[]): FieldSpec | undefined {
  let current: readonly TerraformAttribute[] | undefined = attributes;
  let found: TerraformAttribute | undefined;
  for (const step of path) {
    found = current?.find((a) => a.role === "field" && a.name === step);
    current = found?.role === "field" ? found.nested : undefined;
  }
  return found?.role === "field" ? found.spec : undefined;
}

/** The cty type of a field, as Terraform's schema JSON spells it. */
export function ctyType(type: FieldType): unknown {
  switch (type.kind) {
    case "string":
      return "string";
    case "number":
      return "number";
    case "bool":
      return "bool";
    case "map":
      return ["map", ctyType(type.values)];
    case "object":
      return ["object", Object.fromEntries(type.fields.map((f) => [f.name, ctyType(f.type)]))];
  }
}
