import { deepEqual, isRecord } from "../../provider/src/core/schema/reconcile";
import { isUnknown } from "../../provider/src/core/schema/unknown";
import { type SchemaAttribute, type SchemaBlock } from "../../provider/src/terraform/protocol/schema-types";

/**
 * Our re-statement of the checks terraform core makes on a provider's answers, for the attribute shapes this provider uses: primitives, maps and single nested
 * attributes. A test double for terraform's own checks, so failures show up in-process with a readable path.
 */

type Obj = Record<string, unknown>;
const isNull = (v: unknown) => v === null || v === undefined;

/** AssertPlanValid: planned values must equal config, or prior for equivalent config, unless computed. */
export function planProblems(
  attributes: Readonly<Record<string, SchemaAttribute>>,
  prior: Obj | null,
  config: Obj,
  planned: Obj,
  path = "",
): string[] {
  const problems: string[] = [];
  for (const [name, attribute] of Object.entries(attributes)) {
    const where = path ? `${path}.${name}` : name;
    const p = planned[name];
    const c = config[name];
    const pr = prior ? prior[name] : null;
    if (attribute.writeOnly) {
      if (!isNull(p)) problems.push(`${where}: write-only attribute planned as non-null`);
      continue;
    }
    if (attribute.computed && !attribute.optional && !attribute.required) continue;
    if (attribute.computed && isNull(c)) continue;
    if (isUnknown(c)) {
      if (!isUnknown(p)) problems.push(`${where}: config is unknown but the plan is known`);
      continue;
    }
    if (attribute.nestedType && isRecord(c) && isRecord(p) && !isUnknown(p)) {
      problems.push(...planProblems(attribute.nestedType.attributes, isRecord(pr) && !isUnknown(pr) ? pr : null, c, p, where));
      continue;
    }
    if (deepEqual(p ?? null, c ?? null)) continue;
    if (!isNull(pr) && !isNull(c) && deepEqual(p, pr)) continue;
    problems.push(`${where}: planned ${JSON.stringify(p)} matches neither config ${JSON.stringify(c)} nor prior ${JSON.stringify(pr)}`);
  }
  return problems;
}

/** AssertObjectCompatible: every known planned value comes back exactly; nothing stays unknown. */
export function applyProblems(planned: unknown, actual: unknown, path = "(root)"): string[] {
  if (isUnknown(actual)) return [`${path}: unknown after apply`];
  if (isUnknown(planned)) return isRecord(actual) ? applyProblems({}, actual, path) : [];
  if (isRecord(planned) && isRecord(actual)) {
    return Object.keys({ ...planned, ...actual }).flatMap((key) =>
      applyProblems(planned[key] ?? null, actual[key] ?? null, `${path}.${key}`),
    );
  }
  return deepEqual(planned ?? null, actual ?? null) ? [] : [`${path}: was ${JSON.stringify(planned)}, but now ${JSON.stringify(actual)}`];
}

export const blockAttributes = (block: SchemaBlock) => block.attributes ?? {};

/**
 * ProposedNew (engines.md §A.4.1), for the same attribute shapes: a computed attribute left null in the
 * configuration takes the prior value (null on create); everything else is the configuration's value.
 */
export function proposedNewState(attributes: Readonly<Record<string, SchemaAttribute>>, prior: Obj | null, config: Obj): Obj {
  const out: Obj = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    const c = config[name] ?? null;
    const pr = prior ? (prior[name] ?? null) : null;
    if (attribute.computed && c === null) out[name] = pr;
    else if (attribute.nestedType && isRecord(c) && !isUnknown(c)) {
      out[name] = proposedNewState(attribute.nestedType.attributes, isRecord(pr) && !isUnknown(pr) ? pr : null, c);
    } else out[name] = c;
  }
  return out;
}
