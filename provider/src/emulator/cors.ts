import type { IncomingHttpHeaders } from 'node:http';
import type { PortalResponse } from './responses';

/** The portal's API is open to every origin (§0). */
export const CORS_HEADERS: Readonly<Record<string, string>> = { 'access-control-allow-origin': '*' };

/** `cors()` answers preflights itself, before authentication. */
export function corsPreflightResponse(headers: IncomingHttpHeaders): PortalResponse {
  const requested = headers['access-control-request-headers'];
  return {
    status: 204,
    headers: {
      ...CORS_HEADERS,
      'access-control-allow-methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
      vary: 'Access-Control-Request-Headers',
      ...(requested ? { 'access-control-allow-headers': requested } : {}),
    },
  };
}
