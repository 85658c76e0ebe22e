import { isObscureKey } from "./masking";
import { DbErrorBadRequest } from "./portal-errors";
import { type Vault } from "./vault";

type Credential = Record<string, unknown>;

/** The portal's `hasValue`: empty strings, arrays and objects do not count (portal-behaviour.md §2.5, §3.5). */
export function hasValue(data: unknown): boolean {
  if (typeof data === "string" || Array.isArray(data)) return data.length > 0;
  if (typeof data === "object") return data !== null && Object.keys(data).length > 0;
  return typeof data === "number" || typeof data === "boolean";
}

// The checks are `assert`s, so a missing field is a 500 with these messages (portal-behaviour.md §3.1).
function assertPresent(value: unknown, message: string): void {
  if (!value) throw new Error(message);
}

/**
 * PUT /Accounts/:sid: validates and encrypts `body.bucket_credential` in place (portal-behaviour.md §3.1-§3.5). Only the listed fields
 * of each vendor survive; a masked secret is swapped for the stored field of the same name, even when the vendor
 * changed and the stored credential has no such field (portal-behaviour.md §0.1).
 */
export function encryptBucketCredential(body: Record<string, unknown>, stored: unknown, vault: Vault): void {
  const credential = body.bucket_credential;
  // portal-behaviour.md §0.1, §3.5: `""`, `{}` and friends are not touched here and reach the column as-is.
  if (!hasValue(credential)) return;
  const { vendor, region, name, access_key_id, tags, endpoint } = credential as Credential;
  let { secret_access_key, service_key, connection_string } = credential as Credential;
  const storedCredential = (stored ?? {}) as Credential;
  const useStored = isObscureKey(credential) && hasValue(stored);

  let kept: Credential;
  switch (vendor) {
    case "aws_s3":
      assertPresent(access_key_id, "invalid aws S3 bucket credential: access_key_id is required");
      assertPresent(secret_access_key, "invalid aws S3 bucket credential: secret_access_key is required");
      assertPresent(name, "invalid aws bucket name: name is required");
      assertPresent(region, "invalid aws bucket region: region is required");
      if (useStored) secret_access_key = storedCredential.secret_access_key;
      kept = { vendor, region, name, access_key_id, secret_access_key, tags };
      break;
    case "s3_compatible":
      assertPresent(access_key_id, "invalid aws S3 bucket credential: access_key_id is required");
      assertPresent(secret_access_key, "invalid aws S3 bucket credential: secret_access_key is required");
      assertPresent(name, "invalid aws bucket name: name is required");
      assertPresent(endpoint, "invalid endpoint uri: endpoint is required");
      if (useStored) secret_access_key = storedCredential.secret_access_key;
      kept = { vendor, endpoint, name, access_key_id, secret_access_key, tags, region };
      break;
    case "google":
      assertPresent(service_key, "invalid google cloud storage credential: service_key is required");
      if (useStored) service_key = storedCredential.service_key;
      kept = { vendor, name, service_key, tags };
      break;
    case "azure":
      assertPresent(name, "invalid azure container name: name is required");
      assertPresent(connection_string, "invalid azure cloud storage credential: connection_string is required");
      if (useStored) connection_string = storedCredential.connection_string;
      kept = { vendor, name, connection_string, tags };
      break;
    case "none":
      body.bucket_credential = null;
      return;
    default:
      throw new DbErrorBadRequest(`unknown storage vendor: ${String(vendor)}`);
  }
  // JSON.stringify drops undefined fields: an omitted `tags` is absent on read (portal-behaviour.md §3.1).
  body.bucket_credential = vault.encrypt(JSON.stringify(kept));
}

/**
 * The column as the portal's reads return it: NULL stays null, `""` stays `""` (portal-behaviour.md §0.1), and anything that does not
 * decrypt (e.g. `'[object Object]'` from a POST, portal-behaviour.md §2.3) becomes `{}`.
 */
export function decryptBucketCredential(stored: unknown, vault: Vault): unknown {
  if (typeof stored !== "string" || stored === "") return stored;
  return JSON.parse(vault.decrypt(stored)) as unknown;
}
