import { z } from "zod";
import { wholeNumber } from "../../schema/checks";
import { field } from "../../schema/meta";
import { accountSidInput, idOutput } from "../common-fields";

export const LIMIT_UNITS = ["sessions", "minutes"] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

/**
 * The portal stores each limit's quantity in a signed 32-bit INTEGER column; a larger value fails the write with a
 * database error (500) after the plan said it was fine. The portal's own form takes 0 or more.
 */
export const LIMIT_QUANTITY = { min: 0, max: 2_147_483_647 } as const;

/** The portal's "Unit / Max / Licensed" controls (portal-behaviour.md §5). */
export const limitsInputs = z.object({
  account_sid: accountSidInput(),
  unit: field(z.enum(LIMIT_UNITS, { message: 'must be "sessions" or "minutes"' }).default("sessions"), {
    description:
      "What the limits count: concurrent sessions or minutes. The portal does not store the unit; it is derived from which limits exist.",
  }),
  max: field(wholeNumber(LIMIT_QUANTITY).optional(), {
    description: `The maximum number of sessions or minutes ("Max calls" / "Max minutes"), from 0 to ${LIMIT_QUANTITY.max}. 0 means unlimited; omit it to set no maximum.`,
  }),
  licensed: field(wholeNumber(LIMIT_QUANTITY).optional(), {
    description: `The number of purchased sessions or minutes ("Licensed sessions" / "Licensed minutes"), from 0 to ${LIMIT_QUANTITY.max}.`,
  }),
});

export const limitsOutputs = z.object({
  id: idOutput("account SID the limits belong to"),
  other_limits: field(z.record(z.string(), z.number()), {
    description:
      "Limits of categories this resource does not manage (such as `api_rate` or `device`), by category, as last read. When there are none, deleting the resource removes the account's limits in one request.",
    readOnly: true,
  }),
});

export type LimitsConfig = z.output<typeof limitsInputs>;
export type LimitsState = LimitsConfig & z.output<typeof limitsOutputs>;

export const LIMIT_CATEGORIES = {
  sessions: { max: "voice_call_session", licensed: "voice_call_session_license" },
  minutes: { max: "voice_call_minutes", licensed: "voice_call_minutes_license" },
} as const;

export const wireLimit = z.object({
  account_limits_sid: z.string().optional(),
  category: z.string(),
  quantity: z.union([z.number(), z.string()]).transform(Number),
});
export const wireLimitList = z.array(wireLimit);
export type WireLimit = z.output<typeof wireLimit>;
