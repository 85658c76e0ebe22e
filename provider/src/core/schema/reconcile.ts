import { type SecretComparison } from "../secrets/secret-comparison";
import { type FieldSpec } from "./introspect";

/**
 * What a read knows of the portal's secrets beyond their masks: the comparison of this read call, and the
 * portal's keyed fingerprints by model path (`aws_s3.secret_access_key`, `registration_hook.password`).
 */
export interface SecretReadings {
  readonly comparison: SecretComparison;
  readonly portal: Readonly<Record<string, string>>;
}

/**
 * After a read, keep the prior value wherever the portal's value means the same thing: a secret whose mask
 * matches (portal-behaviour.md §3.4), a realm in other letter case, a re-serialised JSON key. Normalisation by the
 * portal therefore never shows as drift, while a real change still does.
 */
export function reconcile(
  fields: readonly FieldSpec[],
  prior: Readonly<Record<string, unknown>> | undefined,
  remote: Readonly<Record<string, unknown>>,
  secrets?: SecretReadings,
  base = "",
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of fields) {
    const value = reconcileValue(spec, prior?.[spec.name], remote[spec.name], secrets, base ? `${base}.${spec.name}` : spec.name);
    if (value !== undefined) out[spec.name] = value;
  }
  return out;
}

function reconcileValue(spec: FieldSpec, prior: unknown, remote: unknown, secrets: SecretReadings | undefined, path: string): unknown {
  if (remote === undefined || remote === null) return undefined;
  if (spec.type.kind === "object" && isRecord(remote)) {
    return reconcile(spec.type.fields, isRecord(prior) ? prior : undefined, remote, secrets, path);
  }
  // A secret the portal stores (the write-only kind): compared exactly where the read could fingerprint it.
  if (secrets && spec.meta.writeOnly) {
    const sameAsMask = prior !== undefined && prior !== null && sameValue(spec, prior, remote);
    return secrets.comparison.reconcile(path, spec, prior, remote, secrets.portal[path], sameAsMask);
  }
  if (prior === undefined || prior === null) return remote;
  return sameValue(spec, prior, remote) ? prior : remote;
}

/**
 * Whether two values of a field mean the same thing. Unset (undefined or null) only equals unset. A secret equals
 * its masked form (one side is what the portal shows for the other); two plaintext secrets must be identical.
 */
export function sameValue(spec: FieldSpec, a: unknown, b: unknown): boolean {
  if (a === undefined || a === null || b === undefined || b === null) {
    return (a === undefined || a === null) && (b === undefined || b === null);
  }
  if (spec.type.kind === "object" && isRecord(a) && isRecord(b)) {
    return spec.type.fields.every((f) => sameValue(f, a[f.name], b[f.name]));
  }
  if (a === b) return true;
  const { portalMask, equivalent } = spec.meta;
  if (portalMask && typeof a === "string" && typeof b === "string") {
    const isMaskOf = (masked: string, plain: string) => portalMask(masked) === masked && portalMask(plain) === masked;
    if (isMaskOf(a, b) || isMaskOf(b, a)) return true;
  }
  if (equivalent) return equivalent(a, b);
  return deepEqual(a, b);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!deepEqual(a[key] ?? undefined, b[key] ?? undefined)) return false;
    return true;
  }
  return false;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
