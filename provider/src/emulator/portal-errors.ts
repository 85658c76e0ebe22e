import { jsonResponse, type PortalResponse } from "./responses";
import { SqlError } from "./sql-error";

/** A malformed SID caught in a route handler: the portal hides the reason behind `Bad request` (portal-behaviour.md §1.2). */
export class BadRequestError extends Error {
  override readonly name = "BadRequestError";
}

/** `DbErrorBadRequest`: 400 with the message (portal-behaviour.md §1.2). */
export class DbErrorBadRequest extends Error {
  override readonly name = "DbErrorBadRequest";
}

/** `DbErrorUnprocessableRequest`: 422 with the message (portal-behaviour.md §1.2). */
export class DbErrorUnprocessableRequest extends Error {
  override readonly name = "DbErrorUnprocessableRequest";
}

/** `DbErrorForbidden`: 403 with the message (portal-behaviour.md §1.2). */
export class DbErrorForbidden extends Error {
  override readonly name = "DbErrorForbidden";
}

/**
 * A rejection from middleware (`hasAccountPermissions`, admin-only routes), which answers in the
 * `{status:"fail", message}` shape instead of `{msg}` (portal-behaviour.md §1.2).
 */
export class MiddlewareFailure extends Error {
  override readonly name = "MiddlewareFailure";

  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The portal's `sysError`: maps whatever a handler threw to a response (portal-behaviour.md §1.2). */
export function sysError(err: unknown): PortalResponse {
  if (err instanceof MiddlewareFailure) return jsonResponse(err.status, { status: "fail", message: err.message });
  if (err instanceof BadRequestError) return jsonResponse(400, { msg: "Bad request" });
  if (err instanceof DbErrorBadRequest) return jsonResponse(400, { msg: err.message });
  if (err instanceof DbErrorUnprocessableRequest) return jsonResponse(422, { msg: err.message });
  if (err instanceof DbErrorForbidden) return jsonResponse(403, { msg: err.message });
  if (err instanceof SqlError && err.code === "ER_DUP_ENTRY") return jsonResponse(422, { msg: err.message });
  // portal-behaviour.md §1.2: anything else (SQL errors, failed asserts, TypeErrors) is a 500 carrying the raw message.
  return jsonResponse(500, { msg: err instanceof Error ? err.message : String(err) });
}
