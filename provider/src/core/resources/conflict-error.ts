const brand = Symbol.for("voicegateway.error.VG_ERR_CONFLICT");

/**
 * A write that would break a rule the portal documents but does not enforce (unique account names), or one that
 * the portal would reject after a half-applied step (a SIP realm already taken). Raised before any write.
 */
export class ResourceConflictError extends Error {
  readonly code = "VG_ERR_CONFLICT" as const;
  readonly [brand] = true;
  override readonly name = "ResourceConflictError";

  constructor(
    message: string,
    /** The model field the conflict is about, e.g. `["name"]`. */
    readonly path: readonly string[],
  ) {
    super(message);
  }

  static is(value: unknown): value is ResourceConflictError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
