import { triggerFires } from "../core/schema/meta";
import { deepEqual, isRecord, sameValue } from "../core/schema/reconcile";
import { isUnknown, UNKNOWN } from "../core/schema/unknown";
import { type TerraformAttribute } from "./attributes";
import { type TfObject } from "./values";

/**
 * Terraform's planning rules applied to our metadata (engines.md §A.4): config values are planned as given, unless
 * the prior value means the same (kept, so normalisation shows no diff); defaults fill omitted optional fields;
 * computed fields keep their prior value, or are unknown until the first apply; write-only values are never planned.
 */
export function planAttributes(attributes: readonly TerraformAttribute[], prior: TfObject | null, config: TfObject): TfObject {
  const planned: TfObject = {};
  const secretWrittenOnly = (name: string) => isSetValue(config[`${name}_wo`]);
  for (const attribute of attributes) {
    const configured = config[attribute.name] ?? null;
    const priorValue = prior ? (prior[attribute.name] ?? null) : null;
    if (attribute.role === "write_only") {
      planned[attribute.name] = null;
      continue;
    }
    if (attribute.role === "write_only_version") {
      planned[attribute.name] = configured;
      continue;
    }
    const { spec } = attribute;
    if (spec.meta.readOnly) {
      planned[attribute.name] = prior ? priorValue : UNKNOWN;
    } else if (isUnknown(configured)) {
      planned[attribute.name] = configured;
    } else if (configured === null) {
      if (spec.defaultValue !== undefined) planned[attribute.name] = spec.defaultValue;
      else if (!spec.meta.computed) planned[attribute.name] = null;
      else if (spec.meta.writeOnly) planned[attribute.name] = secretWrittenOnly(spec.name) ? null : priorValue;
      else planned[attribute.name] = prior ? priorValue : UNKNOWN;
    } else if (attribute.nested && isRecord(configured)) {
      const priorObject = isRecord(priorValue) && !isUnknown(priorValue) ? priorValue : null;
      planned[attribute.name] = planAttributes(attribute.nested, priorObject, configured);
    } else if (priorValue !== null && !isUnknown(priorValue) && sameValue(spec, priorValue, configured)) {
      planned[attribute.name] = priorValue;
    } else {
      planned[attribute.name] = configured;
    }
  }
  return planned;
}

/**
 * Whether a top-level attribute's planned value differs from the prior one so that it acts: any difference, except
 * for a `trigger`, which acts only when it goes from one value to another (see `triggerFires`).
 */
export function changesAct(attribute: TerraformAttribute, prior: TfObject, planned: TfObject): boolean {
  const before = prior[attribute.name] ?? null;
  const after = planned[attribute.name] ?? null;
  if (attribute.role === "field" && attribute.spec.meta.trigger)
    return before !== null && (isUnknown(after) || triggerFires(before, after, deepEqual));
  return isUnknown(after) || !deepEqual(before, after);
}

/** Top-level attributes marked replace-on-change whose change acts. */
export function replacedAttributes(attributes: readonly TerraformAttribute[], prior: TfObject, planned: TfObject): string[] {
  return attributes
    .filter((a) => a.role === "field" && a.spec.meta.replaceOnChange)
    .filter((a) => changesAct(a, prior, planned))
    .map((a) => a.name);
}

const isSetValue = (value: unknown): boolean => value !== null && value !== undefined;
