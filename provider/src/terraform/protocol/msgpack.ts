/**
 * Terraform values in msgpack, the encoding of `DynamicValue.msgpack` (plugin protocol `object-wire-format.md`,
 * go-cty `cty/msgpack`).
 *
 * Decoding: nil is null; extension 0 is a plain unknown; extension 12 is an unknown with refinements (the payload is
 * a map with int keys: 1 nullness, where `false` means "definitely not null"; 2 string prefix; 3/4 number bounds as
 * `[number, inclusive]`; 5/6 collection length bounds); any other extension is also an unknown. Numbers can arrive
 * as int64 beyond 2^53 or as decimal strings; given the type they become a number, or a bigint when an integer
 * would lose precision.
 *
 * Encoding is driven by the type, because go-cty decodes by type: every object carries every attribute key (an
 * absent value is written as nil, else Terraform fails with "an object with N attributes is required"), values are
 * converted to the declared type, and an unknown keeps only the refinements that are valid for its type. A plain
 * unknown is `d4 00 00`, exactly what go-cty writes; an empty refinement map is never written.
 */
import { Decoder, Encoder, ExtData, ExtensionCodec, decode as msgpackDecode, encode as msgpackEncode } from "@msgpack/msgpack";

import { isUnknown, UNKNOWN, Unknown, type UnknownRefinements } from "../../core/schema/unknown";
import { formatPath, type PathStep } from "./attribute-path";
import { type CtyType, checkCtyType, ctyFriendlyName, ctyTypeToJson, isCollectionType, parseCtyType } from "./cty-type";

/** A decoded Terraform value. Objects and maps are plain objects; lists, sets and tuples are arrays. */
export type CtyValue = null | Unknown | string | number | bigint | boolean | CtyValue[] | { [key: string]: CtyValue };

/** A value that does not fit its type; `path` points at it (see `attribute-path.ts`). */
export class CtyValueError extends Error {
  override readonly name = "CtyValueError";
  constructor(
    message: string,
    readonly path: PathStep[],
  ) {
    super(path.length > 0 ? `${formatPath(path)}: ${message}` : message);
  }
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Where a value sits while a value is walked: a linked list, extended per attribute at no more cost than one small
 * object, and turned into an array only for an error. Building `under(path, name)` for every attribute of every
 * value was most of the garbage a large plan made here.
 */
type Path = { readonly up: Path; readonly step: PathStep } | null;
const ROOT: Path = null;
const under = (up: Path, step: PathStep): Path => ({ up, step });
function stepsOf(path: Path): PathStep[] {
  const steps: PathStep[] = [];
  for (let at = path; at !== null; at = at.up) steps.push(at.step);
  return steps.reverse();
}

const EXT_UNKNOWN = 0;
const EXT_REFINED_UNKNOWN = 12;
const PLAIN_UNKNOWN_PAYLOAD = Uint8Array.of(0);

const REFINE_NULLNESS = 1;
const REFINE_STRING_PREFIX = 2;
const REFINE_NUMBER_MIN = 3;
const REFINE_NUMBER_MAX = 4;
const REFINE_LENGTH_MIN = 5;
const REFINE_LENGTH_MAX = 6;

function hasRefinements(refinements: UnknownRefinements): boolean {
  return (
    refinements.notNull === true ||
    (refinements.stringPrefix !== undefined && refinements.stringPrefix !== "") ||
    refinements.numberLowerBound !== undefined ||
    refinements.numberUpperBound !== undefined ||
    (refinements.lengthLowerBound !== undefined && refinements.lengthLowerBound > 0) ||
    refinements.lengthUpperBound !== undefined
  );
}

function encodeRefinements(refinements: UnknownRefinements): Uint8Array {
  const parts: Uint8Array[] = [];
  let count = 0;
  const add = (key: number, ...values: Uint8Array[]): void => {
    count++;
    parts.push(Uint8Array.of(key), ...values);
  };
  if (refinements.notNull === true) add(REFINE_NULLNESS, msgpackEncode(false));
  if (refinements.stringPrefix !== undefined && refinements.stringPrefix !== "") {
    add(REFINE_STRING_PREFIX, msgpackEncode(refinements.stringPrefix));
  }
  for (const [key, bound] of [
    [REFINE_NUMBER_MIN, refinements.numberLowerBound],
    [REFINE_NUMBER_MAX, refinements.numberUpperBound],
  ] as const) {
    if (bound) add(key, Uint8Array.of(0x92), msgpackEncode(bound[0]), msgpackEncode(bound[1]));
  }
  if (refinements.lengthLowerBound !== undefined && refinements.lengthLowerBound > 0) {
    add(REFINE_LENGTH_MIN, msgpackEncode(refinements.lengthLowerBound));
  }
  if (refinements.lengthUpperBound !== undefined) add(REFINE_LENGTH_MAX, msgpackEncode(refinements.lengthUpperBound));
  return Buffer.concat([Uint8Array.of(0x80 | count), ...parts]);
}

function decodeRefinements(payload: Uint8Array): UnknownRefinements {
  let raw: unknown;
  try {
    raw = msgpackDecode(payload, { useBigInt64: true });
  } catch {
    return {};
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return {};
  const map = raw as Record<string, unknown>;
  const refinements: Writable<UnknownRefinements> = {};
  // Key 1 holds "is null": false means the value is definitely not null. "Definitely null" is never sent in
  // practice (Terraform would send a known null), so it is dropped.
  if (map[REFINE_NULLNESS] === false) refinements.notNull = true;
  const prefix = map[REFINE_STRING_PREFIX];
  if (typeof prefix === "string" && prefix !== "") refinements.stringPrefix = prefix;
  const lower = decodeBound(map[REFINE_NUMBER_MIN]);
  if (lower) refinements.numberLowerBound = lower;
  const upper = decodeBound(map[REFINE_NUMBER_MAX]);
  if (upper) refinements.numberUpperBound = upper;
  const lengthMin = map[REFINE_LENGTH_MIN];
  if (typeof lengthMin === "number" || typeof lengthMin === "bigint") refinements.lengthLowerBound = Number(lengthMin);
  const lengthMax = map[REFINE_LENGTH_MAX];
  if (typeof lengthMax === "number" || typeof lengthMax === "bigint") refinements.lengthUpperBound = Number(lengthMax);
  return refinements;
}

function decodeBound(raw: unknown): readonly [number, boolean] | undefined {
  if (!Array.isArray(raw) || raw.length !== 2 || typeof raw[1] !== "boolean") return undefined;
  const value = raw[0] as unknown;
  const number = typeof value === "string" ? Number(value) : typeof value === "bigint" ? Number(value) : value;
  return typeof number === "number" && !Number.isNaN(number) ? [number, raw[1]] : undefined;
}

const extensionCodec = new ExtensionCodec();
// The library's built-in timestamp extension (-1) would turn that extension into a Date; for Terraform every
// extension is an unknown value.
extensionCodec.register({ type: -1, encode: () => null, decode: () => UNKNOWN });
extensionCodec.register({
  type: EXT_UNKNOWN,
  encode: (value) => (isUnknown(value) && !hasRefinements(value.refinements) ? PLAIN_UNKNOWN_PAYLOAD : null),
  decode: () => UNKNOWN,
});
extensionCodec.register({
  type: EXT_REFINED_UNKNOWN,
  encode: (value) => (isUnknown(value) && hasRefinements(value.refinements) ? encodeRefinements(value.refinements) : null),
  decode: (payload) => {
    const refinements = decodeRefinements(payload);
    return hasRefinements(refinements) ? new Unknown(refinements) : UNKNOWN;
  },
});

const decoder = new Decoder({ extensionCodec, useBigInt64: true });
const encoder = new Encoder({ extensionCodec, useBigInt64: true });

/**
 * Decodes msgpack bytes. With `type`, numbers are normalised (decimal strings and int64 become number or bigint)
 * and `dynamic` values are unwrapped; without it, only int64s are turned into numbers where that is exact.
 */
export function decodeMsgpack(bytes: Uint8Array, type?: CtyType): CtyValue {
  return normaliseCtyValue(decoder.decode(bytes), type);
}

export interface NormaliseOptions {
  /** The raw value came from JSON, where a `dynamic` value is `{"type": T, "value": V}` instead of `[T, V]`. */
  readonly json?: boolean;
}

/** Turns a generically decoded value (msgpack or JSON) into a CtyValue, checked against `type` when given. */
export function normaliseCtyValue(raw: unknown, type?: CtyType, options: NormaliseOptions = {}): CtyValue {
  return type === undefined ? normaliseUntyped(raw) : normaliseTyped(raw, type, ROOT, options.json === true);
}

/** Encodes `value` as `type` for Terraform. Throws CtyValueError (with a path) when a value cannot be converted. */
export function encodeMsgpack(value: unknown, type: CtyType): Uint8Array {
  return encoder.encode(toWire(value, type, ROOT));
}

function normaliseUntyped(raw: unknown): CtyValue {
  if (raw === null || raw === undefined) return null;
  if (isUnknown(raw)) return raw;
  if (raw instanceof ExtData) return UNKNOWN;
  if (typeof raw === "bigint") return integerFromBigInt(raw);
  if (typeof raw === "string" || typeof raw === "number" || typeof raw === "boolean") return raw;
  if (Array.isArray(raw)) return raw.map(normaliseUntyped);
  if (raw instanceof Uint8Array) return Buffer.from(raw).toString("utf8");
  const out: { [key: string]: CtyValue } = {};
  for (const [key, value] of Object.entries(raw as object)) out[key] = normaliseUntyped(value);
  return out;
}

function integerFromBigInt(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** A cty number from any of its wire forms. Decimal strings keep integers exact (as bigint beyond 2^53). */
function toCtyNumber(raw: unknown, path: Path): number | bigint {
  if (typeof raw === "number") return raw;
  if (typeof raw === "bigint") return integerFromBigInt(raw);
  if (typeof raw === "string") {
    const text = raw.trim();
    if (/^[-+]?\d+$/.test(text)) return integerFromBigInt(BigInt(text));
    if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
    if (/^[-+]?Inf(inity)?$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  }
  throw new CtyValueError(`number is required, got ${describe(raw)}`, stepsOf(path));
}

function normaliseTyped(raw: unknown, type: CtyType, path: Path, json: boolean): CtyValue {
  if (raw === null || raw === undefined) return null;
  if (isUnknown(raw)) return raw;
  if (raw instanceof ExtData) return UNKNOWN;
  if (typeof type === "string") {
    switch (type) {
      case "string":
        if (typeof raw === "string") return raw;
        if (raw instanceof Uint8Array) return Buffer.from(raw).toString("utf8");
        throw new CtyValueError(`string is required, got ${describe(raw)}`, stepsOf(path));
      case "number":
        return toCtyNumber(raw, path);
      case "bool":
        if (typeof raw === "boolean") return raw;
        throw new CtyValueError(`bool is required, got ${describe(raw)}`, stepsOf(path));
      case "dynamic": {
        if (json) {
          if (typeof raw !== "object" || raw === null || !("type" in raw)) {
            throw new CtyValueError('a dynamic value must be a {"type", "value"} object', stepsOf(path));
          }
          const wrapped = raw as { type: unknown; value?: unknown };
          return normaliseTyped(wrapped.value, checkCtyType(wrapped.type), path, json);
        }
        if (!Array.isArray(raw) || raw.length !== 2 || !(raw[0] instanceof Uint8Array)) {
          throw new CtyValueError("a dynamic value must be a [type, value] pair", stepsOf(path));
        }
        return normaliseTyped(raw[1], parseCtyType(raw[0]), path, json);
      }
    }
  }
  switch (type[0]) {
    case "list":
    case "set": {
      const element = type[1];
      if (!Array.isArray(raw)) throw new CtyValueError(`a ${ctyFriendlyName(type)} is required`, stepsOf(path));
      return raw.map((item, i) => normaliseTyped(item, element, under(path, i), json));
    }
    case "tuple": {
      const elements = type[1];
      if (!Array.isArray(raw) || raw.length !== elements.length) {
        throw new CtyValueError(`a tuple of length ${elements.length} is required`, stepsOf(path));
      }
      return raw.map((item, i) => normaliseTyped(item, elements[i] as CtyType, under(path, i), json));
    }
    case "map": {
      const element = type[1];
      const out: { [key: string]: CtyValue } = {};
      for (const [key, value] of entriesOf(raw, type, path)) out[key] = normaliseTyped(value, element, under(path, { key }), json);
      return out;
    }
    case "object": {
      const source = objectSource(raw, type, path);
      const out: { [key: string]: CtyValue } = {};
      for (const [name, attributeType] of Object.entries(type[1])) {
        out[name] = normaliseTyped(ownValue(source, name), attributeType, under(path, name), json);
      }
      return out;
    }
  }
}

/** An object value's attributes by name: a plain object as it is (no copy), a Map copied into one. */
function objectSource(raw: unknown, type: CtyType, path: Path): Record<string, unknown> {
  if (raw instanceof Map) return Object.fromEntries(entriesOf(raw, type, path));
  if (!isPlainObject(raw)) throw notAnObject(raw, type, path);
  return raw;
}

/** Own properties only: an attribute named like an Object.prototype member must not find that member. */
const ownValue = (source: Record<string, unknown>, name: string): unknown => (Object.hasOwn(source, name) ? source[name] : undefined);

function entriesOf(raw: unknown, type: CtyType, path: Path): [string, unknown][] {
  if (raw instanceof Map) return [...raw.entries()].map(([k, v]) => [String(k), v]);
  if (isPlainObject(raw)) return Object.entries(raw);
  throw notAnObject(raw, type, path);
}

const isPlainObject = (raw: unknown): raw is Record<string, unknown> =>
  typeof raw === "object" && raw !== null && !Array.isArray(raw) && !(raw instanceof Uint8Array) && !(raw instanceof Map);

const notAnObject = (raw: unknown, type: CtyType, path: Path): CtyValueError =>
  new CtyValueError(
    `${ctyFriendlyName(type) === "object" ? "an object" : `a ${ctyFriendlyName(type)}`} is required, got ${describe(raw)}`,
    stepsOf(path),
  );

function describe(raw: unknown): string {
  if (raw === null) return "null";
  if (Array.isArray(raw)) return "an array";
  if (raw instanceof Uint8Array) return "binary data";
  if (typeof raw === "string") return `the string ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)}`;
  if (typeof raw === "object") return "an object";
  return `${typeof raw} ${String(raw)}`;
}

/** Keeps only the refinements go-cty accepts for `type`. */
export function refineForType(unknown: Unknown, type: CtyType): Unknown {
  if (type === "dynamic") return UNKNOWN;
  const source = unknown.refinements;
  const refinements: Writable<UnknownRefinements> = {};
  if (source.notNull === true) refinements.notNull = true;
  if (type === "string" && source.stringPrefix) refinements.stringPrefix = source.stringPrefix;
  if (type === "number") {
    if (source.numberLowerBound) refinements.numberLowerBound = source.numberLowerBound;
    if (source.numberUpperBound) refinements.numberUpperBound = source.numberUpperBound;
  }
  if (isCollectionType(type)) {
    if (source.lengthLowerBound !== undefined && source.lengthLowerBound > 0) refinements.lengthLowerBound = source.lengthLowerBound;
    if (source.lengthUpperBound !== undefined) refinements.lengthUpperBound = source.lengthUpperBound;
  }
  return hasRefinements(refinements) ? new Unknown(refinements) : UNKNOWN;
}

const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

function toWire(value: unknown, type: CtyType, path: Path): unknown {
  if (value === null || value === undefined) return null;
  if (isUnknown(value)) return refineForType(value, type);
  if (typeof type === "string") {
    switch (type) {
      case "string":
        if (typeof value === "string") return value;
        if (typeof value === "number" && Number.isFinite(value)) return String(value);
        if (typeof value === "bigint" || typeof value === "boolean") return String(value);
        throw new CtyValueError(`string is required, got ${describe(value)}`, stepsOf(path));
      case "number":
        return numberToWire(value, path);
      case "bool":
        if (typeof value === "boolean") return value;
        if (value === "true" || value === "false") return value === "true";
        throw new CtyValueError(`bool is required, got ${describe(value)}`, stepsOf(path));
      case "dynamic": {
        const inferred = inferType(value, path);
        return [Buffer.from(ctyTypeToJson(inferred)), toWire(value, inferred, path)];
      }
    }
  }
  switch (type[0]) {
    case "list":
    case "set": {
      const items = value instanceof Set ? [...value] : value;
      if (!Array.isArray(items)) throw new CtyValueError(`a ${ctyFriendlyName(type)} is required, got ${describe(value)}`, stepsOf(path));
      const element = type[1];
      return items.map((item, i) => toWire(item, element, under(path, i)));
    }
    case "tuple": {
      const elements = type[1];
      if (!Array.isArray(value) || value.length !== elements.length) {
        throw new CtyValueError(`a tuple of length ${elements.length} is required`, stepsOf(path));
      }
      return value.map((item, i) => toWire(item, elements[i] as CtyType, under(path, i)));
    }
    case "map": {
      // A null-prototype object, so a user key like "__proto__" stays an ordinary key.
      const out = Object.create(null) as Record<string, unknown>;
      for (const [key, item] of entriesOf(value, type, path)) out[key] = toWire(item, type[1], under(path, { key }));
      return out;
    }
    case "object": {
      const attributes = type[1];
      const source = objectSource(value, type, path);
      for (const key of Object.keys(source)) {
        if (!Object.hasOwn(attributes, key) && source[key] !== undefined) {
          throw new CtyValueError(`unexpected attribute "${key}": the schema does not declare it`, stepsOf(path));
        }
      }
      const out = Object.create(null) as Record<string, unknown>;
      for (const [name, attributeType] of Object.entries(attributes)) {
        out[name] = toWire(ownValue(source, name), attributeType, under(path, name));
      }
      return out;
    }
  }
}

function numberToWire(value: unknown, path: Path): unknown {
  if (typeof value === "number") {
    if (Number.isNaN(value)) throw new CtyValueError("NaN is not a Terraform number", stepsOf(path));
    return value;
  }
  if (typeof value === "bigint") {
    if (value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(value);
    if (value >= INT64_MIN && value <= UINT64_MAX) return value;
    return value.toString();
  }
  if (typeof value === "string") {
    const number = toCtyNumber(value, path);
    if (typeof number === "bigint") return numberToWire(number, path);
    // Keep the decimal text when float64 would round it; go-cty parses decimal strings exactly.
    return String(number) === value.trim() || !Number.isFinite(number) ? number : value.trim();
  }
  throw new CtyValueError(`number is required, got ${describe(value)}`, stepsOf(path));
}

/** The type of a JS value put into a `dynamic` attribute: primitives, tuples for arrays, objects for objects. */
export function inferCtyType(value: unknown): CtyType {
  return inferType(value, ROOT);
}

function inferType(value: unknown, path: Path): CtyType {
  if (value === null || value === undefined || isUnknown(value)) return "dynamic";
  if (typeof value === "string") return "string";
  if (typeof value === "number" || typeof value === "bigint") return "number";
  if (typeof value === "boolean") return "bool";
  if (Array.isArray(value)) return ["tuple", value.map((item, i) => inferType(item, under(path, i)))];
  if (typeof value === "object" && !(value instanceof Uint8Array)) {
    const attributes: Record<string, CtyType> = {};
    for (const [key, item] of Object.entries(value)) attributes[key] = inferType(item, under(path, key));
    return ["object", attributes];
  }
  throw new CtyValueError(`cannot infer a Terraform type for ${describe(value)}`, stepsOf(path));
}
