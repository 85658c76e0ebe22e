import type { IncomingMessage } from 'node:http';
import { jsonResponse, type PortalResponse } from './responses';

/** express.json's default limit (§0). */
const BODY_LIMIT_BYTES = 100 * 1024;

export type ParsedBody =
  | { readonly ok: true; readonly value: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly response: PortalResponse };

export async function readRequestBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * express.json + express.urlencoded: JSON only for `application/json` (objects and arrays only), forms as flat
 * key/value pairs, anything else as `{}`. Errors go through the global handler as `{msg}` (§1.2), which runs before
 * authentication.
 */
export function parseRequestBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  if (raw.length > BODY_LIMIT_BYTES) return { ok: false, response: jsonResponse(413, { msg: 'request entity too large' }) };
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const text = raw.toString('utf8');
  if (type === 'application/x-www-form-urlencoded') {
    return { ok: true, value: Object.fromEntries(new URLSearchParams(text)) };
  }
  if (type !== 'application/json' || raw.length === 0) return { ok: true, value: {} };
  try {
    const first = text.trimStart().charAt(0);
    // body-parser's strict mode: only objects and arrays are JSON bodies.
    if (first !== '{' && first !== '[') {
      throw new SyntaxError(`Unexpected token '${first}', "${text.slice(0, 32)}" is not valid JSON`);
    }
    const parsed = JSON.parse(text) as unknown;
    return { ok: true, value: { ...(parsed as object) } as Record<string, unknown> };
  } catch (err) {
    return { ok: false, response: jsonResponse(400, { msg: (err as Error).message }) };
  }
}
