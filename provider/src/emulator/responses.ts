import { STATUS_CODES } from "node:http";

export interface PortalResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

const JSON_TYPE = "application/json; charset=utf-8";
const TEXT_TYPE = "text/plain; charset=utf-8";
const HTML_TYPE = "text/html; charset=utf-8";

/** `res.status(n).json(value)`. */
export function jsonResponse(status: number, value: unknown): PortalResponse {
  return { status, headers: { "content-type": JSON_TYPE }, body: JSON.stringify(value) };
}

/** `res.status(n).end()`: no body and no content type, e.g. GET of a missing account (portal-behaviour.md §2.4). */
export function emptyResponse(status: number): PortalResponse {
  return { status, headers: {} };
}

/** `res.sendStatus(n)`: the reason phrase as plain text, e.g. `Not Found` (portal-behaviour.md §1.2); 204 has no body. */
export function statusTextResponse(status: number): PortalResponse {
  if (status === 204) return emptyResponse(204);
  return { status, headers: { "content-type": TEXT_TYPE }, body: STATUS_CODES[status] ?? String(status) };
}

export function textResponse(status: number, text: string, contentType = TEXT_TYPE): PortalResponse {
  return { status, headers: { "content-type": contentType }, body: text };
}

/**
 * Express's own 404 page for a route that does not exist (portal-behaviour.md §1.2). Clients tell it apart from a deleted object by
 * this HTML body, so keep it byte-for-byte.
 */
export function routeNotFoundResponse(method: string, pathname: string): PortalResponse {
  const body =
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n' +
    `<pre>Cannot ${escapeHtml(method)} ${escapeHtml(pathname)}</pre>\n</body>\n</html>\n`;
  return {
    status: 404,
    headers: {
      "content-type": HTML_TYPE,
      "content-security-policy": "default-src 'none'",
      "x-content-type-options": "nosniff",
    },
    body,
  };
}

/** express-rate-limit's default answer (portal-behaviour.md §0.1, §8). */
export function tooManyRequestsResponse(): PortalResponse {
  return textResponse(429, "Too many requests, please try again later.", HTML_TYPE);
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
