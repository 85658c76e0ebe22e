const brand = Symbol.for("voicegateway.error.VG_ERR_PARTIAL_APPLY");

/**
 * A write failed after part of it reached the portal (the portal has no transactions: portal-behaviour.md §8, §11.20).
 * `state` is what was read back afterwards (null when the object is gone), so front ends record the truth
 * instead of assuming nothing happened.
 */
export class PartialApplyError<State = unknown> extends Error {
  readonly code = "VG_ERR_PARTIAL_APPLY" as const;
  readonly [brand] = true;
  override readonly name = "PartialApplyError";
  // Private, so logging or inspecting the error never prints the state's secrets.
  readonly #state: State | null;

  constructor(
    message: string,
    state: State | null,
    override readonly cause: unknown,
  ) {
    super(`${message}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.#state = state;
  }

  /** What the portal holds after the failure (null when the object is gone). */
  get state(): State | null {
    return this.#state;
  }

  static is(value: unknown): value is PartialApplyError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
