import { type FieldSpec, type FieldType } from "../core/schema/introspect";
import { isRecord } from "../core/schema/reconcile";
import { UNKNOWN } from "../core/schema/unknown";
import { camelName } from "./naming";

/**
 * Moving property bags between Pulumi's spelling (camelCase, as the engine sends them to the dynamic provider) and
 * the models' (snake_case). The field specs decide: object fields are renamed level by level, map keys are data
 * and stay as they are. Pulumi's "unknown" placeholder becomes the core's `UNKNOWN`, so validation skips it the
 * way it skips Terraform unknowns.
 */

/** What the engine puts where a value is not known yet (previews); `@pulumi/pulumi` `runtime/rpc` `unknownValue`. */
export const PULUMI_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Properties of a dynamic resource that are not model fields. */
export const PROVIDER_KEY = "__provider";
export const CONNECTION_KEY = "connection";

export type PropertyBag = Record<string, unknown>;

export interface ModelValue {
  /** The model object (snake_case names, `UNKNOWN` where the engine sent its placeholder). */
  readonly model: PropertyBag;
  /** Pulumi property paths of properties the model does not have, e.g. `awsS3.bukket`. */
  readonly unrecognised: readonly string[];
}

/** A Pulumi property bag (camelCase) as a model object. */
export function toModel(fields: readonly FieldSpec[], bag: PropertyBag, ignore: readonly string[] = []): ModelValue {
  const unrecognised: string[] = [];
  const model = objectToModel(fields, bag, "", unrecognised, new Set(ignore));
  return { model, unrecognised };
}

function objectToModel(
  fields: readonly FieldSpec[],
  bag: PropertyBag,
  where: string,
  unrecognised: string[],
  ignore: ReadonlySet<string>,
): PropertyBag {
  const byCamel = new Map(fields.map((spec) => [camelName(spec.name), spec]));
  const out: PropertyBag = {};
  for (const [key, value] of Object.entries(bag)) {
    if (ignore.has(key)) continue;
    const spec = byCamel.get(key);
    if (!spec) {
      unrecognised.push(joinPath(where, key));
      continue;
    }
    out[spec.name] = valueToModel(spec.type, value, joinPath(where, key), unrecognised);
  }
  return out;
}

function valueToModel(type: FieldType, value: unknown, where: string, unrecognised: string[]): unknown {
  if (value === PULUMI_UNKNOWN) return UNKNOWN;
  if (value === null || value === undefined) return undefined;
  if (type.kind === "object" && isRecord(value)) return objectToModel(type.fields, value, where, unrecognised, new Set());
  if (type.kind === "map" && isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, valueToModel(type.values, inner, joinPath(where, key), unrecognised)]),
    );
  }
  // A wrong type (a number for a string, a list for an object) is left for the model's validation to report.
  return replaceUnknowns(value);
}

function replaceUnknowns(value: unknown): unknown {
  if (value === PULUMI_UNKNOWN) return UNKNOWN;
  if (Array.isArray(value)) return value.map(replaceUnknowns);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceUnknowns(v)]));
  return value;
}

/** A model object as a Pulumi property bag; unset values are left out. */
export function fromModel(fields: readonly FieldSpec[], model: Readonly<PropertyBag>): PropertyBag {
  const out: PropertyBag = {};
  for (const spec of fields) {
    const value = model[spec.name];
    if (value === undefined || value === null) continue;
    out[camelName(spec.name)] = valueFromModel(spec.type, value);
  }
  return out;
}

function valueFromModel(type: FieldType, value: unknown): unknown {
  if (type.kind === "object" && isRecord(value)) return fromModel(type.fields, value);
  return value;
}

/**
 * A model path (`["aws_s3", "tags", "cost centre"]`) as a Pulumi property path (`awsS3.tags["cost centre"]`): field
 * names in camelCase, map keys and list indexes in brackets where they need them.
 */
export function propertyPath(fields: readonly FieldSpec[], path: readonly (string | number)[]): string {
  let out = "";
  let current: FieldType | { kind: "root"; fields: readonly FieldSpec[] } = { kind: "root", fields };
  for (const step of path) {
    if (typeof step === "number") {
      out += `[${step}]`;
      continue;
    }
    if (current.kind === "root" || current.kind === "object") {
      const spec: FieldSpec | undefined = current.fields.find((f) => f.name === step);
      out = joinPath(out, spec ? camelName(step) : step);
      current = spec ? spec.type : { kind: "string" };
    } else if (current.kind === "map") {
      out = joinPath(out, step);
      current = current.values;
    } else {
      out = joinPath(out, step);
    }
  }
  return out;
}

/** Pulumi's property path syntax: `a.b`, `a["key with spaces"]`, `a[0]`. */
function joinPath(where: string, key: string): string {
  if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return `${where}[${JSON.stringify(key)}]`;
  return where ? `${where}.${key}` : key;
}
