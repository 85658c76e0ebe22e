const brand = Symbol.for("voicegateway.error.VG_ERR_PARTIAL_APPLY");

/**
 * A write failed after part of it reached the portal (the portal has no transactions: portal-api.md §8, §11.20).
 * `state` is what was read back afterwards (null when the object is gone), so front ends record the truth
 * instead of assuming nothing happened.
 */
export class PartialApplyError<State = unknown> extends Error {
  readonly code = "VG_ERR_PARTIAL_APPLY" as const;
  readonly [brand] = true;
  override readonly name = "PartialApplyError";

  constructor(
    message: string,
    readonly state: State | null,
    override readonly cause: unknown,
  ) {
    super(`${message}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }

  static is(value: unknown): value is PartialApplyError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
