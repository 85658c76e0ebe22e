/**
 * Secret redaction for everything the client writes into errors and logs.
 *
 * Three mechanisms, applied together:
 * - by VALUE: secrets registered at runtime (the API key, and whatever callers send: bucket keys, webhook
 *   passwords, tokens) are replaced wherever they appear, also in their JSON-escaped and URL-encoded forms;
 * - by KEY NAME: values under secret-looking JSON keys (`secret_access_key`, `password`, `token`, ...) are replaced,
 *   in objects and in JSON text, including JSON embedded in strings and truncated JSON where a pattern still matches;
 *   the same names in `key=value` text cover connection-string parts such as `AccountKey=` and a SAS's `sig=`;
 * - by SHAPE: private keys in PEM or bare base64, URL and SIP passwords, JSON Web Tokens and Azure shared access
 *   signatures, whole or cut off, wherever they appear (`secret-shapes.ts`).
 *
 * The list endpoints return recording secrets and API-key tokens in plaintext (portal-behaviour.md §3.2, §11.3), so any
 * body kept on an error goes through here.
 */

import { redactSecretShapes } from "./secret-shapes";

/** What every redacted value becomes. */
export const REDACTED = "(redacted)";

/**
 * Normalised key endings (lower case, no `_`/`-`) that mark a secret. Suffixes rather than substrings so that
 * `api_key_sid` or `token_count` stay visible while `x-api-key`, `client_secret` and `hashed_password` do not.
 */
const SECRET_KEY_SUFFIXES: readonly string[] = Object.freeze([
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "apikey",
  "privatekey",
  "secretaccesskey",
  "connectionstring",
  "servicekey",
  "authorization",
  "cookie",
  "jwt",
  // Azure connection strings (`AccountKey=`, `SharedAccessKey=`) and signed URLs (`X-Amz-Signature=`, SAS)
  "accountkey",
  "sharedaccesskey",
  "signature",
]);

/** Whole normalised names that mark a secret but would be too broad as suffixes: a SAS's signature parameter. */
const SECRET_KEY_NAMES: ReadonlySet<string> = new Set(["sig"]);

/**
 * Verdicts of `isSecretKey` by key. Every response body is walked key by key (`addSecretsFrom`), and the same few
 * dozen key names come back in each; bounded, since keys of user maps (tags) pass through here too.
 */
const secretKeyVerdicts = new Map<string, boolean>();
const MAX_REMEMBERED_KEYS = 10_000;

/** True when a JSON key, header name or query parameter name names a secret (case-insensitive). */
export function isSecretKey(key: string): boolean {
  let verdict = secretKeyVerdicts.get(key);
  if (verdict === undefined) {
    const normalised = key.toLowerCase().replace(/[^a-z0-9]/g, "");
    verdict =
      normalised.length > 0 && (SECRET_KEY_NAMES.has(normalised) || SECRET_KEY_SUFFIXES.some((suffix) => normalised.endsWith(suffix)));
    if (secretKeyVerdicts.size < MAX_REMEMBERED_KEYS) secretKeyVerdicts.set(key, verdict);
  }
  return verdict;
}

export interface RedactorOptions {
  /** Secret values to register at once (empty, missing and too-short values are ignored). */
  readonly secrets?: Iterable<string | null | undefined>;
}

const MAX_DEPTH = 32;

// `"key": value` in JSON text. The string alternative tolerates a missing closing quote (truncated excerpts).
const JSON_PAIR = /"((?:[^"\\\n]|\\.){1,200})"(\s*:\s*)("(?:[^"\\]|\\.)*"?|-?\d[\d.eE+-]*|true|false)/g;
// the same pair inside a JSON string (`\"key\": \"value\"`), e.g. a Google service key sent as a string.
const ESCAPED_JSON_PAIR = /\\"([A-Za-z0-9_.-]{1,200})\\"(\s*:\s*)(\\"(?:[^"\\]|\\\\\\\\|\\\\[^"\\])*(?:\\")?)/g;
// `key=value` in query strings, form bodies and connection strings, also right after a quote.
const FORM_PAIR = /(^|[?&;\s"'])([A-Za-z0-9_.-]{1,200})=([^&;\s#"']+)/g;
// `Authorization: ...`-style header lines.
const HEADER_LINE = /\b(authorization|proxy-authorization|x-api-key|cookie|set-cookie)(\s*:\s*)[^\r\n]+/gi;
// a credential after an auth scheme. Credential-shaped only (8+ token characters, at least one digit or
// punctuation), so prose such as "Basic authentication" survives; `Bearer realm=...` is a challenge, not a credential.
const AUTH_SCHEME =
  /\b(Bearer|bearer|BEARER|Basic|basic|BASIC)(\s+)(?!realm=|error=|\(redacted\))(?=[A-Za-z0-9._~+/=-]*[0-9._~+/=-])[A-Za-z0-9._~+/=-]{8,}/g;

/**
 * Knows the secrets of one client configuration and removes them from text and JSON.
 *
 * The registered values are kept in a private field: `util.inspect` and `JSON.stringify` of a Redactor show nothing.
 */
export class Redactor {
  /**
   * Shorter values are not registered: replacing every `abc` in a message would make it unreadable, and a
   * 1-3 character value gives little protection anyway. Key-name redaction still applies to them.
   */
  static readonly MIN_SECRET_LENGTH = 4;

  readonly #values = new Set<string>();
  /** The values given to `addSecret` so far: a list response repeats them at every read. */
  readonly #given = new Set<string>();
  #sorted: string[] | undefined;

  constructor(options: RedactorOptions = {}) {
    for (const value of options.secrets ?? []) this.addSecret(value);
  }

  /** Registers one secret value. Non-strings, empty and short values are ignored. Returns `this`. */
  addSecret(value: unknown): this {
    if (typeof value !== "string" || this.#given.has(value)) return this;
    this.#given.add(value);
    const trimmed = value.trim();
    if (trimmed.length < Redactor.MIN_SECRET_LENGTH) return this;
    for (const form of new Set([value, trimmed, jsonEscaped(trimmed), uriEncoded(trimmed)])) {
      if (form.length >= Redactor.MIN_SECRET_LENGTH && !this.#values.has(form)) {
        this.#values.add(form);
        this.#sorted = undefined;
      }
    }
    return this;
  }

  /** Registers several secret values. Returns `this`. */
  addSecrets(values: Iterable<unknown>): this {
    for (const value of values) this.addSecret(value);
    return this;
  }

  /**
   * Walks a JSON value (for example a request body) and registers every string found under a secret key name,
   * such as `bucket_credential.secret_access_key` or a hook's `password`. Returns `this`.
   */
  addSecretsFrom(json: unknown): this {
    const seen = new WeakSet<object>();
    const visit = (value: unknown, underSecretKey: boolean, depth: number): void => {
      if (depth > MAX_DEPTH) return;
      if (typeof value === "string") {
        if (underSecretKey) this.addSecret(value);
        return;
      }
      if (typeof value !== "object" || value === null || seen.has(value)) return;
      seen.add(value);
      if (Array.isArray(value)) {
        for (const item of value) visit(item, underSecretKey, depth + 1);
        return;
      }
      for (const [key, child] of Object.entries(value)) visit(child, underSecretKey || isSecretKey(key), depth + 1);
    };
    visit(json, false, 0);
    return this;
  }

  /** How many distinct forms of secrets are registered (for tests and diagnostics; never the values). */
  get size(): number {
    return this.#values.size;
  }

  /** True when `value` is a registered secret. */
  isSecret(value: string): boolean {
    return this.#values.has(value);
  }

  /**
   * Redacts a string: registered values, secrets recognised by their shape, values under secret key names in JSON
   * text (plain or embedded in a string), `key=value` pairs, `Authorization:`-style header lines and
   * `Bearer <credential>`.
   */
  redact(text: string): string {
    let out = redactSecretShapes(this.#redactValues(text), REDACTED);
    out = out.replace(JSON_PAIR, (match, key: string, sep: string) => (isSecretKey(key) ? `"${key}"${sep}"${REDACTED}"` : match));
    out = out.replace(ESCAPED_JSON_PAIR, (match, key: string, sep: string) =>
      isSecretKey(key) ? `\\"${key}\\"${sep}\\"${REDACTED}\\"` : match,
    );
    out = out.replace(FORM_PAIR, (match, lead: string, key: string) => (isSecretKey(key) ? `${lead}${key}=${REDACTED}` : match));
    out = out.replace(HEADER_LINE, (_match, name: string, sep: string) => `${name}${sep}${REDACTED}`);
    out = out.replace(AUTH_SCHEME, (_match, scheme: string, space: string) => `${scheme}${space}${REDACTED}`);
    return out;
  }

  /**
   * Returns a redacted deep copy of a JSON-like value: values under secret key names become `(redacted)` (null,
   * undefined and empty strings are kept, they reveal nothing), and every string is passed through `redact`,
   * so JSON embedded in a string is handled too. Cycles become `"[Circular]"`.
   */
  redactJson<T>(value: T): T {
    const seen = new WeakSet<object>();
    const walk = (node: unknown, depth: number): unknown => {
      if (typeof node === "string") return this.#redactStringValue(node);
      if (typeof node !== "object" || node === null) return node;
      if (depth > MAX_DEPTH) return REDACTED;
      if (seen.has(node)) return "[Circular]";
      seen.add(node);
      try {
        if (Array.isArray(node)) return node.map((item) => walk(item, depth + 1));
        const copy: Record<string, unknown> = {};
        for (const [key, child] of Object.entries(node)) {
          copy[key] = isSecretKey(key) && child !== null && child !== undefined && child !== "" ? REDACTED : walk(child, depth + 1);
        }
        return copy;
      } finally {
        seen.delete(node);
      }
    };
    return walk(value, 0) as T;
  }

  // a string inside JSON: if it is itself JSON (a Google service key, say), redact it structurally
  #redactStringValue(text: string): string {
    const trimmed = text.trim();
    if ((trimmed.startsWith("{") && trimmed.endsWith("}")) || (trimmed.startsWith("[") && trimmed.endsWith("]"))) {
      try {
        return JSON.stringify(this.redactJson(JSON.parse(trimmed) as unknown));
      } catch {
        // not JSON after all; fall through to text redaction
      }
    }
    return this.redact(text);
  }

  #redactValues(text: string): string {
    if (this.#values.size === 0 || text.length === 0) return text;
    // longest first, so a secret that contains another is removed whole
    this.#sorted ??= [...this.#values].sort((a, b) => b.length - a.length);
    let out = text;
    for (const secret of this.#sorted) {
      if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    }
    return out;
  }
}

function jsonEscaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

function uriEncoded(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value; // lone surrogates
  }
}
