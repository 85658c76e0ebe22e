import { Token } from "cdktf";
import { type IConstruct } from "constructs";
import { parseConfig, type ResourceDefinition } from "../../../provider/src/core/resources/resource-definition";
import { camelCaseName, inFieldNames } from "../../../provider/src/core/schema/field-names";
import { type FieldSpec } from "../../../provider/src/core/schema/introspect";
import { ConfigValidationError, type ValidationIssue } from "../../../provider/src/core/schema/issues";
import { UNKNOWN } from "../../../provider/src/core/schema/unknown";

/**
 * A prop value as the core models see it: tokens (another resource's attribute, a TerraformVariable, a function
 * call) are not known until Terraform runs, so they become UNKNOWN and the checks skip them; undefined means "not set".
 */
export function toModelValue(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (Token.isUnresolved(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(toModelValue);
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const converted = toModelValue(inner);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  }
  return value;
}

/**
 * A model path (`aws_s3.secret_access_key`) in the props' names (`awsS3.secretAccessKey`): the L2 props are the
 * model fields in camelCase. Map keys (tags, triggers) are the user's own and stay as written.
 */
export function propPath(fields: readonly FieldSpec[], path: readonly (string | number)[]): (string | number)[] {
  const out: (string | number)[] = [];
  let current: readonly FieldSpec[] | undefined = fields;
  let mapKey = false;
  for (const step of path) {
    if (mapKey || typeof step === "number") {
      out.push(step);
      mapKey = false;
      current = undefined;
      continue;
    }
    const spec: FieldSpec | undefined = current?.find((f) => f.name === step);
    out.push(spec ? camelCaseName(step) : step);
    current = spec?.type.kind === "object" ? spec.type.fields : undefined;
    mapKey = spec?.type.kind === "map";
  }
  return out;
}

/**
 * Validates a construct's configuration with the provider's own model and rules, at synth time, eagerly (in the
 * constructor). Throws one ConfigValidationError listing every problem, each at its prop path; secrets are shown
 * as `(sensitive value)` by the models themselves.
 */
export function validateModel(construct: IConstruct, what: string, definition: ResourceDefinition, raw: Record<string, unknown>): void {
  const parsed = parseConfig(definition, toModelValue(raw) as Record<string, unknown>);
  if (parsed.ok) return;
  const issues: ValidationIssue[] = parsed.issues.map((issue) => ({
    ...issue,
    path: propPath(definition.fields, issue.path),
    message: inFieldNames(definition.fields, issue.message, camelCaseName),
  }));
  throw new ConfigValidationError(`${what} (${construct.node.path})`, issues);
}
