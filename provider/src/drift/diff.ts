import { type FieldSpec } from "../core/schema/introspect";
import { isRecord, sameValue } from "../core/schema/reconcile";
import { containsUnknown, isUnknown } from "../core/schema/unknown";
import { SECRET_CHANGED } from "../core/secrets/secret-comparison";
import { type AttributeDrift, type DeclaredResource } from "./model";

/**
 * Declared values against live ones, attribute by attribute, with the provider's own notion of "the same"
 * (`sameValue`: a realm equals its lower-case form). The live values come from the resource's `read` handler with
 * the declaration as prior state and its write-only fingerprints, so whatever the portal only normalised already
 * equals the declaration, and a secret the portal no longer holds comes back as `SECRET_CHANGED`.
 */

/** Attributes never compared: IDs name the object, and a key cannot change its token (a new token is a new key). */
const IGNORED: Readonly<Record<string, readonly string[]>> = {
  account_api_key: ["token"],
};

export interface ResourceDiff {
  readonly attributes: AttributeDrift[];
  /** Attributes the declaration leaves unknown (`${...}` expressions, encrypted Pulumi secrets). */
  readonly unverified: string[];
}

export function diffResource(
  declared: DeclaredResource,
  live: Readonly<Record<string, unknown>>,
  /** Write-only secrets the read could not compare (fingerprinted under another API key). */
  secretsNotCompared: readonly string[] = [],
): ResourceDiff {
  const attributes: AttributeDrift[] = [];
  const unverified: string[] = [];
  const ignored = new Set(["id", ...(IGNORED[declared.definition.name] ?? [])]);

  const secretChanged = (attribute: string) => attributes.push({ attribute, sensitive: true });

  const walk = (
    fields: readonly FieldSpec[],
    want: Readonly<Record<string, unknown>>,
    have: Readonly<Record<string, unknown>> | undefined,
    base: string,
  ) => {
    for (const spec of fields) {
      const attribute = base ? `${base}.${spec.name}` : spec.name;
      if (!base && ignored.has(spec.name)) continue;
      const d = want[spec.name];
      const l = have?.[spec.name];
      if (declared.secretsChangedOutside.includes(attribute)) {
        secretChanged(attribute);
        continue;
      }
      if (declared.fingerprints[attribute] !== undefined && (d === undefined || isUnknown(d))) {
        // A write-only secret: the read compared the portal's secret with the fingerprint of what was written.
        if (l === SECRET_CHANGED) secretChanged(attribute);
        else if (secretsNotCompared.includes(attribute)) unverified.push(attribute);
        continue;
      }
      if (isUnknown(d)) {
        unverified.push(attribute);
        continue;
      }
      if (d === undefined || d === null) {
        // Omitted: for a computed field that means "whatever the portal has"; otherwise "not set".
        if (spec.meta.computed || spec.meta.readOnly || l === undefined || l === null) continue;
        attributes.push(change(spec, attribute, undefined, l));
        continue;
      }
      if (spec.type.kind === "object" && isRecord(d) && isRecord(l)) {
        walk(spec.type.fields, d, l, attribute);
        continue;
      }
      if (spec.type.kind !== "object" && containsUnknown(d)) {
        unverified.push(attribute);
        continue;
      }
      if (!sameValue(spec, d, l)) attributes.push(change(spec, attribute, d, l));
    }
  };
  walk(declared.definition.fields, declared.values, live, "");
  return { attributes, unverified };
}

function change(spec: FieldSpec, attribute: string, declared: unknown, live: unknown): AttributeDrift {
  if (spec.meta.sensitive) return { attribute, sensitive: true };
  return { attribute, sensitive: false, declared: displayValue(spec, declared), live: displayValue(spec, live) };
}

export const SENSITIVE_PLACEHOLDER = "(sensitive)";
export const UNKNOWN_PLACEHOLDER = "(known after apply)";

/**
 * A value as it may be shown: `null` for unset, sensitive fields inside an object replaced by a placeholder,
 * unknowns shown as Terraform shows them.
 */
export function displayValue(spec: FieldSpec, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (isUnknown(value)) return UNKNOWN_PLACEHOLDER;
  if (spec.meta.sensitive) return SENSITIVE_PLACEHOLDER;
  if (spec.type.kind === "object" && isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const field of spec.type.fields) {
      const inner = displayValue(field, value[field.name]);
      if (inner !== null) out[field.name] = inner;
    }
    return out;
  }
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isUnknown(v) ? UNKNOWN_PLACEHOLDER : v]));
  return value;
}
