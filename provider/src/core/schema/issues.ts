/** One problem with user input, pointing at the field it concerns (zod's issue model). */
export interface ValidationIssue {
  /** Field path in the model's (snake_case) names, e.g. `["aws_s3", "bucket"]`. */
  readonly path: readonly (string | number)[];
  /** What is wrong and what is allowed, e.g. `must be 3-63 characters long (got 2)`. */
  readonly message: string;
  /** The offending value as it may be shown: quoted, or `(sensitive value)` for secrets. Absent when not useful. */
  readonly shownValue?: string;
  /** The ID of an existing object that the user may import instead (front ends say how, in their own terms). */
  readonly importId?: string;
}

export function pathToString(path: readonly (string | number)[]): string {
  return path.reduce<string>((out, step) => (typeof step === "number" ? `${out}[${step}]` : out ? `${out}.${step}` : step), "");
}

/** `aws_s3.bucket: "My_Bucket" may only contain ...` */
export function describeIssue(issue: ValidationIssue): string {
  const what = issue.shownValue === undefined ? issue.message : `${issue.shownValue} ${issue.message}`;
  const where = pathToString(issue.path);
  return where ? `${where}: ${what}` : what.charAt(0).toUpperCase() + what.slice(1);
}

const configErrorBrand = Symbol.for("voicegateway.error.VG_ERR_CONFIG");

/** Thrown by front ends that have no per-field channel (CDKTF synth, direct handler calls): lists every problem. */
export class ConfigValidationError extends Error {
  readonly code = "VG_ERR_CONFIG" as const;
  readonly [configErrorBrand] = true;
  override readonly name = "ConfigValidationError";

  constructor(
    readonly resource: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    const count = issues.length === 1 ? "1 problem" : `${issues.length} problems`;
    super(`Invalid ${resource} configuration (${count}):\n${issues.map((i) => `  - ${describeIssue(i)}`).join("\n")}`);
  }

  static is(value: unknown): value is ConfigValidationError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[configErrorBrand] === true;
  }
}
