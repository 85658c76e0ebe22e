import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/**
 * Keyed fingerprints of secrets: HMAC-SHA-256 under a key derived from the portal API key the provider runs with.
 *
 * A fingerprint lets a later run tell whether the portal still holds the secret that was written, without keeping
 * the secret. An unkeyed hash would let anyone holding a state file guess a weak password offline; this one can
 * only be recomputed by someone who holds the API key, and that person can read the secret from the portal anyway.
 *
 * Format: `<key id>:<hex>`. The key id (not secret: a keyed hash of a constant) says which API key made it, so a
 * fingerprint made under another key is recognised as "cannot compare" instead of "changed".
 */
export class SecretFingerprinter {
  /** Identifies the key, so fingerprints made under another API key are told apart. */
  readonly keyId: string;
  readonly #key: Buffer;

  constructor(apiKey: string) {
    this.#key = Buffer.from(hkdfSync("sha256", apiKey, "voicegateway-iac", "secret fingerprints v1", 32));
    this.keyId = createHmac("sha256", this.#key).update("key id").digest("hex").slice(0, 12);
  }

  of(secret: string): string {
    return `${this.keyId}:${createHmac("sha256", this.#key).update(secret, "utf8").digest("hex")}`;
  }

  /** Whether a stored fingerprint was made under this fingerprinter's key. */
  madeHere(fingerprint: string): boolean {
    return fingerprint.startsWith(`${this.keyId}:`);
  }

  /** Constant-time comparison of two fingerprints. */
  static same(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
  }
}

/** Fingerprints written by provider versions before 0.2: a bare SHA-256 of the portal's mask, no key id. */
export function isLegacyFingerprint(fingerprint: string): boolean {
  return /^[0-9a-f]{64}$/.test(fingerprint);
}
