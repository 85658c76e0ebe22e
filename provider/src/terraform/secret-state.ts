import { type FieldSpec } from "../core/schema/introspect";
import { isRecord } from "../core/schema/reconcile";
import { type SecretFingerprinter } from "../core/secrets/fingerprint";
import { fingerprintText, SECRET_CHANGED } from "../core/secrets/secret-comparison";
import { fieldAt, SECRET_CHANGED_MARKER, type TerraformAttribute, writeOnlyVersionName } from "./attributes";
import { fromModel, getPath, setPath, type TfObject, writeOnlySecretPaths } from "./values";

/**
 * What the provider keeps in Terraform's private state of a resource instance (opaque to users, stored beside the
 * state): keyed fingerprints of the write-only secrets it wrote.
 */
export interface PrivateData {
  /** By model path (`aws_s3.secret_access_key`): `SecretFingerprinter` output, never the secret. */
  readonly fingerprints?: Readonly<Record<string, string>>;
}

export function readPrivate(bytes: Uint8Array | undefined): PrivateData {
  if (!bytes || bytes.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(bytes).toString("utf8"));
    return isRecord(parsed) ? (parsed as PrivateData) : {};
  } catch {
    return {};
  }
}

export function writePrivate(data: PrivateData): Uint8Array {
  return Object.keys(data.fingerprints ?? {}).length === 0
    ? new Uint8Array()
    : Buffer.from(JSON.stringify({ fingerprints: data.fingerprints }));
}

/** Every field the portal keeps as a secret (those with a write-only form), with its path in attribute names. */
export function secretFields(
  attributes: readonly TerraformAttribute[],
  base: readonly string[] = [],
): { path: string[]; spec: FieldSpec }[] {
  const out: { path: string[]; spec: FieldSpec }[] = [];
  for (const attribute of attributes) {
    if (attribute.role !== "field") continue;
    if (attribute.spec.meta.writeOnly) out.push({ path: [...base, attribute.name], spec: attribute.spec });
    if (attribute.nested) out.push(...secretFields(attribute.nested, [...base, attribute.name]));
  }
  return out;
}

/**
 * The secrets of a value about to be stored, cut down to what state may hold:
 * - a secret the user gives in write-only form is never stored; when a read found that the portal's secret no longer
 *   matches, its `_wo_version` says `changed-outside-terraform` so the next plan sends it again;
 * - a secret the user gives in the plain attribute is stored (marked sensitive), or the "changed" marker in its place;
 * - a secret nobody gave is stored only as the portal's mask; one the portal shows in clear (a hook password) is not
 *   stored at all. This holds for imports and for what a failed write reads back.
 */
export function secretsForState(
  attributes: readonly TerraformAttribute[],
  value: TfObject,
  writeOnly: ReadonlySet<string>,
  declaredPlain: (path: readonly string[]) => boolean,
): TfObject {
  let out = value;
  for (const { path, spec } of secretFields(attributes)) {
    const current = getPath(out, path);
    if (current === null || current === undefined) continue;
    if (writeOnly.has(path.join("."))) {
      out = setPath(out, path, null);
      if (current === SECRET_CHANGED) out = setPath(out, [...path.slice(0, -1), writeOnlyVersionName(path.at(-1)!)], SECRET_CHANGED_MARKER);
    } else if (current !== SECRET_CHANGED && spec.meta.portalMask === undefined && !declaredPlain(path)) {
      out = setPath(out, path, null);
    }
  }
  return out;
}

/**
 * What state may hold of an object adopted from the portal (an import, or a list result's resource object): nobody
 * asked to keep a secret yet, so hook passwords the portal shows in clear stay out and recording secrets are masks.
 */
export function adoptedState(attributes: readonly TerraformAttribute[], state: Record<string, unknown>): TfObject {
  return secretsForState(attributes, fromModel(attributes, state), new Set(), () => false);
}

/**
 * Keyed fingerprints of the secrets a configuration gives in write-only form, as the portal will hold them (the
 * form the account list's fingerprints take, so a later read compares them exactly).
 */
export function writtenFingerprints(
  attributes: readonly TerraformAttribute[],
  model: Record<string, unknown>,
  config: TfObject,
  fingerprinter: SecretFingerprinter,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of writeOnlySecretPaths(attributes, config)) {
    const secret = getPath(model, path);
    const json = fieldAt(attributes, path)?.meta.jsonString === true;
    if (typeof secret === "string") out[path.join(".")] = fingerprinter.of(fingerprintText(secret, json));
  }
  return out;
}
