/**
 * `PortalClient`: one per provider configuration. Sends JSON over undici with the bearer token, paces itself under
 * the portal's shared rate limit, caps concurrency, retries what is safe to retry (retry-policy.ts), and turns
 * every failure into a redacted `PortalError` (errors.ts).
 *
 * One attempt = wait for a concurrency slot → wait for the rate limiter → send → read the whole body, all under
 * the per-attempt timeout except the waits. Backoff sleeps happen outside the slot, so a retrying request does not
 * block others.
 *
 * Retries are implemented here rather than with undici's retry interceptor because the decision needs things the
 * interceptor does not have: POST only when provably unsent, never 500, and each attempt counted by the limiter.
 */
import { type Dispatcher } from "undici";
import { Semaphore } from "./concurrency";
import { errorFromResponse, networkError, type PortalError, unexpectedResponse } from "./errors";
import { type HeaderMap, headerValue } from "./headers";
import { type PortalClientOptions, type ResolvedClientOptions, resolveClientOptions } from "./options";
import { type QueryParams, requestPath } from "./path";
import { type RateLimiter } from "./rate-limiter";
import { type Redactor } from "./redact";
import { classifyNetworkError, decideRetry, type RetryOutcome, type RetryPolicy, serverWaitMs } from "./retry-policy";

/**
 * undici is loaded with the first client, not with the module: terraform starts the provider 3-5 times per command
 * and only the processes that call the portal need it. And only the three parts used are loaded: undici's index also
 * loads fetch, WebSocket, EventSource, cookies and caches, and reading `globalThis.Headers` there makes Node load its
 * own bundled copy of undici as well. undici has no `exports` map; these files are its CommonJS sources, and the
 * client tests run on them as installed.
 */
interface UndiciParts {
  readonly Agent: typeof import("undici").Agent;
  /** `Dispatcher.prototype.request`, which undici's index would attach; called with the dispatcher as `this`. */
  readonly request: (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;
  readonly errors: typeof import("undici").errors;
}
let undiciParts: UndiciParts | undefined;
const undici = (): UndiciParts =>
  (undiciParts ??= {
    Agent: require("undici/lib/dispatcher/agent.js") as UndiciParts["Agent"],
    request: require("undici/lib/api/api-request.js") as UndiciParts["request"],
    errors: require("undici/lib/core/errors.js") as UndiciParts["errors"],
  });

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

const METHODS: ReadonlySet<string> = new Set<HttpMethod>(["GET", "POST", "PUT", "DELETE"]);
const LONG_WAIT_MS = 5_000;

/**
 * Anything with a zod-like `safeParse`. zod schemas fit as they are: `client.get(["Accounts", sid], { schema })`
 * returns the parsed value, and a mismatch throws `PortalUnexpectedResponseError`.
 */
export interface ResponseSchema<T> {
  safeParse(data: unknown): { success: true; data: T } | { success: false; error: unknown };
}

export interface RequestOptions<T = unknown> {
  /** Query parameters; `undefined`/`null` values are skipped. No `?` is added unless something remains. */
  readonly query?: QueryParams;
  /** JSON body. Values under secret key names are registered with the redactor before sending. */
  readonly body?: unknown;
  /** Cancels waiting and the request in flight; the promise then rejects with `signal.reason`. */
  readonly signal?: AbortSignal;
  /** More secret values to keep out of errors and logs for this and later requests. */
  readonly secrets?: readonly string[];
  /** Validates a successful body; a mismatch throws `PortalUnexpectedResponseError`. */
  readonly schema?: ResponseSchema<T>;
  /**
   * Repeating this request is harmless (an upsert), so it is retried like a GET even when it is a POST.
   * @default - only GET, PUT and DELETE are
   */
  readonly idempotent?: boolean;
}

/** Options of the verb helpers; the body is a separate argument of `post` and `put`. */
export type CallOptions<T = unknown> = Omit<RequestOptions<T>, "body">;

export interface PortalResponse<T = unknown> {
  readonly status: number;
  readonly headers: HeaderMap;
  /** Parsed JSON; a string for a non-JSON text body; `undefined` for 204 or an empty body. */
  readonly body: T;
}

/** Counters for benchmarks and diagnostics. */
export interface PortalClientStats {
  /** Requests put on the wire, retries included. */
  readonly requestsSent: number;
  /** Retries scheduled (each one is also counted in `requestsSent` when sent). */
  readonly retries: number;
  /** 429 responses seen. */
  readonly rateLimited: number;
  /** Total time requests waited for the client-side rate limiter. */
  readonly limiterWaitMs: number;
}

type AttemptResult =
  | { readonly kind: "response"; readonly status: number; readonly headers: HeaderMap; readonly text: string }
  | {
      readonly kind: "network";
      readonly error: unknown;
      readonly outcome: Extract<RetryOutcome, { kind: "network" }>;
      readonly timedOut: boolean;
    };

export class PortalClient {
  /** The normalised API base URL (`https://host/api/v1`, no trailing slash). */
  readonly apiUrl: string;
  /** Knows the API key and every secret registered so far. Register more with `redactor.addSecret(value)`. */
  readonly redactor: Redactor;
  /** The effective retry policy (frozen). */
  readonly retryPolicy: RetryPolicy;

  readonly #options: ResolvedClientOptions;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #slots: Semaphore;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #stats = { requestsSent: 0, retries: 0, rateLimited: 0, limiterWaitMs: 0 };
  #closed = false;

  constructor(options: PortalClientOptions) {
    const resolved = resolveClientOptions(options);
    this.#options = resolved;
    this.apiUrl = resolved.apiUrl;
    this.redactor = resolved.redactor;
    this.retryPolicy = resolved.retry;
    this.#slots = new Semaphore(resolved.concurrency);
    this.#ownsDispatcher = resolved.dispatcher === undefined;
    this.#dispatcher =
      resolved.dispatcher ??
      new (undici().Agent)({
        connections: resolved.concurrency,
        connect: {
          timeout: Math.min(resolved.timeoutMs, 10_000),
          // `ca` replaces Node's store, so that store goes first
          ...(resolved.extraCaCertificates === undefined
            ? {}
            : { ca: [...(require("node:tls") as typeof import("node:tls")).rootCertificates, resolved.extraCaCertificates] }),
        },
        headersTimeout: resolved.timeoutMs,
        bodyTimeout: resolved.timeoutMs,
      });
    this.#headers = Object.freeze({
      authorization: `Bearer ${resolved.apiKey}`,
      accept: "application/json",
      "user-agent": resolved.userAgent,
    });
  }

  /** A snapshot of the counters. */
  get stats(): PortalClientStats {
    return { ...this.#stats };
  }

  /** The client-side rate limiter, if any (possibly shared with other clients). */
  get rateLimiter(): RateLimiter | undefined {
    return this.#options.rateLimiter;
  }

  /** The request path the client would send for these segments (base path included), e.g. for error messages. */
  pathFor(segments: readonly string[], query?: QueryParams): string {
    return requestPath(this.#options.basePath, segments, query);
  }

  /**
   * Sends a request and returns status, headers and parsed body for a 2xx. Throws a `PortalError` subclass
   * otherwise (after retries), or `signal.reason` when cancelled.
   */
  async request<T = unknown>(method: HttpMethod, segments: readonly string[], options: RequestOptions<T> = {}): Promise<PortalResponse<T>> {
    if (this.#closed) throw new Error("PortalClient: the client was closed");
    const verb = (typeof method === "string" ? method.toUpperCase() : method) as HttpMethod;
    if (!METHODS.has(verb)) throw new TypeError(`PortalClient: method ${String(method)} is not supported; use GET, POST, PUT or DELETE`);
    const path = requestPath(this.#options.basePath, segments, options.query);
    const shownPath = this.redactor.redact(path);
    if (options.secrets !== undefined) this.redactor.addSecrets(options.secrets);
    let body: string | undefined;
    if (options.body !== undefined) {
      this.redactor.addSecretsFrom(options.body);
      body = JSON.stringify(options.body);
    }
    const { signal } = options;
    const { clock, logger, retry, random } = this.#options;

    for (let attempt = 1; ; attempt++) {
      signal?.throwIfAborted();
      const result = await this.#attempt(verb, path, shownPath, body, attempt, signal, options.idempotent === true);

      if (result.kind === "response" && result.status >= 200 && result.status < 300) {
        return { status: result.status, headers: result.headers, body: this.#successBody(verb, shownPath, result, options.schema) };
      }

      const outcome: RetryOutcome =
        result.kind === "response" ? { kind: "response", status: result.status, headers: result.headers } : result.outcome;
      const decision = decideRetry(retry, attempt, { method: verb, idempotent: options.idempotent === true }, outcome, {
        random,
        now: () => clock.now(),
      });
      if (!decision.retry) throw this.#failure(verb, shownPath, result, attempt);

      this.#stats.retries++;
      logger.debug("portal retry", { method: verb, path: shownPath, attempt, delayMs: decision.delayMs, reason: decision.reason });
      await clock.sleep(decision.delayMs, signal);
    }
  }

  /** GET; resolves with the parsed body. */
  async get<T = unknown>(segments: readonly string[], options: CallOptions<T> = {}): Promise<T> {
    return (await this.request<T>("GET", segments, options)).body;
  }

  /** POST with a JSON body. Not retried unless the request provably never left (see retry-policy.ts). */
  async post<T = unknown>(segments: readonly string[], body?: unknown, options: CallOptions<T> = {}): Promise<T> {
    return (await this.request<T>("POST", segments, { ...options, body })).body;
  }

  /** PUT with a JSON body (the portal answers 204, so this usually resolves with undefined). */
  async put<T = unknown>(segments: readonly string[], body?: unknown, options: CallOptions<T> = {}): Promise<T> {
    return (await this.request<T>("PUT", segments, { ...options, body })).body;
  }

  /** DELETE (the portal answers 204). */
  async delete<T = unknown>(segments: readonly string[], options: CallOptions<T> = {}): Promise<T> {
    return (await this.request<T>("DELETE", segments, options)).body;
  }

  /** Closes the client's own Agent (not a dispatcher passed in). Later requests throw. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  async #attempt(
    method: HttpMethod,
    path: string,
    shownPath: string,
    body: string | undefined,
    attempt: number,
    signal: AbortSignal | undefined,
    idempotent: boolean,
  ): Promise<AttemptResult> {
    const { clock, logger, rateLimiter, timeoutMs, origin } = this.#options;
    const release = await this.#slots.acquire(signal);
    try {
      if (rateLimiter !== undefined) {
        const expected = rateLimiter.delayMs();
        if (expected >= LONG_WAIT_MS) {
          logger.warn?.("waiting for the portal rate limit", { method, path: shownPath, waitMs: expected });
        }
        const waited = await rateLimiter.acquire(signal);
        if (waited > 0) {
          this.#stats.limiterWaitMs += waited;
          logger.debug("rate limiter wait", { method, path: shownPath, waitedMs: waited });
        }
      }

      let phase: "headers" | "body" = "headers";
      const timeout = new AbortController();
      const timer = setTimeout(() => {
        timeout.abort(phase === "headers" ? new (undici().errors.HeadersTimeoutError)() : new (undici().errors.BodyTimeoutError)());
      }, timeoutMs);
      const combined = signal === undefined ? timeout.signal : AbortSignal.any([signal, timeout.signal]);
      const started = performance.now();
      this.#stats.requestsSent++;
      try {
        const response = await undici().request.call(this.#dispatcher, {
          origin,
          path,
          method,
          headers: body === undefined ? this.#headers : { ...this.#headers, "content-type": "application/json" },
          body: body ?? null,
          signal: combined,
          idempotent: idempotent || method !== "POST",
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        phase = "body";
        const text = await response.body.text();
        const status = response.statusCode;
        const headers = response.headers as HeaderMap;
        rateLimiter?.observe(headers);
        if (status === 429) {
          this.#stats.rateLimited++;
          // everyone waits, not only this request
          const waitMs = serverWaitMs(429, headers, this.#options.retry, { now: () => clock.now() });
          if (waitMs !== undefined) rateLimiter?.pauseFor(waitMs);
        }
        logger.debug("portal request", { method, path: shownPath, status, durationMs: elapsed(started), attempt });
        return { kind: "response", status, headers, text };
      } catch (error) {
        if (signal?.aborted === true) throw signal.reason;
        const outcome = classifyNetworkError(error, this.#options.retry);
        const timedOut = timeout.signal.aborted || outcome.code === "UND_ERR_HEADERS_TIMEOUT" || outcome.code === "UND_ERR_BODY_TIMEOUT";
        logger.debug("portal request failed", {
          method,
          path: shownPath,
          error: outcome.code ?? "unknown",
          durationMs: elapsed(started),
          attempt,
        });
        return { kind: "network", error, outcome, timedOut };
      } finally {
        clearTimeout(timer);
      }
    } finally {
      release();
    }
  }

  #successBody<T>(
    method: HttpMethod,
    shownPath: string,
    result: Extract<AttemptResult, { kind: "response" }>,
    schema: ResponseSchema<T> | undefined,
  ): T {
    const { status, headers, text } = result;
    const contentType = headerValue(headers, "content-type") ?? "";
    let parsed: unknown;
    if (status === 204 || status === 205 || text.trim().length === 0) {
      parsed = undefined;
    } else if (/json/i.test(contentType)) {
      try {
        parsed = JSON.parse(text) as unknown;
      } catch (error) {
        throw unexpectedResponse({
          method,
          path: shownPath,
          status,
          body: text,
          problem: "the body is not valid JSON",
          cause: error,
          redactor: this.redactor,
        });
      }
    } else if (/html/i.test(contentType) || /^\s*<(!doctype|html)\b/i.test(text)) {
      throw unexpectedResponse({
        method,
        path: shownPath,
        status,
        body: text,
        problem:
          "an HTML page instead of JSON; api_url probably points at the portal web app: include the API path, e.g. https://vg.example.com/api/v1",
        redactor: this.redactor,
      });
    } else {
      parsed = looksLikeJson(text) ? tryJson(text) : text;
    }
    // list endpoints return tokens and recording secrets in plaintext (portal-behaviour.md §3.2, §4): remember them, so
    // no later error or log line can show one
    if (typeof parsed === "object" && parsed !== null) this.redactor.addSecretsFrom(parsed);
    if (schema === undefined) return parsed as T;
    const checked = schema.safeParse(parsed);
    if (checked.success) return checked.data;
    throw unexpectedResponse({ method, path: shownPath, status, body: parsed, cause: checked.error, redactor: this.redactor });
  }

  #failure(method: HttpMethod, shownPath: string, result: AttemptResult, attempts: number): PortalError {
    if (result.kind === "response") {
      return errorFromResponse({
        status: result.status,
        method,
        path: shownPath,
        body: looksLikeJson(result.text) ? tryJson(result.text) : result.text,
        headers: result.headers,
        attempts,
        redactor: this.redactor,
        nowMs: this.#options.clock.now(),
      });
    }
    return networkError({
      method,
      path: shownPath,
      origin: this.#options.origin,
      cause: result.error,
      causeCode: result.outcome.code,
      mayHaveReachedServer: result.outcome.requestSent,
      attempts,
      timeoutMs: result.timedOut ? this.#options.timeoutMs : undefined,
      redactor: this.redactor,
    });
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}

function looksLikeJson(text: string): boolean {
  const trimmed = text.trim();
  return trimmed.startsWith("{") || trimmed.startsWith("[");
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
