import { type ResourceDefinition } from "../../core/resources/resource-definition";
import { type FieldSpec } from "../../core/schema/introspect";
import { isRecord } from "../../core/schema/reconcile";
import { containsUnknown, isUnknown, UNKNOWN } from "../../core/schema/unknown";
import { type DeclaredResource } from "../model";
import { allDefinitions, definitionForPulumiClass, pulumiClassName, snakeToCamel } from "../resource-types";
import { SourceError } from "./source-error";

/**
 * A Pulumi stack export (`pulumi stack export [--show-secrets]`): `deployment.resources[]`, where the Voice Gateway
 * resources are dynamic resources, typed `pulumi-nodejs:dynamic/voicegateway:<Class>` or the generic
 * `pulumi-nodejs:dynamic:Resource`. Their `outputs` are the last known state with camelCase names. A secret is
 * `{<sig>: <secret sig>, plaintext | ciphertext}`: a plaintext one (from `--show-secrets`) is used, an encrypted one
 * is unknown.
 */

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const DYNAMIC_PREFIX = "pulumi-nodejs:dynamic";
/**
 * Keys of a dynamic resource's outputs that are not model fields: Pulumi's own, and the portal connection our
 * Pulumi resources keep (a secret holding the API key; never read here).
 */
const PULUMI_KEYS = new Set(["__provider", "id", "urn", "connection"]);

export function isPulumiExport(json: unknown): boolean {
  if (!isRecord(json)) return false;
  const deployment = isRecord(json.deployment) ? json.deployment : json;
  return Array.isArray(deployment.resources) && (isRecord(json.deployment) || "manifest" in deployment);
}

/** A Pulumi secret's value: its plaintext (JSON-encoded by Pulumi), or unknown when it is encrypted. */
function unwrapSecret(value: unknown): unknown {
  if (!isRecord(value) || value[SIG_KEY] !== SECRET_SIG) return value;
  if (typeof value.plaintext === "string") {
    try {
      return JSON.parse(value.plaintext) as unknown;
    } catch {
      return value.plaintext;
    }
  }
  return UNKNOWN;
}

/** Outputs (camelCase or snake_case names) → model values, guided by the fields, so map keys such as tags stay as they are. */
function modelFromOutputs(fields: readonly FieldSpec[], outputs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of fields) {
    const camel = snakeToCamel(spec.name);
    const raw = unwrapSecret(camel in outputs ? outputs[camel] : outputs[spec.name]);
    if (raw === undefined || raw === null) continue;
    if (spec.type.kind === "object" && isRecord(raw) && !isUnknown(raw)) out[spec.name] = modelFromOutputs(spec.type.fields, raw);
    else if (spec.type.kind === "map" && isRecord(raw))
      out[spec.name] = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, unwrapSecret(v)]));
    else out[spec.name] = raw;
  }
  return out;
}

const snakeKey = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The definition of a generic dynamic resource, told by its output names: every name must be a field of the
 * definition and every required input present. Undefined when none or several fit.
 */
function guessDefinition(outputs: Record<string, unknown>): ResourceDefinition | undefined {
  const keys = Object.keys(outputs)
    .filter((k) => !PULUMI_KEYS.has(k))
    .map(snakeKey);
  const fits = allDefinitions.filter((definition) => {
    const names = new Set(definition.fields.map((f) => f.name));
    const required = definition.fields.filter((f) => !f.optional && !f.meta.readOnly).map((f) => f.name);
    return keys.length > 0 && keys.every((k) => names.has(k)) && required.every((r) => keys.includes(r));
  });
  if (fits.length <= 1) return fits[0];
  // A key only one of them has settles it (an API key's token, the limits' unit).
  const best = fits.map((d) => ({
    d,
    score: keys.filter((k) => fits.filter((o) => o.fields.some((f) => f.name === k)).length === 1 && d.fields.some((f) => f.name === k))
      .length,
  }));
  const top = Math.max(...best.map((b) => b.score));
  const winners = best.filter((b) => b.score === top);
  return top > 0 && winners.length === 1 ? winners[0]!.d : undefined;
}

/** `urn:pulumi:stack::project::type::name` → `name`. */
const urnName = (urn: string): string => urn.split("::").at(-1) ?? urn;

export interface PulumiParseResult {
  readonly resources: DeclaredResource[];
  readonly notes: string[];
}

export function parsePulumiExport(json: unknown, file: string): PulumiParseResult {
  if (!isPulumiExport(json))
    throw new SourceError(file, "is not a Pulumi stack export (expected `pulumi stack export` JSON with deployment.resources)");
  const root = json as Record<string, unknown>;
  const deployment = (isRecord(root.deployment) ? root.deployment : root) as { resources: unknown[] };
  const resources: DeclaredResource[] = [];
  const notes: string[] = [];
  let encrypted = 0;
  for (const resource of deployment.resources) {
    if (!isRecord(resource) || typeof resource.type !== "string" || !resource.type.startsWith(DYNAMIC_PREFIX)) continue;
    if (resource.delete === true || resource.custom === false) continue;
    const outputs = isRecord(resource.outputs) ? resource.outputs : {};
    const urn = typeof resource.urn === "string" ? resource.urn : "";
    const className = resource.type.includes("/") ? (resource.type.split(":").at(-1) ?? "") : "";
    const definition = className ? definitionForPulumiClass(className) : guessDefinition(outputs);
    if (!definition) {
      if (className === "" && Object.keys(outputs).some((k) => !PULUMI_KEYS.has(k))) {
        notes.push(`${file}: skipped dynamic resource ${urnName(urn)}: its outputs match no Voice Gateway resource`);
      }
      continue;
    }
    const values = modelFromOutputs(definition.fields, outputs);
    const id = typeof resource.id === "string" && resource.id.length > 0 ? resource.id : undefined;
    if (id !== undefined) values.id = id;
    if (containsUnknown(values)) encrypted++;
    resources.push({
      address: `${pulumiClassName(definition)}::${urnName(urn)}`,
      definition,
      source: { kind: "pulumi", file },
      values,
      ...(id !== undefined ? { id } : {}),
      isState: true,
      fingerprints: {},
      secretsChangedOutside: [],
      references: {},
    });
  }
  if (encrypted > 0) {
    notes.push(
      `${file}: ${encrypted} resource(s) hold encrypted secrets, which cannot be compared; export with \`pulumi stack export --show-secrets\` to check them`,
    );
  }
  return { resources, notes };
}
