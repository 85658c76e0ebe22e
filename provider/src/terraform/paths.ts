import { isRecord } from "../core/schema/reconcile";
import { type TerraformAttribute, writeOnlyName } from "./attributes";
import { mapKey, type PathStep } from "./protocol/attribute-path";
import { type TfObject } from "./values";

/**
 * A model path as a Terraform attribute path: map keys become key steps, and a secret given through its write-only
 * form is reported at `<name>_wo`, where the user wrote it.
 */
export function terraformPath(
  attributes: readonly TerraformAttribute[],
  path: readonly (string | number)[],
  config: TfObject | null,
): PathStep[] {
  const out: PathStep[] = [];
  let current: readonly TerraformAttribute[] | undefined = attributes;
  let value: unknown = config;
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const attribute: TerraformAttribute | undefined = current?.find((a) => a.role === "field" && a.name === step);
    if (!attribute || attribute.role !== "field") {
      out.push(typeof step === "number" ? step : String(step));
      continue;
    }
    const object = isRecord(value) ? value : undefined;
    const viaWriteOnly =
      attribute.spec.meta.writeOnly && object?.[attribute.name] == null && object?.[writeOnlyName(attribute.name)] != null;
    out.push(viaWriteOnly ? writeOnlyName(attribute.name) : attribute.name);
    if (attribute.spec.type.kind === "map" && i + 1 < path.length) {
      out.push(mapKey(String(path[++i])));
      current = undefined;
    } else {
      current = attribute.nested;
      value = object?.[attribute.name];
    }
  }
  return out;
}
