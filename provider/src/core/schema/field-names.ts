import { type FieldSpec } from "./introspect";

/** `skip_region_validation` → `skipRegionValidation`: how Pulumi and the CDKTF constructs spell model fields. */
export const camelCaseName = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * A message with the model fields it mentions spelled as the front end spells them. Messages are written once, in
 * the models' snake_case (what Terraform users write); a Pulumi or CDKTF user reading "set skip_region_validation"
 * would look for a prop that does not exist. Only whole words that are field names with an underscore change.
 */
export function inFieldNames(fields: readonly FieldSpec[], message: string, rename: (name: string) => string): string {
  const names = new Set<string>();
  const collect = (list: readonly FieldSpec[]) => {
    for (const spec of list) {
      if (spec.name.includes("_")) names.add(spec.name);
      if (spec.type.kind === "object") collect(spec.type.fields);
    }
  };
  collect(fields);
  if (names.size === 0) return message;
  const pattern = new RegExp(`(?<![\\w.])(${[...names].sort((a, b) => b.length - a.length).join("|")})(?![\\w])`, "g");
  return message.replace(pattern, (name) => rename(name));
}
