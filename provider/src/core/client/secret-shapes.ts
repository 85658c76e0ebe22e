/**
 * Secrets recognised by their SHAPE rather than by a registered value or a key name: what a portal error may echo
 * of a credential the client never saw whole (a list body, another account's settings, a database message quoting
 * part of a value). Each shape is specific enough that prose, UUIDs, SIDs and ordinary URLs never match.
 *
 * Connection-string parts (`AccountKey=`, `SharedAccessKey=`, `sig=`) are `Key=Value` pairs, which the key-name
 * rules of the Redactor handle; only the SAS, whose value itself holds `&` and `=`, needs a shape here.
 */

// PEM armour of any private key: PKCS#8, `RSA`/`EC`/`DSA`/`OPENSSH`/`ENCRYPTED`, and PGP's `PRIVATE KEY BLOCK`.
const PEM_LABEL = "(?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?";
const PEM_BEGIN = new RegExp(`-----BEGIN ${PEM_LABEL}-----`, "g");
const PEM_END = new RegExp(`-----END ${PEM_LABEL}-----`, "g");
// what follows a BEGIN line whose END was cut off: base64, header lines (`Proc-Type: 4,ENCRYPTED`,
// `DEK-Info: AES-256-CBC,...`), and line breaks, real or JSON-escaped (`\n`, `\\n`)
const PEM_BODY = /[A-Za-z0-9+/=\s:,.\\-]*/y;

// A DER structure in base64 without its armour (a key excerpt that starts mid-PEM): ASN.1 SEQUENCE with a long
// length encodes as `MII`; continuation lines are long base64 runs after a real or escaped line break.
const DER_BASE64 = /(?<=^|[^A-Za-z0-9+/=]|\\[nr])MII[A-Za-z0-9+/]{40,}={0,2}(?:(?:\s|\\+[nr])+[A-Za-z0-9+/]{16,}={0,2})*/g;

// `scheme://user:password@host`, also with JSON-escaped slashes. The password runs to the LAST `@` of the
// authority, as URL parsers read it, so a raw `@` inside it is not left behind.
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:(?:\/\/|\\\/\\\/))([^\s/\\?#@:"'<>]*):([^\s/\\?#"'<>]+)@(?=[^\s/\\?#@"'<>])/gi;

// A SIP URI with a password (`sip:alice:secret@host`), which RFC 3261 allows though it advises against it.
const SIP_USERINFO = /\b(sips?:)([^\s:@;<>"'/]+):([^\s@;<>"']+)@/gi;

// A JSON Web Token: base64url header and payload, both JSON objects (`eyJ` is `{"`), and a signature.
const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g;

// An Azure shared access signature as a connection-string value: `sv=...&sp=...&sig=...` up to the next `;`.
const AZURE_SAS_VALUE = /\b(SharedAccessSignature\s*=\s*)[^;\s"'<>\\]+/gi;

/** Replaces every secret recognised by its shape with `replacement`, keeping the non-secret parts around it. */
export function redactSecretShapes(text: string, replacement: string): string {
  let out = redactPemPrivateKeys(text, replacement);
  out = out.replace(DER_BASE64, replacement);
  out = out.replace(URL_USERINFO, (_match, scheme: string, user: string) => `${scheme}${user}:${replacement}@`);
  out = out.replace(SIP_USERINFO, (_match, scheme: string, user: string) => `${scheme}${user}:${replacement}@`);
  out = out.replace(JWT, replacement);
  out = out.replace(AZURE_SAS_VALUE, (_match, key: string) => `${key}${replacement}`);
  return out;
}

/**
 * Keeps the BEGIN and END lines (they say what was there) and replaces what is between. A block whose END was cut
 * off (a clipped excerpt) loses everything that can still belong to it.
 */
function redactPemPrivateKeys(text: string, replacement: string): string {
  if (!text.includes("PRIVATE KEY")) return text;
  let out = "";
  let position = 0;
  PEM_BEGIN.lastIndex = 0;
  for (let begin = PEM_BEGIN.exec(text); begin !== null; begin = PEM_BEGIN.exec(text)) {
    const bodyStart = begin.index + begin[0].length;
    out += text.slice(position, bodyStart) + replacement;
    PEM_END.lastIndex = bodyStart;
    const end = PEM_END.exec(text);
    if (end !== null) {
      position = end.index;
    } else {
      // an already redacted block stays as it is
      const from = text.startsWith(replacement, bodyStart) ? bodyStart + replacement.length : bodyStart;
      PEM_BODY.lastIndex = from;
      position = from + (PEM_BODY.exec(text)?.[0].length ?? 0);
    }
    PEM_BEGIN.lastIndex = Math.max(position, PEM_BEGIN.lastIndex);
  }
  return out + text.slice(position);
}
