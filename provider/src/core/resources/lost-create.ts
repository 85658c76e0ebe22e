import { PortalNetworkError, PortalServerError } from "../client";

/**
 * Whether a create that failed may have happened all the same: the request may have reached the portal and only the
 * answer was lost (a reset or timeout after sending, a gateway error in front of the portal). POST is never retried
 * then, because the portal has no idempotency; the create is looked for instead.
 */
export function mayHaveApplied(error: unknown): boolean {
  return (PortalNetworkError.is(error) && error.mayHaveReachedServer) || (PortalServerError.is(error) && error.status >= 502);
}

/** How long to keep looking for a create whose answer was lost: a slow request can land after its client gave up. */
export const LOOK_AGAIN_AFTER_MS: readonly number[] = [0, 1_000, 2_000, 4_000];

/** Looks for what a lost create left behind until something turns up or the waits run out. */
export async function findAfterLostAnswer<T>(
  find: () => Promise<readonly T[]>,
  signal: AbortSignal | undefined,
  waitsMs: readonly number[] = LOOK_AGAIN_AFTER_MS,
): Promise<readonly T[]> {
  let found: readonly T[] = [];
  for (const waitMs of waitsMs) {
    if (waitMs > 0) await sleep(waitMs, signal);
    found = await find();
    if (found.length > 0) return found;
  }
  return found;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  signal?.throwIfAborted();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

const brand = Symbol.for("voicegateway.error.VG_ERR_UNRESOLVED_CREATE");

/**
 * A create whose answer was lost and whose result could not be told apart: nothing turned up, or more than one
 * candidate did. It names every candidate, so no object is left live without anyone knowing of it.
 */
export class UnresolvedCreateError extends Error {
  readonly code = "VG_ERR_UNRESOLVED_CREATE" as const;
  readonly [brand] = true;
  override readonly name = "UnresolvedCreateError";

  constructor(
    message: string,
    /** SIDs of the objects that may be this create's. */
    readonly candidates: readonly string[],
    override readonly cause: unknown,
  ) {
    super(`${message} (the create failed with: ${cause instanceof Error ? cause.message : String(cause)})`);
  }

  static is(value: unknown): value is UnresolvedCreateError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}
