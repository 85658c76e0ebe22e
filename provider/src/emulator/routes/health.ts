import { type PortalResponse, textResponse } from "../responses";

/** `GET /` and `GET /health` sit outside `/v1`: no bearer token, plain `OK` (still rate limited, portal-behaviour.md §0.1). */
export function isHealthCheck(method: string, pathname: string): boolean {
  return (method === "GET" || method === "HEAD") && /^\/(health\/?)?$/i.test(pathname);
}

export function healthResponse(): PortalResponse {
  return textResponse(200, "OK");
}
