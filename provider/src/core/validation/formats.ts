/** Checks of single values. Each returns the problem in the user's terms, or undefined when the value is fine. */

const HOSTNAME_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** A SIP realm is a DNS name; the portal stores it in a VARCHAR(132) (portal-behaviour.md §2.9). */
export function hostnameProblem(value: string, maxLength = 132): string | undefined {
  if (value.length === 0) return "must not be empty; leave it out to have no SIP realm";
  if (value.length > maxLength) return `must be at most ${maxLength} characters (got ${value.length})`;
  const labels = value.split(".");
  if (labels.some((label) => !HOSTNAME_LABEL.test(label))) {
    return "must be a DNS name: dot-separated labels of letters, digits and hyphens, each 1-63 characters, not starting or ending with a hyphen";
  }
  return undefined;
}

/** The portal checks SIDs with uuid.validate: RFC-4122 versions 1-5 (portal-behaviour.md §1.2). */
export function uuidProblem(value: string): string | undefined {
  return UUID.test(value) ? undefined : "must be a portal SID: an RFC 4122 UUID such as 2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c";
}

/** What an http(s) URL field allows besides the common rules. */
export interface HttpUrlRules {
  /** Where credentials go instead of the URL, e.g. `set the hook's username and password instead (...)`. */
  readonly credentials: string;
  readonly maxLength?: number;
}

// Characters no URL may hold raw (RFC 3986): they must be percent-encoded. Parsers quietly drop tabs and line
// breaks and trim spaces, so the portal would store and call a URL other than the one written.
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007f-\u009f]/;
const OTHER_INVISIBLE = /[\s\p{Cf}]/u;
const RAW_DELIMITER = /["<>\\^`{|}]/;
const BAD_PERCENT = /%(?![0-9a-f]{2})/i;
const CHARACTER_NAMES: Readonly<Record<string, string>> = {
  " ": "a space",
  "\t": "a tab",
  "\n": "a line break",
  "\r": "a carriage return",
};

/**
 * An absolute http or https URL without credentials, and with nothing that must be percent-encoded. Messages never
 * repeat the URL (it may hold a password); fields show it with `shownUrl`.
 */
export function httpUrlProblem(value: string, rules: HttpUrlRules): string | undefined {
  const maxLength = rules.maxLength ?? 1024;
  if (value.length > maxLength) return `must be at most ${maxLength} characters (got ${value.length})`;
  const invisible = CONTROL_OR_SPACE.exec(value) ?? OTHER_INVISIBLE.exec(value);
  if (invisible) {
    return `must not contain white space or control characters (found ${characterName(invisible[0])} at character ${invisible.index + 1}); remove it, or percent-encode it (a space is %20)`;
  }
  const delimiter = RAW_DELIMITER.exec(value);
  if (delimiter) {
    return `must not contain a raw "${delimiter[0]}" (character ${delimiter.index + 1}); percent-encode it as ${encodeURIComponent(delimiter[0])}`;
  }
  const percent = BAD_PERCENT.exec(value);
  if (percent) return `has a "%" that starts no percent-escape (character ${percent.index + 1}); write a literal % as %25`;
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
  // any "@" in the authority, even with nothing before it, is user info
  const authority = value.slice(value.indexOf("//") + 2).split(/[/?#]/, 1)[0] ?? "";
  if (authority.includes("@")) return `must not hold a user name or password: ${rules.credentials}`;
  return undefined;
}

/** `a tab (U+0009)`, `the control character U+0000`, `the invisible character U+200B`: what cannot be shown. */
function characterName(char: string): string {
  const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  const name = CHARACTER_NAMES[char];
  if (name !== undefined) return `${name} (${code})`;
  if (CONTROL_OR_SPACE.test(char)) return `the control character ${code}`;
  return /\s/.test(char) ? `the white-space character ${code}` : `the invisible character ${code}`;
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

/** A Google service-account key: JSON with a private key and a client e-mail (portal-behaviour.md §3.1, §11.5). */
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
  const missing = ["private_key", "client_email"].filter((key) => typeof (parsed as Record<string, unknown>)[key] !== "string");
  if (missing.length > 0) return `must contain ${missing.join(" and ")} (a service account key file does)`;
  return undefined;
}
