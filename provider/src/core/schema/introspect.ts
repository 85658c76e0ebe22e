import { type z } from "zod";
import { type FieldMeta, metaOf } from "./meta";

/**
 * The shape of a model field, read off its zod schema. Front ends (Terraform schema, Pulumi types, docs) ask these
 * structural questions instead of branching on zod classes themselves.
 */
export type FieldType =
  | { readonly kind: "string"; readonly enum?: readonly string[] }
  | { readonly kind: "number"; readonly integer: boolean }
  | { readonly kind: "bool" }
  | { readonly kind: "map"; readonly values: FieldType }
  | { readonly kind: "object"; readonly fields: readonly FieldSpec[] };

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** The user may leave it out. */
  readonly optional: boolean;
  /** The value used when the user leaves it out, if the model has one. */
  readonly defaultValue?: unknown;
  readonly meta: FieldMeta;
  /** The field's own schema, to validate one value. */
  readonly schema: z.ZodType;
}

interface Unwrapped {
  readonly base: z.ZodType;
  readonly optional: boolean;
  readonly defaultValue?: unknown;
}

type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

// Wrappers that change whether a value may be omitted, not what the value is.
function unwrap(schema: z.ZodType): Unwrapped {
  let current = schema;
  let optional = false;
  let defaultValue: unknown;
  for (;;) {
    const def = defOf(current);
    if (def.type === "optional" || def.type === "nullable") {
      optional = true;
      current = def.innerType as z.ZodType;
    } else if (def.type === "default" || def.type === "prefault") {
      optional = true;
      const value = def.defaultValue;
      defaultValue = typeof value === "function" ? (value as () => unknown)() : value;
      current = def.innerType as z.ZodType;
    } else if (def.type === "readonly") {
      current = def.innerType as z.ZodType;
    } else if (def.type === "pipe") {
      current = def.out as z.ZodType;
    } else {
      return { base: current, optional, defaultValue };
    }
  }
}

function typeOf(base: z.ZodType, meta: FieldMeta | undefined, where: string): FieldType {
  if (meta?.jsonString) return { kind: "string" };
  const def = defOf(base);
  switch (def.type) {
    case "string":
      return { kind: "string" };
    case "enum":
      return { kind: "string", enum: Object.values(def.entries as Record<string, string>) };
    case "literal":
      return { kind: "string", enum: (def.values as unknown[]).map(String) };
    case "number": {
      const checks = (def.checks as { _zod: { def: { format?: string } } }[] | undefined) ?? [];
      const integer = def.format === "safeint" || checks.some((c) => c._zod.def.format === "safeint");
      return { kind: "number", integer };
    }
    case "boolean":
      return { kind: "bool" };
    case "record":
      return { kind: "map", values: typeOf(unwrap(def.valueType as z.ZodType).base, undefined, `${where} values`) };
    case "object":
      return { kind: "object", fields: fieldsOf(base as z.ZodObject) };
    default:
      throw new Error(`${where}: zod type "${def.type}" has no front-end mapping`);
  }
}

/** Every field of a model object, in declaration order. */
export function fieldsOf(model: z.ZodObject): FieldSpec[] {
  return Object.entries(model.shape).map(([name, schema]) => {
    const fieldSchema = schema as z.ZodType;
    const meta = metaOf(fieldSchema, name);
    const { base, optional, defaultValue } = unwrap(fieldSchema);
    return {
      name,
      type: typeOf(base, meta, name),
      optional,
      ...(defaultValue === undefined ? {} : { defaultValue }),
      meta,
      schema: fieldSchema,
    };
  });
}

/** The object schema inside a field (through optional/default wrappers), for nested validation and mapping. */
export function objectFieldsOf(spec: FieldSpec): readonly FieldSpec[] {
  if (spec.type.kind !== "object") throw new Error(`field "${spec.name}" is not an object`);
  return spec.type.fields;
}
