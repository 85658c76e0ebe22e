/**
 * portal-behaviour.md §3.3/portal-behaviour.md §3.4: how GET /Accounts/:sid masks recording secrets, and how a PUT or a bucket test recognises a masked
 * value sent back. Written to fail where the portal fails: a Google `service_key` that is not a JSON string with a
 * `private_key` makes the masking throw, which is the 500 on every later GET (portal-behaviour.md §3.1).
 */

const SPOILER_LENGTH = 6;
const GOOGLE_KEY_HEADER = "-----BEGIN PRIVATE KEY-----\n";
// portal-behaviour.md §3.4: "4-6 arbitrary characters followed by one or more X".
const MASKED = /^.{4,6}X+$/;

type Credential = Record<string, unknown>;

/** First 6 characters kept, the rest replaced by `X`; 6 characters or fewer come back unmasked (portal-behaviour.md §3.3). */
export function obscureKey(key: unknown): unknown {
  if (!key) return key;
  if (typeof key !== "string") throw new TypeError("key.slice is not a function");
  if (key.length <= SPOILER_LENGTH) return key;
  return `${key.slice(0, SPOILER_LENGTH)}${"X".repeat(key.length - SPOILER_LENGTH)}`;
}

/** Whether the credential's secret looks masked; any error while looking counts as "no" (portal-behaviour.md §3.4). */
export function isObscureKey(credential: unknown): boolean {
  if (!credential || typeof credential !== "object") return false;
  const { vendor, secret_access_key = "", service_key = "", connection_string = "" } = credential as Credential;
  switch (vendor) {
    case "aws_s3":
    case "s3_compatible":
      return MASKED.test(String(secret_access_key));
    case "azure":
      return MASKED.test(String(connection_string));
    case "google": {
      try {
        const privateKey = (JSON.parse(String(service_key)) as Credential | null)?.private_key;
        if (typeof privateKey !== "string") return false;
        return MASKED.test(privateKey.slice(GOOGLE_KEY_HEADER.length));
      } catch {
        return false;
      }
    }
    default:
      return false;
  }
}

/** Masks a decrypted credential in place, as GET /Accounts/:sid does (portal-behaviour.md §3.3). May throw (Google, portal-behaviour.md §3.1). */
export function obscureBucketCredential(credential: unknown): unknown {
  if (!credential || typeof credential !== "object") return credential;
  const obj = credential as Credential;
  switch (obj.vendor) {
    case "aws_s3":
    case "s3_compatible":
      obj.secret_access_key = obscureKey(obj.secret_access_key);
      break;
    case "azure":
      obj.connection_string = obscureKey(obj.connection_string);
      break;
    case "google": {
      const parsed = JSON.parse(String(obj.service_key)) as unknown;
      const original = readProperty(parsed, "private_key");
      let privateKey = original;
      if (!isObscureKey(obj)) {
        if (typeof original !== "string") throw cannotRead(original, "slice");
        privateKey = `${GOOGLE_KEY_HEADER}${String(obscureKey(original.slice(GOOGLE_KEY_HEADER.length)))}`;
      }
      // Re-serialised compactly, so formatting can differ from what was sent (portal-behaviour.md §3.3).
      obj.service_key = JSON.stringify({ ...(parsed as object), private_key: privateKey });
      break;
    }
  }
  return obj;
}

function readProperty(value: unknown, key: string): unknown {
  if (value === null || value === undefined) throw cannotRead(value, key);
  return (value as Credential)[key];
}

// V8's wording, which the portal returns verbatim in the 500 body.
function cannotRead(value: unknown, key: string): TypeError {
  return new TypeError(`Cannot read properties of ${String(value)} (reading '${key}')`);
}
