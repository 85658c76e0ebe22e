const brand = Symbol.for("voicegateway.error.VG_ERR_DRIFT_CONFIG");

/**
 * A drift configuration that cannot be used: a config file, a flag, a declaration file or a missing environment
 * variable. The message names the file or setting and says what is expected; it never quotes a value that could
 * be a secret.
 */
export class DriftConfigError extends Error {
  static readonly code = "VG_ERR_DRIFT_CONFIG";
  readonly code = DriftConfigError.code;
  readonly [brand] = true;
  override readonly name: string = "DriftConfigError";

  static is(value: unknown): value is DriftConfigError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

/** A declaration file that cannot be read or understood. */
export class SourceError extends DriftConfigError {
  override readonly name = "SourceError";
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file} ${problem}`);
  }
}
