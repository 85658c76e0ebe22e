import { REDACTED } from "../client/redact";

// Invisible characters that JSON.stringify leaves raw: non-ASCII white space and format characters (zero-width,
// bidirectional overrides), which would make the shown URL look like a different one.
const INVISIBLE = /[\u0080-\u009f\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]/g;

/**
 * A URL as a validation message may show it: quoted like every shown value, the password of its user info
 * replaced by `(redacted)` (the user name stays, it tells which credential was meant), and characters that cannot
 * be seen escaped. Works on text that is not a valid URL too, since that is when it is shown.
 */
export function shownUrl(value: string): string {
  return JSON.stringify(withoutPassword(value)).replace(INVISIBLE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// The authority runs from `//` to the first `/`, `?`, `#` or `\`; as URL parsers read it, its user info ends at
// the LAST `@`, and the password starts after the first `:` of the user info.
function withoutPassword(value: string): string {
  const start = value.indexOf("//");
  if (start < 0) return value;
  const authorityStart = start + 2;
  const length = value.slice(authorityStart).search(/[/?#\\]/);
  const authorityEnd = length < 0 ? value.length : authorityStart + length;
  const at = value.lastIndexOf("@", authorityEnd - 1);
  if (at < authorityStart) return value;
  const colon = value.indexOf(":", authorityStart);
  if (colon < 0 || colon > at) return value;
  return `${value.slice(0, colon + 1)}${REDACTED}${value.slice(at)}`;
}
