import { PortalAuthError, PortalError, PortalForbiddenError, PortalRouteNotFoundError, type Redactor } from "../core/client";
import { type ReportError } from "./model";

/**
 * An error as the report shows it: a stable code and a redacted message. Portal errors are already redacted by
 * the client; the message passes through the client's redactor once more, which knows the API key and every
 * secret the portal has sent, and is cut short so no body can ride along.
 */
export function describeError(error: unknown, redactor?: Redactor): ReportError {
  const code = typeof (error as { code?: unknown })?.code === "string" ? (error as { code: string }).code : "VG_ERR_DRIFT";
  let message = error instanceof Error ? error.message : String(error);
  if (PortalAuthError.is(error)) {
    message = `${message}. The portal rejected the API key: check the variable that holds it and that the key still exists.`;
  } else if (PortalForbiddenError.is(error)) {
    message = `${message}. The key's scope does not allow this read: use an admin or service-provider key (docs/portal-behaviour.md §1.3).`;
  } else if (PortalRouteNotFoundError.is(error)) {
    message = `${message}. Check the API URL: it must include the API path, e.g. https://vg.example.com/api/v1.`;
  } else if (!PortalError.is(error) && !(error instanceof Error)) {
    message = "unexpected failure";
  }
  const redacted = redactor ? redactor.redact(message) : message;
  return { code, message: redacted.length > 600 ? `${redacted.slice(0, 600)}…` : redacted };
}
