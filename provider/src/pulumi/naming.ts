import type * as pulumi from "@pulumi/pulumi";
import { camelCaseName } from "../core/schema/field-names";

/**
 * Pulumi spells properties in camelCase; the models use the portal's snake_case. These types derive the Pulumi
 * shapes from the models' own TypeScript types, so a field added to a model appears in the Pulumi args without
 * being written twice. `camelName` below is the same rule at run time.
 */

/** `aws_s3` → `awsS3`, `record_all_calls` → `recordAllCalls`. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** A map (`Record<string, string>`, such as `tags`): its keys are data, never renamed. */
type IsMap<T> = string extends keyof T ? true : false;

type InputValue<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? IsMap<T> extends true
      ? { readonly [key: string]: pulumi.Input<T[string & keyof T]> }
      : PulumiInputs<T>
    : T;

/** A model's input type as Pulumi args: camelCase names, every value a `pulumi.Input`, nested objects too. */
export type PulumiInputs<T> = {
  readonly [K in keyof T as K extends string ? CamelCase<K> : never]: pulumi.Input<InputValue<Exclude<T[K], undefined>>>;
};

/** A model value with camelCase names (maps keep their keys), as a resource's outputs carry it. */
export type PlainOutput<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? IsMap<T> extends true
      ? T
      : { readonly [K in keyof T as K extends string ? CamelCase<K> : never]: PlainOutput<T[K]> }
    : T;

/**
 * A model's state as resource output properties. `id` is left out: every Pulumi resource already has one (the
 * portal SID).
 */
export type PulumiOutputs<T> = {
  readonly [K in keyof T as K extends "id" ? never : K extends string ? CamelCase<K> : never]-?: pulumi.Output<PlainOutput<T[K]>>;
};

/** The run-time twin of `CamelCase` (the same rule the CDKTF constructs use). */
export const camelName = camelCaseName;
