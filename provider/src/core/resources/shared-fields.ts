import { z } from "zod";
import { checkedString } from "../schema/checks";
import { field } from "../schema/meta";
import { uuidProblem } from "../validation/formats";

/** Fields that several resources share, described once. */

export const sid = (): z.ZodString => checkedString(uuidProblem);

export const accountSidInput = (): z.ZodString =>
  field(sid(), {
    description: "SID of the account this belongs to.",
    replaceOnChange: true,
  });

export const idOutput = (what: string): z.ZodString => field(z.string(), { description: `The ${what}.`, readOnly: true });

export const triggersInput = (effect: string): z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodString>> =>
  field(z.record(z.string(), z.string()).optional(), {
    description: `Arbitrary key/value pairs; any change from one value to another ${effect}. Setting them where there were none (as after an import) only records them.`,
    replaceOnChange: true,
    trigger: true,
  });
