import { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import { jsonResponse, type PortalResponse } from "./responses";

/** express.json's and express.urlencoded's default limit (portal-behaviour.md §0). */
export const BODY_LIMIT_BYTES = 100 * 1024;

export type ParsedBody =
  | { readonly ok: true; readonly value: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly response: PortalResponse };

/** What came off the wire: the whole body, or why reading stopped. */
export type LimitedRead = { readonly kind: "read"; readonly raw: Buffer } | { readonly kind: "too-large" } | { readonly kind: "aborted" };

/**
 * Reads a body of at most `limit` bytes without holding more than that in memory: a declared Content-Length over
 * the limit is refused before a byte is read, and a body that grows past it (chunked, or longer than declared) is
 * refused as soon as it does, leaving the rest on the wire. `aborted`: the client left before sending all of it.
 */
export function readLimitedBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<LimitedRead> {
  if (declaredLength(req.headers) > limit) return Promise.resolve({ kind: "too-large" });
  if (req.complete && req.readableEnded) return Promise.resolve({ kind: "read", raw: Buffer.alloc(0) });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (result: LimitedRead): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      req.off("error", onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        // Stop pulling from the socket; the answer closes the connection instead of reading the rest.
        req.pause();
        settle({ kind: "too-large" });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => settle({ kind: "read", raw: Buffer.concat(chunks) });
    const onClose = (): void => settle({ kind: "aborted" });
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("close", onClose);
    req.once("error", onClose);
  });
}

/**
 * The portal's two body parsers, express.json and express.urlencoded (portal-behaviour.md §0). Each reads only its own content type and
 * only up to the limit; any other body stays unread and the route sees `{}`. `aborted` when the client left first.
 */
export async function readPortalBody(req: IncomingMessage): Promise<ParsedBody | "aborted"> {
  const type = mediaType(req.headers["content-type"]);
  const parsed = type === "application/json" || type === "application/x-www-form-urlencoded";
  if (!parsed || !hasBody(req.headers)) return { ok: true, value: {} };
  const read = await readLimitedBody(req);
  if (read.kind === "aborted") return "aborted";
  if (read.kind === "too-large") return { ok: false, response: tooLargeResponse() };
  return parseRequestBody(type, read.raw);
}

/**
 * The global error handler's `{msg}` for an oversize body, before authentication (portal-behaviour.md §1.2). The unread rest stays on
 * the socket, so the connection is closed after the answer (the portal would read it off first).
 */
export function tooLargeResponse(): PortalResponse {
  const response = jsonResponse(413, { msg: "request entity too large" });
  return { ...response, headers: { ...response.headers, connection: "close" } };
}

/**
 * JSON only objects and arrays (body-parser's strict mode), forms as flat key/value pairs. Errors go through the
 * global handler as `{msg}` (portal-behaviour.md §1.2), which runs before authentication.
 */
function parseRequestBody(type: string, raw: Buffer): ParsedBody {
  const text = raw.toString("utf8");
  if (type === "application/x-www-form-urlencoded") {
    return { ok: true, value: Object.fromEntries(new URLSearchParams(text)) };
  }
  if (raw.length === 0) return { ok: true, value: {} };
  try {
    const first = text.trimStart().charAt(0);
    if (first !== "{" && first !== "[") {
      throw new SyntaxError(`Unexpected token '${first}', "${text.slice(0, 32)}" is not valid JSON`);
    }
    const parsed = JSON.parse(text) as unknown;
    return { ok: true, value: { ...(parsed as object) } as Record<string, unknown> };
  } catch (err) {
    return { ok: false, response: jsonResponse(400, { msg: (err as Error).message }) };
  }
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

/** type-is's hasBody: a body is coming if the request is chunked or declares a length (even 0). */
function hasBody(headers: IncomingHttpHeaders): boolean {
  return headers["transfer-encoding"] !== undefined || headers["content-length"] !== undefined;
}

function declaredLength(headers: IncomingHttpHeaders): number {
  const declared = Number(headers["content-length"]);
  return Number.isFinite(declared) ? declared : 0;
}
