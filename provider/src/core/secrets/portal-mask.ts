import { createHash } from "node:crypto";

/**
 * The portal's own masking of recording secrets on `GET /Accounts/:sid` (portal-behaviour.md §3.3), reproduced so that
 * a configured secret can be compared with what the portal shows without the portal ever revealing it.
 */
const VISIBLE_CHARS = 6;
const PRIVATE_KEY_HEADER = "-----BEGIN PRIVATE KEY-----\n";
// portal-behaviour.md §3.4: the server treats 4-6 letters or digits followed by X's as "masked: keep the stored secret".
const MASKED_PATTERN = /^[A-Za-z0-9]{4,6}X+$/;

/** First 6 characters kept, every other one replaced by X; 6 characters or fewer come back as they are. */
export function maskSecret(secret: string): string {
  if (secret.length <= VISIBLE_CHARS) return secret;
  return secret.slice(0, VISIBLE_CHARS) + "X".repeat(secret.length - VISIBLE_CHARS);
}

/** True when the portal would read this value as a masked secret rather than a new one (portal-behaviour.md §3.4). */
export function looksMasked(secret: string): boolean {
  return MASKED_PATTERN.test(secret);
}

function maskPrivateKey(privateKey: string): string {
  const body = privateKey.startsWith(PRIVATE_KEY_HEADER) ? privateKey.slice(PRIVATE_KEY_HEADER.length) : privateKey;
  if (looksMasked(body)) return privateKey;
  return PRIVATE_KEY_HEADER + maskSecret(body);
}

/**
 * A Google service key as the portal returns it: parsed, `private_key` masked unless it already is, re-serialised
 * compactly. Returns undefined for a key that does not parse as a JSON object with a string `private_key`.
 */
export function maskGoogleServiceKey(serviceKey: string): string | undefined {
  const parsed = parseJsonObject(serviceKey);
  if (!parsed || typeof parsed.private_key !== "string") return undefined;
  return JSON.stringify({ ...parsed, private_key: maskPrivateKey(parsed.private_key) });
}

/** True when the Google key's private key is already masked (the portal keeps the stored key then). */
export function googleServiceKeyLooksMasked(serviceKey: string): boolean {
  const parsed = parseJsonObject(serviceKey);
  if (!parsed || typeof parsed.private_key !== "string") return false;
  const key = parsed.private_key;
  return looksMasked(key.startsWith(PRIVATE_KEY_HEADER) ? key.slice(PRIVATE_KEY_HEADER.length) : key);
}

/** A Google key compared the way the portal stores it: keys sorted, private key masked. */
export function canonicalGoogleServiceKey(serviceKey: string): string | undefined {
  const masked = maskGoogleServiceKey(serviceKey);
  return masked === undefined ? undefined : canonicalJson(JSON.parse(masked));
}

/**
 * A one-way fingerprint of a masked value. Write-only secrets keep only this in private state, so drift in the
 * secret is detected without storing any of its characters.
 */
export function maskFingerprint(maskedValue: string): string {
  return createHash("sha256").update(maskedValue).digest("hex");
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** JSON with object keys sorted, so two serialisations of the same value compare equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
