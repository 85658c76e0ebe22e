import { z } from "zod";

type Problem = (value: string) => string | undefined;

/** Marks an issue's message as already carrying the shown value, so the validator does not add it again. */
export const SHOWN_VALUE_KEY = "voicegatewayShownValue";

/**
 * A string field checked by a problem function. The issue carries the offending value for display, or
 * `(sensitive value)` for secrets, so no message ever contains a secret.
 */
export function checkedString(problem: Problem, options: { sensitive?: boolean } = {}): z.ZodString {
  return z.string().superRefine((value, ctx) => {
    const message = problem(value);
    if (message === undefined) return;
    ctx.addIssue({
      code: "custom",
      message,
      params: { [SHOWN_VALUE_KEY]: options.sensitive ? "(sensitive value)" : JSON.stringify(value) },
    });
  });
}

/** A non-negative whole number. */
export function wholeNumber(): z.ZodNumber {
  return z.number().int("must be a whole number").min(0, "must be 0 or more");
}
