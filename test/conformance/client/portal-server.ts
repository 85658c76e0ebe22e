/**
 * A scripted fake portal for client conformance tests: a real node:http server on 127.0.0.1, port 0. Each test
 * supplies a handler; the server records every request (raw URL, headers, full body, arrival time) and how many
 * were in flight at once.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo } from "node:net";
import { PortalClient, type PortalClientOptions } from "../../../provider/src/core/client";

export interface RecordedRequest {
  readonly method: string;
  /** The raw request target, exactly as sent (no decoding). */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** `performance.now()` when the body had arrived. */
  readonly at: number;
  /** 0-based position among all requests this server received. */
  readonly index: number;
}

export type Handler = (request: RecordedRequest, res: ServerResponse, req: IncomingMessage) => void | Promise<void>;

export interface FakePortal {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Highest number of requests in flight at once (a request counts until its response finishes or fails). */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

export async function startFakePortal(handler: Handler, port = 0): Promise<FakePortal> {
  const requests: RecordedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = (): void => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.on("finish", finish);
    res.on("close", finish);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: performance.now(),
        index: requests.length,
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res, req)).catch((error: unknown) => {
        res.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });
  server.keepAliveTimeout = 500;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port with nobody listening (bound, read, released). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The headers express-rate-limit puts on every portal response (portal-behaviour.md §0.1). */
export function rateLimitHeaders(remaining: number, resetSecs: number, limit = 600): Record<string, string> {
  return {
    "RateLimit-Policy": `${limit};w=300`,
    "RateLimit-Limit": String(limit),
    "RateLimit-Remaining": String(remaining),
    "RateLimit-Reset": String(resetSecs),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Express's finalhandler page for a route that does not exist (the portal's unknown-route 404). */
export function sendExpressNotFound(res: ServerResponse, method: string, url: string): void {
  const path = url.split("?")[0] ?? url;
  const html = `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${method} ${path}</pre>\n</body>\n</html>\n`;
  sendText(res, 404, html, {
    "Content-Security-Policy": "default-src 'none'",
    "X-Content-Type-Options": "nosniff",
    "Content-Type": "text/html; charset=utf-8",
  });
}

/** The portal's 429 (portal-behaviour.md §0.1). */
export function sendTooManyRequests(res: ServerResponse, retryAfterSecs: number): void {
  sendText(res, 429, "Too many requests, please try again later.", {
    "Content-Type": "text/html; charset=utf-8",
    "Retry-After": String(retryAfterSecs),
    ...rateLimitHeaders(0, retryAfterSecs),
  });
}

export const TEST_API_KEY = "3d6f2a1e-9b8c-4d7e-a6f5-1c2b3a4d5e6f";

/** Tiny backoff so the suite runs in a few seconds; no client-side rate limit unless a test asks for one. */
export const FAST_RETRY = Object.freeze({ baseDelayMs: 5, maxDelayMs: 20 });

/** Creates clients against a fake portal and closes them all in `closeAll`. */
export class ClientPool {
  readonly #clients: PortalClient[] = [];

  create(origin: string, options: Partial<PortalClientOptions> = {}): PortalClient {
    const client = new PortalClient({
      apiUrl: `${origin}/v1`,
      apiKey: TEST_API_KEY,
      retry: FAST_RETRY,
      rateLimit: false,
      timeoutMs: 5_000,
      userAgent: "voicegateway-iac/0.0.0-test",
      ...options,
    });
    this.#clients.push(client);
    return client;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.#clients.splice(0).map((client) => client.close()));
  }
}
