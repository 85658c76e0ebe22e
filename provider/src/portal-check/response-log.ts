import { type IncomingHttpHeaders } from "node:http";
import { Agent, type Dispatcher } from "undici";

/**
 * Every answer the portal gave during a check, as the rate-limit probes need them: status and which rate-limit
 * headers came with it, including the 429s the client retried on its own. No body and no other header is kept.
 */

/** The headers the provider's pacing reads (`RateLimit-*`) and its retries honour (`Retry-After`). */
export const RATE_LIMIT_HEADERS = ["ratelimit-policy", "ratelimit-remaining", "ratelimit-reset"] as const;

export interface ObservedResponse {
  readonly method: string;
  readonly status: number;
  /** Lower-case names of the rate-limit headers and `retry-after` that were present. */
  readonly headers: ReadonlySet<string>;
}

export class ResponseLog {
  readonly #responses: ObservedResponse[] = [];

  add(response: ObservedResponse): void {
    this.#responses.push(response);
  }

  all(): readonly ObservedResponse[] {
    return [...this.#responses];
  }
}

const KEPT_HEADERS = new Set<string>([...RATE_LIMIT_HEADERS, "retry-after"]);

/** Passes everything through to the client's handler, noting status and header names on the way. */
class ObservingHandler implements Dispatcher.DispatchHandler {
  constructor(
    private readonly inner: Dispatcher.DispatchHandler,
    private readonly method: string,
    private readonly log: ResponseLog,
  ) {}

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    this.inner.onRequestStart?.(controller, context);
  }

  onRequestUpgrade(...args: Parameters<NonNullable<Dispatcher.DispatchHandler["onRequestUpgrade"]>>): void {
    this.inner.onRequestUpgrade?.(...args);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    const present = new Set(
      Object.keys(headers)
        .map((h) => h.toLowerCase())
        .filter((h) => KEPT_HEADERS.has(h)),
    );
    this.log.add({ method: this.method, status: statusCode, headers: present });
    this.inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.inner.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.inner.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.inner.onResponseError?.(controller, error);
  }
}

export interface ObservingAgent {
  readonly dispatcher: Dispatcher;
  close(): Promise<void>;
}

/** An undici Agent whose every response is noted in `log`; the caller closes it. */
export function observingAgent(log: ResponseLog, options: { readonly connections: number; readonly timeoutMs: number }): ObservingAgent {
  const agent = new Agent({
    connections: options.connections,
    connect: { timeout: Math.min(options.timeoutMs, 10_000) },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  const dispatcher = agent.compose(
    (dispatch) => (opts, handler) => dispatch(opts, new ObservingHandler(handler, String(opts.method), log)),
  );
  return { dispatcher, close: () => agent.close() };
}
