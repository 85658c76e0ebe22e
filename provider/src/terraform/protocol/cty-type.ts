/**
 * Terraform value types (go-cty) in their JSON form, exactly as `Schema.Attribute.type` carries them on the wire and
 * as `terraform providers schema -json` prints them: `"string"`, `["list","string"]`, `["object",{"a":"number"}]`.
 */

export type CtyPrimitiveType = "string" | "number" | "bool";

export type CtyType =
  | CtyPrimitiveType
  | "dynamic"
  | readonly ["list", CtyType]
  | readonly ["set", CtyType]
  | readonly ["map", CtyType]
  | readonly ["object", { readonly [attribute: string]: CtyType }]
  | readonly ["object", { readonly [attribute: string]: CtyType }, readonly string[]]
  | readonly ["tuple", readonly CtyType[]];

/** Builders that read like HCL type constraints: `cty.map(cty.string)`. */
export const cty = {
  string: "string",
  number: "number",
  bool: "bool",
  dynamic: "dynamic",
  list: (element: CtyType): CtyType => ["list", element],
  set: (element: CtyType): CtyType => ["set", element],
  map: (element: CtyType): CtyType => ["map", element],
  object: (attributes: Readonly<Record<string, CtyType>>): CtyType => ["object", attributes],
  tuple: (elements: readonly CtyType[]): CtyType => ["tuple", elements],
} as const;

export type CtyTypeKind = "primitive" | "dynamic" | "list" | "set" | "map" | "object" | "tuple";

export function ctyTypeKind(type: CtyType): CtyTypeKind {
  if (typeof type === "string") return type === "dynamic" ? "dynamic" : "primitive";
  return type[0];
}

/** list, set and map: the types whose unknowns may carry length refinements. */
export function isCollectionType(type: CtyType): boolean {
  return typeof type !== "string" && (type[0] === "list" || type[0] === "set" || type[0] === "map");
}

export function ctyTypeToJson(type: CtyType): string {
  return JSON.stringify(type);
}

export class CtyTypeError extends Error {
  override readonly name = "CtyTypeError";
}

/** Parses and checks a JSON type (bytes from the wire, or text). */
export function parseCtyType(json: string | Uint8Array): CtyType {
  const text = typeof json === "string" ? json : Buffer.from(json).toString("utf8");
  return checkCtyType(JSON.parse(text) as unknown);
}

export function checkCtyType(raw: unknown): CtyType {
  if (raw === "string" || raw === "number" || raw === "bool" || raw === "dynamic") return raw;
  if (Array.isArray(raw) && raw.length >= 2) {
    const [kind, argument] = raw as [unknown, unknown];
    switch (kind) {
      case "list":
      case "set":
      case "map":
        if (raw.length === 2) return [kind, checkCtyType(argument)];
        break;
      case "tuple":
        if (raw.length === 2 && Array.isArray(argument)) return ["tuple", argument.map(checkCtyType)];
        break;
      case "object":
        if (typeof argument === "object" && argument !== null && !Array.isArray(argument)) {
          const attributes: Record<string, CtyType> = {};
          for (const [name, attributeType] of Object.entries(argument)) attributes[name] = checkCtyType(attributeType);
          if (raw.length === 2) return ["object", attributes];
          const optional = raw[2] as unknown;
          if (raw.length === 3 && Array.isArray(optional) && optional.every((o) => typeof o === "string")) {
            return ["object", attributes, optional as string[]];
          }
        }
        break;
    }
  }
  throw new CtyTypeError(`Not a Terraform type: ${JSON.stringify(raw)}`);
}

/** A short human name for messages: `map of string`, `object`. */
export function ctyFriendlyName(type: CtyType): string {
  if (typeof type === "string") return type;
  switch (type[0]) {
    case "list":
    case "set":
    case "map":
      return `${type[0]} of ${ctyFriendlyName(type[1])}`;
    default:
      return type[0];
  }
}
