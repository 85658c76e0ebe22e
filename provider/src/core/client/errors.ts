/**
 * Errors raised by the portal client, built the undici way: a stable `name`, a stable literal `code`, and a
 * `Symbol.for('voicegateway.error.<code>')` brand so `X.is(err)` and `instanceof` work across duplicate copies of
 * this module (jest, CDKTF, Pulumi closures). Fields follow octokit and stripe: `status`, `method`, `path`,
 * `serverMessage`, a redacted `bodyExcerpt`, `attempts` and `cause`.
 *
 * Every constructor redacts (octokit RequestError style): message, stack, `toString()`, `util.inspect` and
 * `JSON.stringify` never contain the API key or a registered secret, and a cause that contains one is replaced by
 * a redacted copy that keeps its `name` and `code`. The redactor itself is never stored on the error.
 */
import { STATUS_CODES } from "node:http";
import { type HeaderMap, headerValue, parseRateLimitHeaders, parseRetryAfter } from "./headers";
import { REDACTED, Redactor } from "./redact";

export type PortalErrorCode =
  | "VG_ERR_BAD_REQUEST"
  | "VG_ERR_UNAUTHORIZED"
  | "VG_ERR_FORBIDDEN"
  | "VG_ERR_NOT_FOUND"
  | "VG_ERR_NO_ROUTE"
  | "VG_ERR_RATE_LIMITED"
  | "VG_ERR_SERVER"
  | "VG_ERR_NETWORK"
  | "VG_ERR_UNEXPECTED_RESPONSE"
  | "VG_ERR_CLIENT_CONFIG"
  | "VG_ERR_INSECURE_URL";

/** Context shared by all portal errors. Strings are redacted by the constructor. */
export interface PortalErrorDetails {
  readonly status?: number;
  readonly method?: string;
  /** Request path including the API base path, e.g. `/v1/Accounts/<sid>`. Secret query values are redacted. */
  readonly path?: string;
  readonly serverMessage?: string;
  /** A short excerpt of the response body; secret-bearing JSON keys are redacted. */
  readonly bodyExcerpt?: string;
  /** How many requests were sent (1 when the first attempt failed without retry). */
  readonly attempts?: number;
  readonly cause?: unknown;
  /** Used to redact this error's strings; never stored. Without one, key-name and Bearer redaction still apply. */
  readonly redactor?: Redactor;
}

/** Details of an error raised for an HTTP response: the status is always known. */
export type HttpErrorDetails = PortalErrorDetails & { readonly status: number };

const BASE_BRAND = Symbol.for("voicegateway.error");
const brandFor = (code: PortalErrorCode): symbol => Symbol.for(`voicegateway.error.${code}`);
const EMPTY_REDACTOR = new Redactor();
const EXCERPT_LENGTH = 300;

type ErrorClass = abstract new (...args: never[]) => PortalError;

function ownBrand(cls: unknown): symbol | undefined {
  if (cls === PortalError) return BASE_BRAND;
  if (typeof cls === "function" && Object.hasOwn(cls, "code")) {
    return brandFor((cls as unknown as { code: PortalErrorCode }).code);
  }
  return undefined;
}

function hasBrand(value: unknown, brand: symbol): boolean {
  return (typeof value === "object" || typeof value === "function") && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/** Base of every error the client raises. Abstract: the subclass says what went wrong. */
export abstract class PortalError extends Error {
  declare readonly name: string;
  readonly code: PortalErrorCode;
  readonly status: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly serverMessage: string | undefined;
  readonly bodyExcerpt: string | undefined;
  readonly attempts: number | undefined;

  constructor(message: string, details: PortalErrorDetails = {}) {
    const redactor = details.redactor ?? EMPTY_REDACTOR;
    const cause = details.cause === undefined ? undefined : redactedCause(details.cause, redactor, 0);
    super(redactor.redact(message), cause === undefined ? undefined : { cause });
    const own = new.target as unknown as { code?: PortalErrorCode };
    if (own.code === undefined) throw new TypeError(`${new.target.name} must declare a static code`);
    this.code = own.code;
    this.status = details.status;
    this.method = details.method;
    this.path = details.path === undefined ? undefined : redactor.redact(details.path);
    this.serverMessage = details.serverMessage === undefined ? undefined : redactor.redact(details.serverMessage);
    this.bodyExcerpt = details.bodyExcerpt === undefined ? undefined : redactor.redact(details.bodyExcerpt);
    this.attempts = details.attempts;
    // brands for this class and every ancestor, non-enumerable so inspect output stays readable
    for (let cls: unknown = new.target; typeof cls === "function" && cls !== Error; cls = Object.getPrototypeOf(cls)) {
      const brand = ownBrand(cls);
      if (brand !== undefined) Object.defineProperty(this, brand, { value: true, enumerable: false });
    }
  }

  /** True for an error of this class (or a subclass), even one created by another copy of this module. */
  static is<T extends PortalError>(this: abstract new (...args: never[]) => T, value: unknown): value is T {
    const brand = ownBrand(this);
    return brand === undefined ? value instanceof this : hasBrand(value, brand);
  }

  static override [Symbol.hasInstance](this: ErrorClass, value: unknown): boolean {
    const brand = ownBrand(this);
    return brand === undefined ? Function.prototype[Symbol.hasInstance].call(this, value) : hasBrand(value, brand);
  }

  /** A redacted, serialisable view (what `JSON.stringify` prints). */
  toJSON(): Record<string, unknown> {
    const cause = this.cause as { name?: unknown; code?: unknown; message?: unknown } | undefined;
    return dropUndefined({
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      method: this.method,
      path: this.path,
      serverMessage: this.serverMessage,
      bodyExcerpt: this.bodyExcerpt,
      attempts: this.attempts,
      ...this.extraJson(),
      cause:
        cause === undefined
          ? undefined
          : typeof cause === "object" && cause !== null
            ? dropUndefined({ name: cause.name, code: cause.code, message: cause.message })
            : String(cause),
    });
  }

  protected extraJson(): Record<string, unknown> {
    return {};
  }
}

function nameClass(cls: ErrorClass, name: string): void {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true, enumerable: false });
}

/** 400 or 422 (and other 4xx without a class of their own): the portal rejected what was sent. */
export class PortalBadRequestError extends PortalError {
  static readonly code = "VG_ERR_BAD_REQUEST";
  declare readonly name: "PortalBadRequestError";
  declare readonly code: "VG_ERR_BAD_REQUEST";
  declare readonly status: number;

  constructor(message: string, details: HttpErrorDetails) {
    super(message, details);
  }
}
nameClass(PortalBadRequestError, "PortalBadRequestError");

/** 401: missing, wrong, revoked or expired token. */
export class PortalAuthError extends PortalError {
  static readonly code = "VG_ERR_UNAUTHORIZED";
  declare readonly name: "PortalAuthError";
  declare readonly code: "VG_ERR_UNAUTHORIZED";
  declare readonly status: number;

  constructor(message: string, details: HttpErrorDetails) {
    super(message, details);
  }
}
nameClass(PortalAuthError, "PortalAuthError");

/** 403: the key's scope (admin / service provider / account) does not allow this, or a view-only user. */
export class PortalForbiddenError extends PortalError {
  static readonly code = "VG_ERR_FORBIDDEN";
  declare readonly name: "PortalForbiddenError";
  declare readonly code: "VG_ERR_FORBIDDEN";
  declare readonly status: number;

  constructor(message: string, details: HttpErrorDetails) {
    super(message, details);
  }
}
nameClass(PortalForbiddenError, "PortalForbiddenError");

/** 404 with an empty or `Not Found` body: the object does not exist. Reads treat this as "gone". */
export class PortalNotFoundError extends PortalError {
  static readonly code = "VG_ERR_NOT_FOUND";
  declare readonly name: "PortalNotFoundError";
  declare readonly code: "VG_ERR_NOT_FOUND";
  declare readonly status: number;

  constructor(message: string, details: HttpErrorDetails) {
    super(message, details);
  }
}
nameClass(PortalNotFoundError, "PortalNotFoundError");

/**
 * 404 with Express's HTML `Cannot GET /...` page: the URL matches no route. A wrong base URL or path casing, a
 * CONFIGURATION error; never evidence that an object was deleted.
 */
export class PortalRouteNotFoundError extends PortalError {
  static readonly code = "VG_ERR_NO_ROUTE";
  declare readonly name: "PortalRouteNotFoundError";
  declare readonly code: "VG_ERR_NO_ROUTE";
  declare readonly status: number;

  constructor(message: string, details: HttpErrorDetails) {
    super(message, details);
  }
}
nameClass(PortalRouteNotFoundError, "PortalRouteNotFoundError");

/** 429 that outlasted the retries. `retryAfterMs` is the server's last `Retry-After` (or `RateLimit-Reset`). */
export class PortalRateLimitError extends PortalError {
  static readonly code = "VG_ERR_RATE_LIMITED";
  declare readonly name: "PortalRateLimitError";
  declare readonly code: "VG_ERR_RATE_LIMITED";
  declare readonly status: number;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, details: HttpErrorDetails & { readonly retryAfterMs?: number }) {
    super(message, details);
    this.retryAfterMs = details.retryAfterMs;
  }

  protected override extraJson(): Record<string, unknown> {
    return { retryAfterMs: this.retryAfterMs };
  }
}
nameClass(PortalRateLimitError, "PortalRateLimitError");

/** 5xx. The portal uses 500 for many invalid inputs, and a failed write may have been partly applied. */
export class PortalServerError extends PortalError {
  static readonly code = "VG_ERR_SERVER";
  declare readonly name: "PortalServerError";
  declare readonly code: "VG_ERR_SERVER";
  declare readonly status: number;

  constructor(message: string, details: HttpErrorDetails) {
    super(message, details);
  }
}
nameClass(PortalServerError, "PortalServerError");

/** No response: connection refused, reset, DNS failure, TLS failure, timeout. `cause` is undici's error. */
export class PortalNetworkError extends PortalError {
  static readonly code = "VG_ERR_NETWORK";
  declare readonly name: "PortalNetworkError";
  declare readonly code: "VG_ERR_NETWORK";
  /** undici's or Node's code (`ECONNREFUSED`, `UND_ERR_SOCKET`, `UND_ERR_HEADERS_TIMEOUT`, ...). */
  readonly causeCode: string | undefined;
  /**
   * False only when it is certain no byte of the request was written. When true, a write (POST in particular)
   * may have been applied: look the object up before trying again.
   */
  readonly mayHaveReachedServer: boolean;

  constructor(message: string, details: PortalErrorDetails & { readonly causeCode?: string; readonly mayHaveReachedServer: boolean }) {
    super(message, details);
    this.causeCode = details.causeCode;
    this.mayHaveReachedServer = details.mayHaveReachedServer;
  }

  protected override extraJson(): Record<string, unknown> {
    return { causeCode: this.causeCode, mayHaveReachedServer: this.mayHaveReachedServer };
  }
}
nameClass(PortalNetworkError, "PortalNetworkError");

/**
 * A response body that is not what was expected: not JSON, an HTML page on success, or failing a wire schema.
 * Exported so callers validating responses can throw it (see `unexpectedResponse`).
 */
export class PortalUnexpectedResponseError extends PortalError {
  static readonly code = "VG_ERR_UNEXPECTED_RESPONSE";
  declare readonly name: "PortalUnexpectedResponseError";
  declare readonly code: "VG_ERR_UNEXPECTED_RESPONSE";
}
nameClass(PortalUnexpectedResponseError, "PortalUnexpectedResponseError");

/** One problem with the options given to the client. */
export interface ClientConfigIssue {
  /** The option, as the TypeScript API spells it (`apiUrl`, `retry.maxRetries`, ...). */
  readonly option: string;
  readonly message: string;
}

/** Invalid `PortalClient` options. `issues` lists every problem found, not just the first. */
export class PortalClientConfigError extends PortalError {
  static readonly code: PortalErrorCode = "VG_ERR_CLIENT_CONFIG";
  declare readonly name: "PortalClientConfigError" | "PortalInsecureUrlError";
  declare readonly code: "VG_ERR_CLIENT_CONFIG" | "VG_ERR_INSECURE_URL";
  readonly issues: readonly ClientConfigIssue[];

  constructor(issues: readonly ClientConfigIssue[], details: Pick<PortalErrorDetails, "redactor"> = {}) {
    const lines = issues.map((issue) => issue.message);
    const message =
      lines.length === 1
        ? `Invalid portal client configuration: ${lines[0]}`
        : `Invalid portal client configuration:\n  - ${lines.join("\n  - ")}`;
    super(message, details);
    const redactor = details.redactor ?? EMPTY_REDACTOR;
    this.issues = Object.freeze(issues.map((issue) => Object.freeze({ option: issue.option, message: redactor.redact(issue.message) })));
  }

  protected override extraJson(): Record<string, unknown> {
    return { issues: this.issues };
  }
}
nameClass(PortalClientConfigError, "PortalClientConfigError");

/** `apiUrl` uses plain http to a host that is not loopback, without `insecureHttp: true`. */
export class PortalInsecureUrlError extends PortalClientConfigError {
  static override readonly code: PortalErrorCode = "VG_ERR_INSECURE_URL";
  declare readonly name: "PortalInsecureUrlError";
  declare readonly code: "VG_ERR_INSECURE_URL";
}
nameClass(PortalInsecureUrlError, "PortalInsecureUrlError");

// ---------------------------------------------------------------------------------------------------------------
// response → error

/** What the factory needs to know about a failed response. */
export interface ResponseErrorInput {
  readonly status: number;
  readonly method: string;
  /** Full request path (base path included), query included; secret query values get redacted. */
  readonly path: string;
  /** Parsed JSON, text, bytes or undefined. */
  readonly body: unknown;
  readonly headers?: HeaderMap;
  readonly attempts?: number;
  readonly redactor?: Redactor;
  /** Wall clock for an HTTP-date `Retry-After`. @default Date.now() */
  readonly nowMs?: number;
}

/**
 * Maps a failed response to its error class, like stripe's `generateV1Error`:
 * 400/422 (and other 4xx) → bad request; 401 → auth; 403 → forbidden; 404 with an HTML page (or a
 * `Cannot <METHOD> /path` text) → no route, any other 404 → not found; 429 → rate limited; 5xx → server;
 * anything else (1xx, 2xx, 3xx) → unexpected response.
 */
export function errorFromResponse(input: ResponseErrorInput): PortalError {
  const { status, method, path, body, headers, attempts, redactor } = input;
  const contentType = headerValue(headers, "content-type");
  const serverMessage = serverMessageFrom(body, contentType);
  const details: HttpErrorDetails = {
    status,
    method,
    path,
    serverMessage,
    bodyExcerpt: bodyExcerptFrom(body, redactor),
    attempts,
    redactor,
  };
  const request = `${method} ${path}`;
  const said = serverMessage === undefined ? "" : ` The portal said: "${serverMessage}"${/[.!?]$/.test(serverMessage) ? "" : "."}`;
  const statusText = `${status}${STATUS_CODES[status] === undefined ? "" : ` ${STATUS_CODES[status]}`}`;
  const tries = attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : "";

  if (status === 401) {
    const invalid = /invalid_token/i.test(headerValue(headers, "www-authenticate") ?? "") ? " The portal does not know this key." : "";
    return new PortalAuthError(
      `The portal rejected the API key for ${request} (${statusText}).${invalid} Check that api_key (VOICEGATEWAY_API_KEY) ` +
        `is an API key of this portal that has not been deleted; a portal login token (JWT) expires after 60 minutes.${said}`,
      details,
    );
  }
  if (status === 403) {
    return new PortalForbiddenError(
      `The API key is not allowed to ${request} (${statusText}). Account-level keys can only manage their own account; ` +
        `use an admin or service-provider key, and not a view-only user's token (docs/portal-behaviour.md §1.3).${said}`,
      details,
    );
  }
  if (status === 404) {
    if (isRouteNotFoundBody(body, contentType)) {
      return new PortalRouteNotFoundError(
        `The portal has no route for ${request} (${statusText}${serverMessage === undefined ? "" : `: "${serverMessage}"`}). ` +
          `This is a configuration problem, not a missing object: check that api_url includes the API version path, ` +
          `for example https://vg.example.com/api/v1 or http://127.0.0.1:3000/v1, and that the path casing is exact (/Accounts, /ApiKeys).`,
        details,
      );
    }
    return new PortalNotFoundError(`${request} found nothing (${statusText}): the object does not exist or was deleted.${said}`, details);
  }
  if (status === 429) {
    const nowMs = input.nowMs ?? Date.now();
    let retryAfterMs = parseRetryAfter(headerValue(headers, "retry-after"), nowMs);
    if (retryAfterMs === undefined) retryAfterMs = parseRateLimitHeaders(headers).resetMs;
    const wait = retryAfterMs === undefined ? "" : ` The portal asks to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
    return new PortalRateLimitError(
      `The portal's rate limit was exceeded for ${request}${tries} (${statusText}).${wait} The limit (600 requests per 5 minutes ` +
        `by default) is shared by everyone using this portal; lower the concurrency or run again later.${said}`,
      { ...details, retryAfterMs },
    );
  }
  if (status >= 500 && status <= 599) {
    const write = method.toUpperCase() !== "GET" && method.toUpperCase() !== "HEAD";
    const partly = write ? " The write may have been partly applied: read the object again before retrying." : "";
    const input500 =
      status === 500
        ? " The portal also answers 500 for many invalid inputs (for example a missing recording field), so check the values sent."
        : "";
    return new PortalServerError(`The portal failed on ${request}${tries} (${statusText}).${said}${input500}${partly}`, details);
  }
  if (status >= 400 && status <= 499) {
    return new PortalBadRequestError(`The portal rejected ${request} as invalid (${statusText}).${said}`, details);
  }
  return new PortalUnexpectedResponseError(
    `The portal answered ${request} with an unexpected status (${statusText}). Check that api_url points at the portal API ` +
      `(for example https://vg.example.com/api/v1), not at a web page or proxy that redirects.${said}`,
    details,
  );
}

/** Input for `unexpectedResponse`, for callers validating a response against a wire schema. */
export interface UnexpectedResponseInput {
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly body?: unknown;
  /** What is wrong, in a few words (`account_sid: expected string`). A zod error's issues are summarised for you. */
  readonly problem?: string;
  readonly cause?: unknown;
  readonly redactor?: Redactor;
}

/** Builds a `PortalUnexpectedResponseError` with a "please report" message (the scaffold's Configure style). */
export function unexpectedResponse(input: UnexpectedResponseInput): PortalUnexpectedResponseError {
  const problem = input.problem ?? issuesSummary(input.cause);
  return new PortalUnexpectedResponseError(
    `The portal's response to ${input.method} ${input.path} did not have the expected shape${problem === undefined ? "" : ` (${problem})`}. ` +
      `This is a bug in the provider or a portal version it does not support; please report it to the provider developers.`,
    {
      status: input.status,
      method: input.method,
      path: input.path,
      bodyExcerpt: input.body === undefined ? undefined : bodyExcerptFrom(input.body, input.redactor),
      cause: input.cause,
      redactor: input.redactor,
    },
  );
}

function issuesSummary(cause: unknown): string | undefined {
  const issues = (cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  const parts = issues.slice(0, 5).map((issue: { path?: unknown; message?: unknown }) => {
    const path = Array.isArray(issue.path) && issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ` : "";
    return `${path}${String(issue.message)}`;
  });
  return parts.join("; ") + (issues.length > 5 ? `; and ${issues.length - 5} more` : "");
}

/** Input for `networkError`. */
export interface NetworkErrorInput {
  readonly method: string;
  readonly path: string;
  /** `https://host:port`, shown so a wrong host is obvious. */
  readonly origin?: string;
  readonly cause: unknown;
  readonly causeCode: string | undefined;
  readonly mayHaveReachedServer: boolean;
  readonly attempts?: number;
  /** Set when the attempt ran out of time. */
  readonly timeoutMs?: number;
  readonly redactor?: Redactor;
}

/** OpenSSL's and Node's codes for a server certificate the client did not accept. */
const CERTIFICATE_CODES: ReadonlySet<string> = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** Builds the `PortalNetworkError` for a request that got no response. */
export function networkError(input: NetworkErrorInput): PortalNetworkError {
  const { method, path, origin, causeCode, mayHaveReachedServer, attempts, timeoutMs } = input;
  const where = origin === undefined ? "" : ` at ${origin}`;
  const tries = attempts !== undefined && attempts > 1 ? ` (${attempts} attempts)` : "";
  const code = causeCode === undefined ? "" : ` (${causeCode})`;
  const what =
    timeoutMs !== undefined
      ? `The portal${where} did not answer ${method} ${path} within ${timeoutMs} ms${tries}.`
      : causeCode !== undefined && CERTIFICATE_CODES.has(causeCode)
        ? `The portal${where} presented a TLS certificate that was not accepted for ${method} ${path}${code}${tries}. If it is issued by a private CA, set NODE_EXTRA_CA_CERTS to that CA's PEM file; if it is for another name, use that name in api_url.`
        : mayHaveReachedServer
          ? `The connection to the portal${where} failed during ${method} ${path}${code}${tries}.`
          : `Could not connect to the portal${where} for ${method} ${path}${code}${tries}. Check api_url and that the portal is reachable from here.`;
  const reached = mayHaveReachedServer
    ? method.toUpperCase() === "GET"
      ? ""
      : " The request may have reached the portal and been applied: read the object (for a create, look it up) before trying again."
    : " The request was not sent.";
  const causeText = describeCause(input.cause);
  return new PortalNetworkError(`${what}${reached}${causeText === undefined ? "" : ` Cause: ${causeText}.`}`, {
    method,
    path,
    cause: input.cause,
    causeCode,
    mayHaveReachedServer,
    attempts,
    redactor: input.redactor,
  });
}

function describeCause(cause: unknown): string | undefined {
  if (cause instanceof Error) return cause.message.length > 0 ? cause.message : cause.name;
  if (typeof cause === "string") return cause;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// bodies

/**
 * The server's own words from an error body, whatever its shape (portal-behaviour.md §1.2): plain text (`Unauthorized`,
 * `Not Found`, `Too many requests, please try again later.`), `{msg}`, `{status, message}`, empty (undefined), or
 * Express's HTML error page (the `Cannot GET /path` text of its `<pre>`). Not redacted: the error constructor does
 * that with the client's redactor.
 */
export function serverMessageFrom(body: unknown, contentType?: string): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (body instanceof Uint8Array) return serverMessageFrom(Buffer.from(body).toString("utf8"), contentType);
  if (typeof body === "string") {
    const text = body.trim();
    if (text.length === 0) return undefined;
    if (isHtml(text, contentType)) return htmlMessage(text);
    if (text.startsWith("{") || text.startsWith("[") || /json/i.test(contentType ?? "")) {
      try {
        return serverMessageFrom(JSON.parse(text) as unknown);
      } catch {
        // not JSON: use the text
      }
    }
    return clip(collapse(text));
  }
  if (typeof body === "number" || typeof body === "boolean") return String(body);
  if (Array.isArray(body)) {
    const parts = body.map((item) => serverMessageFrom(item)).filter((part): part is string => part !== undefined);
    return parts.length > 0 ? clip(parts.join("; ")) : undefined;
  }
  if (typeof body === "object") {
    const record = body as Record<string, unknown>;
    for (const key of ["msg", "message", "error", "reason", "detail"]) {
      const value = record[key];
      if (typeof value === "string" && value.trim().length > 0) return clip(collapse(value.trim()));
      if (typeof value === "object" && value !== null) {
        const nested = serverMessageFrom(value);
        if (nested !== undefined) return nested;
      }
    }
    if (Array.isArray(record.errors)) return serverMessageFrom(record.errors);
    const json = JSON.stringify(body);
    return json === "{}" ? undefined : clip(json);
  }
  return undefined;
}

/** True for a 404 body that is a route miss: an HTML page (Express, or a proxy in front) or `Cannot GET /path`. */
export function isRouteNotFoundBody(body: unknown, contentType?: string): boolean {
  const text = body instanceof Uint8Array ? Buffer.from(body).toString("utf8") : typeof body === "string" ? body.trim() : undefined;
  if (text === undefined || text.length === 0) return false;
  if (isHtml(text, contentType)) return true;
  return /^Cannot (GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) \//.test(text);
}

/** A short, redacted excerpt of a body for an error (secret JSON keys and registered values removed). */
export function bodyExcerptFrom(body: unknown, redactor: Redactor = EMPTY_REDACTOR): string | undefined {
  if (body === undefined || body === null) return undefined;
  let text: string;
  if (typeof body === "string") text = redactor.redactJson(body);
  else if (body instanceof Uint8Array) text = redactor.redactJson(Buffer.from(body).toString("utf8"));
  else {
    try {
      text = JSON.stringify(redactor.redactJson(body)) ?? String(body);
    } catch {
      text = REDACTED;
    }
  }
  text = collapse(text.trim());
  if (text.length === 0) return undefined;
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text;
}

function isHtml(text: string, contentType: string | undefined): boolean {
  return /html/i.test(contentType ?? "") || /^<(!doctype|html|head|body|pre)\b/i.test(text);
}

function htmlMessage(html: string): string | undefined {
  const pick = (tag: string): string | undefined => {
    const match = new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, "i").exec(html);
    if (match?.[1] === undefined) return undefined;
    const text = collapse(decodeEntities(match[1].replace(/<br\s*\/?>/gi, " ").replace(/<[^>]*>/g, " ")).trim());
    return text.length > 0 ? text : undefined;
  };
  const text = pick("pre") ?? pick("h1") ?? pick("title") ?? collapse(decodeEntities(html.replace(/<[^>]*>/g, " ")).trim());
  return text.length > 0 ? clip(text) : undefined;
}

function decodeEntities(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, entity: string) => {
    if (entity.startsWith("#x") || entity.startsWith("#X")) return safeFromCodePoint(parseInt(entity.slice(2), 16), match);
    if (entity.startsWith("#")) return safeFromCodePoint(parseInt(entity.slice(1), 10), match);
    return named[entity.toLowerCase()] ?? match;
  });
}

function safeFromCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ");
}

function clip(text: string, max = 500): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function dropUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

// ---------------------------------------------------------------------------------------------------------------
// causes

/**
 * The cause to keep on an error: the original when nothing in it is secret (so `cause.code` checks keep working),
 * otherwise a redacted copy with the same `name`, `code`, `errno` and `syscall`.
 */
function redactedCause(cause: unknown, redactor: Redactor, depth: number): unknown {
  if (PortalError.is(cause)) return cause; // already redacted by its own constructor
  if (typeof cause === "string") return redactor.redact(cause);
  if (!(cause instanceof Error)) {
    if (typeof cause === "object" && cause !== null) return redactor.redactJson(cause);
    return cause;
  }
  const nested = (cause as { cause?: unknown }).cause;
  const nestedRedacted = nested === undefined || depth >= 3 ? nested : redactedCause(nested, redactor, depth + 1);
  const strings = ownStrings(cause);
  const dirty =
    nestedRedacted !== nested ||
    redactor.redact(cause.message) !== cause.message ||
    (cause.stack !== undefined && redactor.redact(cause.stack) !== cause.stack) ||
    strings.some(([, value]) => redactor.redact(value) !== value);
  if (!dirty) return cause;
  const copy = new Error(redactor.redact(cause.message), nestedRedacted === undefined ? undefined : { cause: nestedRedacted });
  Object.defineProperty(copy, "name", { value: cause.name, writable: true, configurable: true, enumerable: false });
  copy.stack = cause.stack === undefined ? undefined : redactor.redact(cause.stack);
  for (const [key, value] of Object.entries(cause)) {
    if (key === "cause") continue;
    (copy as unknown as Record<string, unknown>)[key] =
      typeof value === "string" ? redactor.redact(value) : typeof value === "object" && value !== null ? redactor.redactJson(value) : value;
  }
  return copy;
}

function ownStrings(error: Error): Array<[string, string]> {
  return Object.entries(error).filter((entry): entry is [string, string] => typeof entry[1] === "string");
}
