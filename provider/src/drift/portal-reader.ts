import {
  DEFAULT_RATE_LIMIT,
  type HttpMethod,
  PortalClient,
  type PortalClientOptions,
  type PortalResponse,
  PortalUnexpectedResponseError,
  RateLimiter,
  type RequestOptions,
} from "../core/client";
import { isRecord } from "../core/schema/reconcile";
import { SecretFingerprinter } from "../core/secrets/fingerprint";

/**
 * The drift command's portal access: one client per portal and key, sharing one rate limiter per portal (the
 * portal's budget is system-wide), reading only, and never asking the same thing twice.
 */

const brand = Symbol.for("voicegateway.error.VG_ERR_DRIFT_WRITE");

/** Drift detection never writes. A handler that tries to is a bug, and must not reach the portal. */
export class ReadOnlyViolationError extends Error {
  readonly code = "VG_ERR_DRIFT_WRITE" as const;
  readonly [brand] = true;
  override readonly name = "ReadOnlyViolationError";
}

// Key lists carry every token in plaintext: only these fields survive the cache.
const API_KEY_KEEP = ["api_key_sid", "account_sid", "service_provider_sid"] as const;

const pick = (row: unknown, keys: readonly string[]): unknown =>
  isRecord(row) ? Object.fromEntries(keys.filter((k) => k in row).map((k) => [k, row[k]])) : row;

/**
 * Account lists carry recording secrets in plaintext. They are not kept here: the run's `PortalSession` reads each
 * list once and keeps it masked, with keyed fingerprints of the secrets (so a secret changed to one with the same
 * mask is still caught) and nothing in clear.
 */
function isAccountList(segments: readonly string[]): boolean {
  const [first, second, third, fourth] = segments;
  return (first === "Accounts" && second === undefined) || (first === "ServiceProviders" && third === "Accounts" && fourth === undefined);
}

/**
 * What is kept of a GET's body. API-key lists lose their tokens (a key cannot change its token, so drift never
 * needs it); the token is replaced by "" so the wire schema still parses, and the key the run itself uses is
 * marked, so it is not reported as unmanaged.
 */
function sanitise(segments: readonly string[], body: unknown, ownKey: string): unknown {
  const [first, , third] = segments;
  if (first === "Accounts" && third === "ApiKeys" && Array.isArray(body)) {
    return body.map((row) => ({
      ...(pick(row, API_KEY_KEEP) as object),
      token: "",
      ...(isRecord(row) && row.token === ownKey ? { own: true } : {}),
    }));
  }
  return body;
}

/**
 * A `PortalClient` for reading only. GETs are memoised by path for the whole run (including failures, so a 404 is
 * asked once), and concurrent identical GETs share one request: the account GET behind the account, its
 * recording and its limits is sent once. Writes, and the webhook-secret route (a GET that can regenerate the
 * secret), throw `ReadOnlyViolationError` before anything is sent.
 */
export class ReadOnlyPortalClient extends PortalClient {
  readonly #cache = new Map<string, Promise<PortalResponse>>();
  readonly #ownKey: string;
  /** Keys the fingerprints of secrets read in clear, under the run's own API key. */
  readonly fingerprinter: SecretFingerprinter;

  constructor(options: PortalClientOptions) {
    super(options);
    this.#ownKey = options.apiKey;
    this.fingerprinter = new SecretFingerprinter(options.apiKey);
  }

  override request<T = unknown>(
    method: HttpMethod,
    segments: readonly string[],
    options: RequestOptions<T> = {},
  ): Promise<PortalResponse<T>> {
    if (String(method).toUpperCase() !== "GET" || segments.includes("WebhookSecret")) {
      return Promise.reject(new ReadOnlyViolationError(`drift detection only reads; refusing ${String(method)} /${segments.join("/")}`));
    }
    if (isAccountList(segments)) return super.request("GET", segments, options);
    const key = this.pathFor(segments, options.query);
    let entry = this.#cache.get(key);
    if (entry === undefined) {
      const { signal, secrets, query } = options;
      entry = super
        .request("GET", segments, { ...(signal ? { signal } : {}), ...(secrets ? { secrets } : {}), ...(query ? { query } : {}) })
        .then((response) => ({ ...response, body: sanitise(segments, response.body, this.#ownKey) }));
      entry.catch(() => undefined);
      this.#cache.set(key, entry);
    }
    return entry.then((response) => {
      const body = structuredClone(response.body);
      if (options.schema === undefined) return { ...response, body: body as T };
      const checked = options.schema.safeParse(body);
      if (!checked.success) throw new PortalUnexpectedResponseError(`The portal's answer to GET ${key} does not have the expected shape`);
      return { ...response, body: checked.data };
    });
  }

  /** GETs answered from the cache or shared with one in flight, for tests and the report. */
  get cachedPaths(): number {
    return this.#cache.size;
  }
}

export interface PortalTarget {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly insecureHttp?: boolean;
}

export interface PortalPoolOptions {
  readonly userAgent: string;
  /** Requests in flight per client. */
  readonly concurrency: number;
  /** Called when the rate limiter makes a request wait long (the run explains its pause). */
  readonly onLongWait?: (apiUrl: string, waitMs: number) => void;
  /** For tests: retry and rate-limit overrides. */
  readonly clientOverrides?: Partial<Pick<PortalClientOptions, "retry" | "rateLimit" | "timeoutMs" | "dispatcher">>;
}

/** One client per (portal, key), one rate limiter per portal, closed together. */
export class PortalPool {
  readonly #clients = new Map<string, ReadOnlyPortalClient>();
  readonly #limiters = new Map<string, RateLimiter>();

  constructor(private readonly options: PortalPoolOptions) {}

  client(target: PortalTarget): ReadOnlyPortalClient {
    const id = `${target.apiUrl}\u0000${target.apiKey}`;
    const existing = this.#clients.get(id);
    if (existing) return existing;
    const portal = normalisedUrl(target.apiUrl);
    const overrides = this.options.clientOverrides ?? {};
    let rateLimit: PortalClientOptions["rateLimit"];
    if (overrides.rateLimit !== undefined) {
      rateLimit = overrides.rateLimit;
    } else {
      let limiter = this.#limiters.get(portal);
      if (!limiter) {
        limiter = new RateLimiter(DEFAULT_RATE_LIMIT);
        this.#limiters.set(portal, limiter);
      }
      rateLimit = limiter;
    }
    const { onLongWait } = this.options;
    const client = new ReadOnlyPortalClient({
      apiUrl: target.apiUrl,
      apiKey: target.apiKey,
      ...(target.insecureHttp ? { insecureHttp: true } : {}),
      concurrency: this.options.concurrency,
      userAgent: this.options.userAgent,
      rateLimit,
      ...(overrides.retry ? { retry: overrides.retry } : {}),
      ...(overrides.timeoutMs ? { timeoutMs: overrides.timeoutMs } : {}),
      ...(overrides.dispatcher ? { dispatcher: overrides.dispatcher } : {}),
      logger: {
        debug: () => undefined,
        warn: (_message, fields) => onLongWait?.(target.apiUrl, typeof fields.waitMs === "number" ? fields.waitMs : 0),
      },
    });
    this.#clients.set(id, client);
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((c) => c.close()));
    this.#clients.clear();
  }
}

/** The same portal however its URL is spelled (trailing slash, host case). */
function normalisedUrl(apiUrl: string): string {
  try {
    const url = new URL(apiUrl.trim());
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return apiUrl;
  }
}
