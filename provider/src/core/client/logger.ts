/**
 * The logger the client calls. One debug line per attempt (method, path, status or error code, duration, attempt),
 * one per retry and one per rate-limiter wait. Never bodies, never headers; paths have secret query values redacted.
 * `warn` is optional and only used for long rate-limiter pauses, so a stalled run explains itself.
 */
export interface PortalLogger {
  debug(message: string, fields: Readonly<Record<string, string | number | boolean | undefined>>): void;
  warn?(message: string, fields: Readonly<Record<string, string | number | boolean | undefined>>): void;
}

/** The default: logs nothing. */
export const noopLogger: PortalLogger = Object.freeze({
  debug: () => undefined,
});
