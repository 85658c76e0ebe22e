import { type FieldSpec } from "../schema/introspect";
import { isLegacyFingerprint, SecretFingerprinter } from "./fingerprint";
import { canonicalJson, maskFingerprint, parseJsonObject } from "./portal-mask";

/**
 * Stands in a read's result for a secret that no longer matches what was written. It is never a valid secret and
 * never equal to a configured value, so every front end shows it as a change (Terraform plans the secret again,
 * drift reports it), and it reveals nothing of the portal's value.
 */
export const SECRET_CHANGED = "(changed outside the provider)";

/** The text a secret is fingerprinted as: JSON secrets (Google keys) in one canonical form, others as they are. */
export function fingerprintText(value: string, json: boolean): string {
  if (!json) return value;
  const parsed = parseJsonObject(value);
  return parsed ? canonicalJson(parsed) : value;
}

/**
 * Compares the secrets a read finds with the ones that were written, exactly, without holding either in clear.
 *
 * What was written is known either as the prior value itself (a secret kept in state because the user set it in
 * the plain attribute) or as a keyed fingerprint (a write-only secret). What the portal holds is known as a keyed
 * fingerprint of its plaintext, taken from the account list as it arrives (the single-account read masks recording
 * secrets to six characters, which hides a changed secret of the same length and prefix). One per read call.
 */
export class SecretComparison {
  /** The portal's fingerprint of each secret the read saw, by model path (`aws_s3.secret_access_key`). */
  readonly observed = new Map<string, string>();
  /** Paths whose fingerprint was made under another API key, so nothing could be compared this time. */
  readonly unverified: string[] = [];

  constructor(
    readonly fingerprinter: SecretFingerprinter,
    /** Fingerprints of write-only secrets as last written, by model path. */
    private readonly written: Readonly<Record<string, string>> = {},
  ) {}

  /**
   * The value a read reports for one secret field:
   * - the prior value when the portal holds exactly that secret, `SECRET_CHANGED` when it does not;
   * - for a write-only secret, nothing (undefined) when it matches, `SECRET_CHANGED` when it does not;
   * - what the portal shows when nothing was known of it (an import, an omitted secret).
   * Without an exact fingerprint of the portal's value it falls back to comparing the portal's mask.
   */
  reconcile(path: string, spec: FieldSpec, prior: unknown, remote: unknown, portal: string | undefined, sameAsMask: boolean): unknown {
    if (portal !== undefined) this.observed.set(path, portal);
    const json = spec.meta.jsonString === true;
    if (typeof prior === "string" && prior !== SECRET_CHANGED && !isMaskOnly(spec, prior)) {
      if (portal === undefined) return sameAsMask ? prior : remote;
      return SecretFingerprinter.same(this.fingerprinter.of(fingerprintText(prior, json)), portal) ? prior : SECRET_CHANGED;
    }
    const written = this.written[path];
    if (written === undefined) return remote;
    if (isLegacyFingerprint(written)) {
      // Earlier releases kept an unkeyed hash of the portal's mask; compare that way once, then re-key (observed).
      const mask = typeof remote === "string" && spec.meta.portalMask ? spec.meta.portalMask(remote) : remote;
      return typeof mask === "string" && maskFingerprint(mask) === written ? undefined : SECRET_CHANGED;
    }
    if (!this.fingerprinter.madeHere(written) || portal === undefined) {
      this.unverified.push(path);
      return undefined;
    }
    return SecretFingerprinter.same(written, portal) ? undefined : SECRET_CHANGED;
  }
}

/** A prior value that is only the portal's mask (kept in state after an import): it says nothing exact. */
function isMaskOnly(spec: FieldSpec, value: string): boolean {
  const mask = spec.meta.portalMask;
  return mask !== undefined && mask(value) === value && value.includes("X");
}
