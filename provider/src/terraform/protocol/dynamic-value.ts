/**
 * DynamicValue in and out, for the provider implementation: it decides when to decode (it knows the schema), the
 * RPC layer never does. Terraform always sends msgpack; JSON is read as a fallback. Replies are always msgpack,
 * because JSON cannot carry unknown values.
 */
import { type CtyType } from "./cty-type";
import { parseJsonLossless } from "./lossless-json";
import { type DynamicValue, type RawState } from "./messages";
import { type CtyValue, decodeMsgpack, encodeMsgpack, normaliseCtyValue } from "./msgpack";
import { impliedType, type ResourceSchema, type SchemaBlock } from "./schema-types";

/** A cty type, or a schema whose implied object type is meant. */
export type ValueType = CtyType | SchemaBlock | ResourceSchema;

function resolveType(type: ValueType | undefined): CtyType | undefined {
  if (type === undefined || typeof type === "string" || Array.isArray(type)) return type as CtyType | undefined;
  return impliedType(type as SchemaBlock | ResourceSchema);
}

/** The msgpack nil: a null object, e.g. `new_state` after a delete or for a resource that is gone. */
export const NULL_DYNAMIC_VALUE: DynamicValue = Object.freeze({ msgpack: Uint8Array.of(0xc0) });

/**
 * Decodes a DynamicValue. An absent or empty value is null. Pass the schema (or type) to get numbers normalised
 * and every attribute key present.
 */
export function decodeDynamicValue(value: DynamicValue | undefined, type?: ValueType): CtyValue {
  const ctyType = resolveType(type);
  if (value?.msgpack && value.msgpack.length > 0) return decodeMsgpack(value.msgpack, ctyType);
  if (value?.json && value.json.length > 0) {
    const parsed = parseJsonLossless(Buffer.from(value.json).toString("utf8"));
    return normaliseCtyValue(parsed, ctyType, { json: true });
  }
  return null;
}

/** Encodes a value for a reply, shaped and converted by the schema (or type). */
export function encodeDynamicValue(value: unknown, type: ValueType): DynamicValue {
  const ctyType = resolveType(type);
  if (ctyType === undefined) throw new TypeError("encodeDynamicValue needs a type or schema");
  return { msgpack: encodeMsgpack(value, ctyType) };
}

/**
 * Decodes `UpgradeResourceState.raw_state`: the JSON attributes exactly as the state file stores them, shaped by
 * the schema version the state was written with (pass that version's schema, or none). Integers beyond 2^53 stay
 * exact (bigint). With a schema, attributes it no longer declares are dropped and new ones read as null. The
 * pre-0.12 `flatmap` form is not supported and reads as null.
 */
export function decodeRawState(rawState: RawState | undefined, type?: ValueType): CtyValue {
  if (!rawState?.json || rawState.json.length === 0) return null;
  const parsed = parseJsonLossless(rawState.json.toString("utf8"));
  return normaliseCtyValue(parsed, resolveType(type), { json: true });
}
