/**
 * Paths into a Terraform value, as plain JS and as the protocol's `AttributePath`.
 * A string is an attribute name, a number a list/tuple index, `{ key }` a map key (or a map-nested block label).
 */
import { type AttributePath, type AttributePathStep } from "./messages";

export type PathStep = string | number | { readonly key: string };

/** A map-key step: `["labels", mapKey("env")]` points at `labels["env"]`. */
export function mapKey(key: string): { readonly key: string } {
  return { key };
}

export function toAttributePath(steps: readonly PathStep[]): AttributePath {
  return {
    steps: steps.map((step): AttributePathStep => {
      if (typeof step === "string") return { attribute_name: step };
      if (typeof step === "number") {
        if (!Number.isSafeInteger(step)) throw new TypeError(`Bad index ${step} in attribute path`);
        return { element_key_int: step };
      }
      return { element_key_string: step.key };
    }),
  };
}

export function fromAttributePath(path: AttributePath | undefined): PathStep[] {
  return (path?.steps ?? []).map((step): PathStep => {
    if (step.attribute_name !== undefined) return step.attribute_name;
    if (step.element_key_string !== undefined) return { key: step.element_key_string };
    return Number(step.element_key_int ?? 0);
  });
}

/** `labels["env"]`, `items[0].name`: how Terraform prints paths. */
export function formatPath(steps: readonly PathStep[]): string {
  return steps
    .map((step, i) => {
      if (typeof step === "number") return `[${step}]`;
      if (typeof step === "string") return i === 0 ? step : `.${step}`;
      return `[${JSON.stringify(step.key)}]`;
    })
    .join("");
}
