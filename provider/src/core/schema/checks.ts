import { z } from "zod";

type Problem = (value: string) => string | undefined;

/** Marks an issue's message as already carrying the shown value, so the validator does not add it again. */
export const SHOWN_VALUE_KEY = "voicegatewayShownValue";

/**
 * A string field checked by a problem function. The issue carries the offending value for display, or
 * `(sensitive value)` for secrets, so no message ever contains a secret. `show` displays a value that may hold a
 * secret in part (a URL's password) without it.
 */
export function checkedString(problem: Problem, options: { sensitive?: boolean; show?: (value: string) => string } = {}): z.ZodString {
  return z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message === undefined) return;
    const shown = options.sensitive ? "(sensitive value)" : options.show ? options.show(value) : JSON.stringify(value);
    ctx.addIssue({ code: "custom", message, params: { [SHOWN_VALUE_KEY]: shown } });
  });
}

/** The whole numbers a field allows, both ends included. */
export interface WholeNumberRange {
  readonly min: number;
  readonly max: number;
}

/**
 * A whole number from `min` to `max`. Every way to miss (a fraction, too small, too large, NaN) gets the same
 * message, which states the range, and the issue shows the value. Integers too large for a JS number reach the
 * model as bigint (Terraform sends them exactly); they get that message too, not zod's "received bigint".
 */
export function wholeNumber({ min, max }: WholeNumberRange) {
  const allowed = `must be a whole number from ${min} to ${max}`;
  // Typed as taking a number, as every front end declares it; a bigint is only ever a runtime surprise.
  return z.preprocess<unknown, z.ZodNumber, number>(
    (value: unknown, ctx) => {
      const number = typeof value === "bigint" && value >= BigInt(min) && value <= BigInt(max) ? Number(value) : value;
      if (typeof number === "bigint" || (typeof number === "number" && !(Number.isInteger(number) && number >= min && number <= max))) {
        ctx.addIssue({ code: "custom", message: allowed, params: { [SHOWN_VALUE_KEY]: String(number) } });
        return z.NEVER;
      }
      return number;
    },
    z.number().int(allowed).min(min, allowed).max(max, allowed),
  );
}
