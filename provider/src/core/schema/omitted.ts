import { type FieldSpec } from "./introspect";
import { isRecord } from "./reconcile";

/**
 * A configuration with every omitted `computed` field taken from the prior state: for those fields "omitted"
 * means "keep what is there" (a secret the portal stores, the default service provider). Terraform's plan
 * already does this; Pulumi and direct callers get the same meaning here.
 */
export function withPriorForOmitted<T extends Record<string, unknown>>(
  fields: readonly FieldSpec[],
  config: T,
  prior: Readonly<Record<string, unknown>> | null | undefined,
): T {
  if (!prior) return config;
  const out: Record<string, unknown> = { ...config };
  for (const spec of fields) {
    const value = out[spec.name];
    const priorValue = prior[spec.name];
    if ((value === undefined || value === null) && spec.meta.computed && !spec.meta.readOnly) {
      if (priorValue !== undefined && priorValue !== null) out[spec.name] = priorValue;
    } else if (spec.type.kind === "object" && isRecord(value) && isRecord(priorValue)) {
      out[spec.name] = withPriorForOmitted(spec.type.fields, value, priorValue);
    }
  }
  return out as T;
}
