import { isRecord } from "../core/schema/reconcile";
import { isUnknown } from "../core/schema/unknown";
import { type TerraformAttribute } from "./attributes";

/** A Terraform object value as decoded from msgpack: attribute name → value, null, or Unknown. */
export type TfObject = Record<string, unknown>;

const isSet = (value: unknown): boolean => value !== null && value !== undefined;

/**
 * Terraform attributes → model values: nulls dropped, a write-only secret taken in place of its field, the
 * write-only version dropped (it only tells Terraform when to send the secret again). Unknowns are kept.
 */
export function toModel(attributes: readonly TerraformAttribute[], value: TfObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const attribute of attributes) {
    const inner = value[attribute.name];
    if (attribute.role === "field") {
      if (!isSet(inner)) continue;
      out[attribute.name] = attribute.nested && isRecord(inner) && !isUnknown(inner) ? toModel(attribute.nested, inner) : inner;
    } else if (attribute.role === "write_only" && isSet(inner) && !isSet(value[attribute.spec.name])) {
      out[attribute.spec.name] = inner;
    }
  }
  return out;
}

/** Model values → a Terraform object with every attribute present (go-cty needs every key: engines.md §A.4.7). */
export function fromModel(attributes: readonly TerraformAttribute[], value: Record<string, unknown>): TfObject {
  const out: TfObject = {};
  for (const attribute of attributes) {
    const inner = attribute.role === "field" ? value[attribute.name] : undefined;
    out[attribute.name] =
      attribute.role === "field" && attribute.nested && isRecord(inner) && !isUnknown(inner)
        ? fromModel(attribute.nested, inner)
        : (inner ?? null);
  }
  return out;
}

/** Paths (as attribute names) of the write-only secrets a configuration sets. */
export function writeOnlySecretPaths(attributes: readonly TerraformAttribute[], config: TfObject, base: string[] = []): string[][] {
  const paths: string[][] = [];
  for (const attribute of attributes) {
    const inner = config[attribute.name];
    if (attribute.role === "write_only" && isSet(inner)) paths.push([...base, attribute.spec.name]);
    if (attribute.role === "field" && attribute.nested && isRecord(inner) && !isUnknown(inner)) {
      paths.push(...writeOnlySecretPaths(attribute.nested, inner, [...base, attribute.name]));
    }
  }
  return paths;
}

export function getPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const step of path) {
    if (!isRecord(current)) return undefined;
    current = current[step];
  }
  return current;
}

/** A copy with the value at `path` replaced (parents must exist; nothing happens otherwise). */
export function setPath(value: TfObject, path: readonly string[], replacement: unknown): TfObject {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (rest.length === 0) return { ...value, [head]: replacement };
  const inner = value[head];
  if (!isRecord(inner) || isUnknown(inner)) return value;
  return { ...value, [head]: setPath(inner, rest, replacement) };
}
