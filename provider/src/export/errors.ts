const brand = Symbol.for("voicegateway.error.VG_ERR_EXPORT");

/**
 * An export that cannot go ahead: a bad option, an output directory that cannot be used, a declaration that does
 * not say which account it means. The message names the option or file and the value; it never quotes a secret.
 * Nothing has been written when it is thrown.
 */
export class ExportError extends Error {
  static readonly code = "VG_ERR_EXPORT";
  readonly code = ExportError.code;
  readonly [brand] = true;
  override readonly name = "ExportError";

  static is(value: unknown): value is ExportError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
