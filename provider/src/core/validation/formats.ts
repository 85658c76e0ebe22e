/** Checks of single values. Each returns the problem in the user's terms, or undefined when the value is fine. */

const HOSTNAME_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** A SIP realm is a DNS name; the portal stores it in a VARCHAR(132) (portal-api.md §2.9). */
export function hostnameProblem(value: string, maxLength = 132): string | undefined {
  if (value.length === 0) return "must not be empty; leave it out to have no SIP realm";
  if (value.length > maxLength) return `must be at most ${maxLength} characters (got ${value.length})`;
  const labels = value.split(".");
  if (labels.some((label) => !HOSTNAME_LABEL.test(label))) {
    return "must be a DNS name: dot-separated labels of letters, digits and hyphens, each 1-63 characters, not starting or ending with a hyphen";
  }
  return undefined;
}

/** The portal checks SIDs with uuid.validate: RFC-4122 versions 1-5 (portal-api.md §1.2). */
export function uuidProblem(value: string): string | undefined {
  return UUID.test(value) ? undefined : "must be a portal SID: an RFC 4122 UUID such as 2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c";
}

/** An absolute http or https URL. */
export function httpUrlProblem(value: string, maxLength = 1024): string | undefined {
  if (value.length > maxLength) return `must be at most ${maxLength} characters (got ${value.length})`;
  const absolute = "must be an absolute URL such as https://hooks.example.com/path";
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return absolute;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return absolute;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `must use http or https (got ${url.protocol.replace(/:$/, "")})`;
  }
  if (!url.hostname) return "must name a host";
  return undefined;
}

/**
 * An Azure Storage connection string: `Key=Value` pairs separated by `;`, holding an account name and key, or a
 * shared access signature with a blob endpoint. The value is secret, so problems name keys, never values.
 */
export function azureConnectionStringProblem(value: string): string | undefined {
  const pairs = value.split(";").filter((part) => part.trim() !== "");
  const keys = new Set<string>();
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq <= 0) return 'must be "Key=Value" pairs separated by ";" (one part has no "=")';
    keys.add(pair.slice(0, eq).trim().toLowerCase());
  }
  const hasAccountKey = keys.has("accountname") && keys.has("accountkey");
  const hasSas = keys.has("sharedaccesssignature") && (keys.has("blobendpoint") || keys.has("accountname"));
  if (hasAccountKey || hasSas || keys.has("usedevelopmentstorage")) return undefined;
  return "must hold AccountName and AccountKey, or SharedAccessSignature with BlobEndpoint (see Azure's connection string formats)";
}

/** A Google service-account key: JSON with a private key and a client e-mail (portal-api.md §3.1, §11.5). */
export function googleServiceKeyProblem(value: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return "must be the service account's JSON key file; it does not parse as JSON";
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return "must be a JSON object (the service account's key file)";
  }
  const missing = ["private_key", "client_email"].filter(
    (key) => typeof (parsed as Record<string, unknown>)[key] !== "string",
  );
  if (missing.length > 0) return `must contain ${missing.join(" and ")} (a service account key file does)`;
  return undefined;
}
