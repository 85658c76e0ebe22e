import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { sleep } from "./clock";
import { type ControlDependencies, handleControlRequest, isControlPath, refuseControlRequest } from "./control-api";
import { type CorsPolicy } from "./cors";
import { type FaultSpec, faultResponse } from "./faults";
import { handlePortalRequest } from "./portal-app";
import { type RateLimitDecision } from "./rate-limit";
import { readLimitedBody, readPortalBody, tooLargeResponse } from "./request-body";
import { type RequestRecord } from "./request-log";
import { jsonResponse, type PortalResponse, tooManyRequestsResponse } from "./responses";
import { type RuntimeSettings } from "./runtime-settings";

export interface EmulatorServerDependencies extends ControlDependencies {
  /** Added to every portal request before it is answered (`--latency-ms`). */
  readonly latencyMs: number;
  /** Web pages allowed to call the portal routes from a browser (`--cors-origin`). */
  readonly cors: CorsPolicy;
}

/**
 * The request pipeline around the portal: the shared rate limiter counts first (portal-behaviour.md §0.1), then a scripted fault may
 * take over, then the body is read (only what the portal's parsers read, up to their limit) and the portal handles
 * the request against the state store.
 */
export function createEmulatorServer(deps: EmulatorServerDependencies): Server {
  return createServer((req, res) => {
    handle(req, res, deps).catch((err: unknown) => {
      // Emulator bugs and state-file trouble; never log bodies here, they can carry secrets.
      process.stderr.write(`voicegateway-emulator: ${req.method ?? ""} ${pathOf(req.url ?? "/")}: ${String(err)}\n`);
      send(res, jsonResponse(500, { msg: "voicegateway-emulator internal error" }));
    });
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: EmulatorServerDependencies): Promise<void> {
  const startedAt = Date.now();
  const method = req.method ?? "GET";
  const url = req.url ?? "/";
  const path = pathOf(url);

  if (isControlPath(path)) {
    await handleControl(req, res, method, path, deps);
    return;
  }

  const record = (status: number, outcome: RequestRecord["outcome"], fault: FaultSpec | undefined): void => {
    const durationMs = Date.now() - startedAt;
    deps.log.add({ method, path, status, outcome, fault: fault?.kind ?? null, startedAt, durationMs });
  };

  const rate: RateLimitDecision | undefined = deps.limiter?.hit();
  const rateHeaders = rate?.headers ?? {};
  if (rate?.limited) {
    await sleep(deps.latencyMs);
    send(res, tooManyRequestsResponse(), rateHeaders, deps.settings);
    record(429, "response", undefined);
    return;
  }

  const fault = deps.faults.take(method, path);
  if (fault?.kind === "reset") {
    resetConnection(req);
    record(0, "reset", fault);
    return;
  }
  const injected = fault ? faultResponse(fault) : undefined;
  if (injected) {
    await sleep(deps.latencyMs);
    send(res, injected, rateHeaders, deps.settings);
    record(injected.status, "response", fault);
    return;
  }

  // The body is read first, as Express does, and a slow request is applied when its time comes even if the client
  // has given up by then; the answer then goes to a closed socket, as a real slow server's would.
  const body = await readPortalBody(req);
  if (body === "aborted") return;
  await sleep(deps.latencyMs + (fault?.kind === "delay" ? fault.delayMs : 0));
  const response = await deps.store.transaction((session) =>
    handlePortalRequest({ method, url, headers: req.headers, body }, session, deps.settings, deps.cors),
  );
  if (fault?.kind === "lost-response") {
    // portal-behaviour.md §8: the write happened, the client never hears about it.
    resetConnection(req);
    record(0, "lost-response", fault);
    return;
  }
  send(res, response, rateHeaders);
  record(response.status, "response", fault);
}

/** The control API checks its admin key before it reads a byte of the body. */
async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  path: string,
  deps: EmulatorServerDependencies,
): Promise<void> {
  const refusal = await refuseControlRequest(req.headers, deps);
  if (refusal) {
    send(res, refusal);
    return;
  }
  const read = await readLimitedBody(req);
  if (read.kind === "aborted") return;
  if (read.kind === "too-large") {
    send(res, tooLargeResponse());
    return;
  }
  const raw = read.raw.toString("utf8");
  let body: unknown;
  try {
    body = raw === "" ? {} : JSON.parse(raw);
  } catch {
    send(res, jsonResponse(400, { msg: "the control API takes JSON bodies" }));
    return;
  }
  send(res, await handleControlRequest(method, path, body, deps));
}

function send(
  res: ServerResponse,
  response: PortalResponse,
  extraHeaders: Readonly<Record<string, string>> = {},
  settings?: RuntimeSettings,
): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = response.status;
  const headers: Record<string, string> = { ...extraHeaders, ...response.headers };
  // Variant `no-retry-after`: a portal whose 429s carry only the RateLimit-* headers.
  if (settings?.variant.has("no-retry-after")) delete headers["retry-after"];
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (response.body === undefined || response.status === 204 || response.status === 304) {
    res.end();
    return;
  }
  res.setHeader("content-length", Buffer.byteLength(response.body));
  res.end(response.body);
}

function resetConnection(req: IncomingMessage): void {
  req.socket.resetAndDestroy();
}

function pathOf(url: string): string {
  const queryAt = url.indexOf("?");
  return queryAt === -1 ? url : url.slice(0, queryAt);
}
