import { type z } from "zod";
import { SHOWN_VALUE_KEY } from "./checks";
import { type ValidationIssue } from "./issues";
import { containsUnknown, isUnknown } from "./unknown";

/** A check across fields (exactly one vendor, credential size, ...), run after the per-field checks. */
export type Rule<Config> = (config: Config, known: KnownValues) => ValidationIssue[];

/** Lets rules tell "not set" from "not known yet" while a configuration still holds unknowns. */
export interface KnownValues {
  /** The value at this path is known (it may be null). */
  isKnown(path: readonly (string | number)[]): boolean;
}

/** null means "not set" everywhere in the models; front ends send null, zod wants undefined. */
export function stripNulls(value: unknown): unknown {
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map(stripNulls);
  if (typeof value === "object" && !isUnknown(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const stripped = stripNulls(inner);
      if (stripped !== undefined) out[key] = stripped;
    }
    return out;
  }
  return value;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current = root;
  for (const step of path) {
    if (isUnknown(current)) return current;
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[step];
  }
  return current;
}

/** True when the path, or a value on the way to it, is unknown. */
function touchesUnknown(root: unknown, path: readonly PropertyKey[]): boolean {
  let current = root;
  for (const step of [undefined, ...path]) {
    if (step !== undefined) {
      if (typeof current !== "object" || current === null) return false;
      current = (current as Record<PropertyKey, unknown>)[step];
    }
    if (isUnknown(current)) return true;
  }
  return false;
}

function fromZodIssue(issue: z.core.$ZodIssue): ValidationIssue {
  const shown = (issue as { params?: Record<string, unknown> }).params?.[SHOWN_VALUE_KEY];
  return {
    path: issue.path.map((step) => (typeof step === "symbol" ? String(step) : step)),
    message: issue.message,
    ...(typeof shown === "string" ? { shownValue: shown } : {}),
  };
}

/**
 * Every problem in a configuration at once: the field checks of the zod model, then the cross-field rules.
 * Values that are not known yet (Terraform unknowns, Pulumi previews) are skipped, not guessed.
 */
export function validateConfig<Config>(
  inputs: z.ZodObject,
  rawConfig: Record<string, unknown>,
  rules: readonly Rule<Config>[] = [],
): ValidationIssue[] {
  return checkConfig(inputs, rawConfig, rules).issues;
}

/**
 * `validateConfig`, plus the configuration with the model's defaults applied when it is valid and fully known, so
 * that a caller needing both parses once (zod is most of a plan's CPU).
 */
export function checkConfig<Config>(
  inputs: z.ZodObject,
  rawConfig: Record<string, unknown>,
  rules: readonly Rule<Config>[] = [],
): { issues: ValidationIssue[]; config?: Config } {
  const config = stripNulls(rawConfig) as Record<string, unknown>;
  const parsed = inputs.safeParse(config);
  const issues = parsed.success ? [] : parsed.error.issues.filter((issue) => !touchesUnknown(config, issue.path)).map(fromZodIssue);
  const known: KnownValues = { isKnown: (path) => !touchesUnknown(config, path) };
  // Rules see the configuration with defaults applied when it parsed; otherwise the raw values.
  const withDefaults = parsed.success && !containsUnknown(config) ? (parsed.data as Config) : undefined;
  for (const rule of rules) issues.push(...rule(withDefaults ?? (config as Config), known));
  return issues.length === 0 && withDefaults !== undefined ? { issues, config: withDefaults } : { issues };
}

export { valueAt };
