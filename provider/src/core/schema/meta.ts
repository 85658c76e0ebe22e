import { z } from "zod";

/**
 * What every front end needs to know about a field beyond its zod type. Written once, on the field, and read by
 * the Terraform schema walker, the Pulumi diff, the CDKTF docs and the handlers.
 */
export interface FieldMeta {
  /** One or two plain sentences, from the portal's own documentation where it has one. */
  readonly description: string;
  /** The provider decides the value; users cannot set it (Terraform: computed only). */
  readonly readOnly?: boolean;
  /**
   * The user may set it, and when they leave it out the provider supplies a value (Terraform: optional+computed).
   * Used for defaults taken from elsewhere and for secrets, where "omitted" means "keep what the portal stores".
   */
  readonly computed?: boolean;
  /** Never shown in plans, logs or errors. */
  readonly sensitive?: boolean;
  /** A change cannot be applied in place: the resource is replaced. */
  readonly replaceOnChange?: boolean;
  /**
   * A secret the portal stores. Terraform (>= 1.11) also gets `<name>_wo` and `<name>_wo_version`, so the secret can
   * be written without ever landing in state; drift is still detected through keyed fingerprints.
   */
  readonly writeOnly?: boolean;
  /** How the portal masks this value on `GET /Accounts/:sid` (absent: the portal shows it in clear). */
  readonly portalMask?: (value: string) => string;
  /**
   * Two values the portal treats as the same (case, JSON formatting). A read keeps the prior value when the
   * portal's value is equivalent, so normalisation never shows up as drift.
   */
  readonly equivalent?: (a: unknown, b: unknown) => boolean;
  /** A string that holds JSON; front ends may accept an object and serialise it. */
  readonly jsonString?: boolean;
  /**
   * Not stored by the portal: it only says when to act (rotate a secret, replace a key). A change from one value to
   * another acts; setting it where there was none (as after an import) or removing it only records the value, as the
   * `keepers` of HashiCorp's random provider do.
   */
  readonly trigger?: boolean;
}

/** A typed registry, so metadata lives on the field rather than in side tables (zod `core/registries.ts`). */
export const fieldMeta = z.registry<FieldMeta>();

/** Attach metadata to a field schema and return the same schema. */
export function field<T extends z.ZodType>(schema: T, meta: FieldMeta): T {
  fieldMeta.add(schema, meta);
  return schema;
}

/** The metadata of a field; every model field has some, so a missing entry is a programming error. */
export function metaOf(schema: z.ZodType, name: string): FieldMeta {
  const meta = fieldMeta.get(schema);
  if (!meta) throw new Error(`field "${name}" has no metadata: wrap it in field(...)`);
  return meta;
}

/**
 * Whether a change of a `trigger` field acts: only from one value to another. Front ends plan with it and handlers
 * act by it, so an import (which knows no trigger value) never rotates or replaces anything.
 */
export function triggerFires(prior: unknown, next: unknown, equal: (a: unknown, b: unknown) => boolean): boolean {
  const set = (value: unknown) => value !== undefined && value !== null;
  return set(prior) && set(next) && !equal(prior, next);
}
