/**
 * A value that is not known yet: Terraform sends one when a configuration refers to something decided at apply,
 * and a provider plans one for computed attributes. Pulumi previews have the same idea. Core code only needs to
 * recognise it, so it lives here rather than in the Terraform layer.
 */
const unknownBrand = Symbol.for("voicegateway.unknown");

/** What Terraform already knows about an unknown value (cty refinements, plugin protocol object-wire-format). */
export interface UnknownRefinements {
  /** The value will not be null. */
  readonly notNull?: boolean;
  /** A string value will start with this prefix. */
  readonly stringPrefix?: string;
  /** Number bounds, each `[value, inclusive]`. */
  readonly numberLowerBound?: readonly [number, boolean];
  readonly numberUpperBound?: readonly [number, boolean];
  /** Collection length bounds. */
  readonly lengthLowerBound?: number;
  readonly lengthUpperBound?: number;
}

export class Unknown {
  readonly [unknownBrand] = true;
  constructor(readonly refinements: UnknownRefinements = {}) {}

  /** Works across duplicate copies of this module (jest, bundles), unlike `instanceof`. */
  static is(value: unknown): value is Unknown {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[unknownBrand] === true;
  }
}

/** The plain unknown, with no refinements. */
export const UNKNOWN: Unknown = new Unknown();

export const isUnknown = Unknown.is;

/** True when the value or anything inside it is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}
