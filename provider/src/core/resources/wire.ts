import { type z } from "zod";
import { PortalUnexpectedResponseError } from "../client";

/** Validate a portal response against its wire schema, so junk never reaches state. */
export function parseWire<T extends z.ZodType>(schema: T, body: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`)
    .join("; ");
  throw new PortalUnexpectedResponseError(`The portal's answer to ${what} does not have the expected shape (${problems})`);
}
