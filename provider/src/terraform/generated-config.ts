import { deepEqual, isRecord } from "../core/schema/reconcile";
import { isUnknown } from "../core/schema/unknown";
import { type TerraformAttribute } from "./attributes";
import { type TfObject } from "./values";

/**
 * The configuration `-generate-config-out` writes for an imported object (Terraform 1.14+ asks the provider through
 * GenerateResourceConfig; older versions copy state values themselves). It must plan clean against that state:
 * - values only the provider decides (IDs, tokens, the webhook secret, other_limits) are left out;
 * - secrets are left out: omitting one keeps what the portal stores, and state holds at most the portal's mask, which
 *   is not the secret; the `*_wo` forms and their versions stay unset;
 * - values equal to their default are left out, to keep the configuration short (the default plans the same);
 * - everything else is the state's value.
 * Terraform writes every attribute that is not computed-and-null, so left-out ones appear as `= null`.
 */
export function generatedConfig(attributes: readonly TerraformAttribute[], state: TfObject): TfObject {
  const out: TfObject = {};
  for (const attribute of attributes) {
    const value = state[attribute.name] ?? null;
    if (attribute.role !== "field") {
      out[attribute.name] = null;
      continue;
    }
    const { spec } = attribute;
    if (spec.meta.readOnly || spec.meta.sensitive || isUnknown(value)) out[attribute.name] = null;
    else if (spec.defaultValue !== undefined && deepEqual(value, spec.defaultValue)) out[attribute.name] = null;
    else if (attribute.nested && isRecord(value)) out[attribute.name] = generatedConfig(attribute.nested, value);
    else out[attribute.name] = value;
  }
  return out;
}
