import type * as pulumi from "@pulumi/pulumi";
import { PartialApplyError } from "../core/resources/partial-apply-error";
import { parseConfig } from "../core/resources/resource-definition";
import { createFromInput, updateFromInput } from "../core/resources/validated-handlers";
import { inFieldNames } from "../core/schema/field-names";
import { type FieldSpec } from "../core/schema/introspect";
import { ConfigValidationError, type ValidationIssue } from "../core/schema/issues";
import { triggerFires } from "../core/schema/meta";
import { withPriorForOmitted } from "../core/schema/omitted";
import { deepEqual, isRecord, sameValue } from "../core/schema/reconcile";
import { containsUnknown } from "../core/schema/unknown";
import { stripNulls } from "../core/schema/validate";
import { connectionProblems, contextFor } from "./connection";
import { camelName } from "./naming";
import { CONNECTION_KEY, fromModel, PROVIDER_KEY, type PropertyBag, PULUMI_UNKNOWN, propertyPath, toModel } from "./properties";
import { inputFields, type PulumiResource, stateFields, typeToken } from "./resource-table";

/**
 * The dynamic provider's methods over one shared resource definition. Everything here runs in Pulumi's provider
 * process, with the engine's conventions: `check` gets the old *inputs*, `diff`, `update` and
 * `delete` get the old *outputs*; secrets arrive as plain values (the host does not accept secrets) and the engine
 * marks them secret again. No resource logic lives here: validation, writes and reads are the shared handlers'.
 */

type Env = Readonly<Record<string, string | undefined>>;

const NOT_MODEL = [PROVIDER_KEY, CONNECTION_KEY];

/** Validate the inputs. Every problem comes back as a failure on its property; no value of a secret is shown. */
export async function check(resource: PulumiResource, olds: PropertyBag, news: PropertyBag, env: Env): Promise<pulumi.dynamic.CheckResult> {
  const { definition } = resource;
  const fields = inputFields(definition);
  const { model, unrecognised } = toModel(fields, news, NOT_MODEL);
  const failures: pulumi.dynamic.CheckFailure[] = unrecognised.map((property) => ({
    property,
    reason: `is not an argument of ${typeToken(resource)}`,
  }));
  const parsed = parseConfig(definition, model);
  if (!parsed.ok) {
    failures.push(...parsed.issues.map((issue) => failureOf(fields, issue)));
  } else if (parsed.known) {
    // Check sees old inputs, not state: they stand in for the prior state of the checks that need one.
    const prior = hasModelValues(fields, olds) ? toModel(fields, olds, NOT_MODEL).model : null;
    failures.push(...(definition.checkPlan?.(parsed.config, stripNulls(prior) ?? null) ?? []).map((issue) => failureOf(fields, issue)));
  }
  failures.push(...connectionProblems(news[CONNECTION_KEY], env));
  return { inputs: news, failures };
}

/**
 * Compare the desired inputs with the old outputs, meaning for meaning (`sameValue`): a secret equals its masked
 * read-back, an omitted secret keeps the stored one, defaults count as set. Replace-on-change fields replace.
 */
export async function diff(
  resource: PulumiResource,
  _id: string,
  olds: PropertyBag,
  news: PropertyBag,
): Promise<pulumi.dynamic.DiffResult> {
  const { definition } = resource;
  const prior = toModel(stateFields(definition), olds, NOT_MODEL).model;
  const desired = toModel(inputFields(definition), news, NOT_MODEL).model;
  const changed = inputFields(definition).filter((spec) => fieldChanged(spec, prior[spec.name], desired[spec.name]));
  // A trigger set where there was none (as after an import) is recorded, not acted on.
  const replaces = changed
    .filter((spec) => spec.meta.replaceOnChange && (!spec.meta.trigger || triggerFires(prior[spec.name], desired[spec.name], deepEqual)))
    .map((spec) => camelName(spec.name));
  // A new connection is recorded by an update, so later refreshes and the delete use it (a rotated API key).
  const connectionChanged = news[CONNECTION_KEY] === PULUMI_UNKNOWN || !deepEqual(olds[CONNECTION_KEY] ?? {}, news[CONNECTION_KEY] ?? {});
  return {
    changes: changed.length > 0 || connectionChanged,
    replaces,
    deleteBeforeReplace: resource.deleteBeforeReplace,
  };
}

function fieldChanged(spec: FieldSpec, prior: unknown, next: unknown): boolean {
  if (containsUnknown(next)) return true;
  const parsed = spec.schema.safeParse(stripNulls(next));
  const value = parsed.success ? parsed.data : next;
  const kept = withPriorForOmitted([spec], { [spec.name]: value }, { [spec.name]: prior })[spec.name];
  return !sameValue(spec, prior, kept);
}

export async function create(resource: PulumiResource, inputs: PropertyBag, env: Env): Promise<pulumi.dynamic.CreateResult> {
  const { definition } = resource;
  const ctx = contextFor(inputs[CONNECTION_KEY], env);
  const { model } = toModel(inputFields(definition), inputs, NOT_MODEL);
  const state = await translateErrors(resource, inputs[CONNECTION_KEY], () => createFromInput(definition, ctx, model));
  return { id: idOf(state), outs: outputsOf(resource, state, inputs[CONNECTION_KEY]) };
}

/**
 * `pulumi refresh` (the old outputs are there), and reads by ID alone: `Account.get(...)` and an import. A read
 * with only an ID adopts the object through `importState`; it returns the inputs too, which an import needs.
 * An empty ID tells the engine the object is gone.
 */
export async function read(resource: PulumiResource, id: string, props: PropertyBag, env: Env): Promise<pulumi.dynamic.ReadResult> {
  const { definition } = resource;
  const connection = props[CONNECTION_KEY];
  const ctx = contextFor(connection, env);
  if (!hasModelValues(stateFields(definition), props)) {
    const state = await definition.handlers.importState(ctx, id);
    if (!state) return { id: "" };
    return {
      id: idOf(state),
      props: outputsOf(resource, state, connection),
      inputs: withConnection(fromModel(inputFields(definition), state), connection),
    };
  }
  const state = await definition.handlers.read(ctx, priorState(resource, id, props));
  if (!state) return { id: "" };
  return { id: idOf(state), props: outputsOf(resource, state, connection) };
}

export async function update(
  resource: PulumiResource,
  id: string,
  olds: PropertyBag,
  news: PropertyBag,
  env: Env,
): Promise<pulumi.dynamic.UpdateResult> {
  const { definition } = resource;
  const ctx = contextFor(news[CONNECTION_KEY], env);
  const prior = priorState(resource, id, olds);
  const { model } = toModel(inputFields(definition), news, NOT_MODEL);
  const state = await translateErrors(resource, news[CONNECTION_KEY], () => updateFromInput(definition, ctx, prior, model));
  return { outs: outputsOf(resource, state, news[CONNECTION_KEY]) };
}

async function delete_(resource: PulumiResource, id: string, props: PropertyBag, env: Env): Promise<void> {
  const ctx = contextFor(props[CONNECTION_KEY], env);
  await resource.definition.handlers.delete(ctx, priorState(resource, id, props));
}

export { delete_ as delete };

/** The state the handlers know, from a resource's outputs and its ID. */
function priorState(resource: PulumiResource, id: string, outputs: PropertyBag): PropertyBag {
  const { model } = toModel(stateFields(resource.definition), outputs, NOT_MODEL);
  return { ...(stripNulls(model) as PropertyBag), id };
}

function outputsOf(resource: PulumiResource, state: unknown, connection: unknown): PropertyBag {
  return withConnection(fromModel(stateFields(resource.definition), state as PropertyBag), connection);
}

function withConnection(bag: PropertyBag, connection: unknown): PropertyBag {
  return connection === undefined || connection === null ? bag : { ...bag, [CONNECTION_KEY]: connection };
}

function idOf(state: unknown): string {
  const id = (state as { id?: unknown }).id;
  if (typeof id !== "string" || id === "") throw new Error("unreachable: a handler returned a state without an id");
  return id;
}

function hasModelValues(fields: readonly FieldSpec[], bag: PropertyBag): boolean {
  return fields.some((spec) => spec.name !== "id" && bag[camelName(spec.name)] !== undefined && bag[camelName(spec.name)] !== null);
}

function failureOf(fields: readonly FieldSpec[], issue: ValidationIssue): pulumi.dynamic.CheckFailure {
  const property = propertyPath(fields, issue.path);
  const message = inFieldNames(fields, issue.message, camelName);
  // The engine prints "property <p> value <v> has a problem: <reason>" (secret inputs as [secret]).
  return { property, reason: issue.shownValue === undefined ? message : `${issue.shownValue} ${message}` };
}

/**
 * Handler errors in Pulumi's terms. Validation problems name camelCase properties. A write that half-applied
 * (`PartialApplyError`) carries the object's ID and what the portal holds now: the host reports it as an
 * initialization failure, so the engine records the object instead of forgetting it.
 */
async function translateErrors<T>(resource: PulumiResource, connection: unknown, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (ConfigValidationError.is(error)) {
      const fields = inputFields(resource.definition);
      const lines = error.issues.map((issue) => {
        const failure = failureOf(fields, issue);
        return `  - ${failure.property || "(resource)"}: ${failure.reason}`;
      });
      const count = lines.length === 1 ? "1 problem" : `${lines.length} problems`;
      throw new Error(`Invalid ${typeToken(resource)} configuration (${count}):\n${lines.join("\n")}`);
    }
    if (PartialApplyError.is(error) && isRecord(error.state) && typeof error.state.id === "string") {
      throw Object.assign(new Error(error.message), {
        id: error.state.id,
        properties: outputsOf(resource, error.state, connection),
        reasons: [error.message],
      });
    }
    throw error;
  }
}
