import { isRecord } from "../../core/schema/reconcile";
import { UNKNOWN } from "../../core/schema/unknown";
import { type DeclaredResource } from "../model";
import { definitionForTerraformType } from "../resource-types";
import { SourceError } from "./source-error";
import { modelFromTerraform, withDefaults } from "./values";

/**
 * A synthesized CDKTF stack (`cdktf.out/stacks/<stack>/cdk.tf.json`): Terraform JSON configuration, so it holds
 * the wanted values (not a state) and no IDs. Values that are Terraform expressions (`${var.x}`, `${...}`
 * references) cannot be evaluated here: they become unknown, except a plain reference to a declared resource's ID
 * (`${voicegateway_account.acme.id}`), which is kept to resolve later through the state or the portal.
 */

/** Terraform meta-arguments and CDKTF bookkeeping: not attributes of the resource. */
const META_ARGUMENTS = new Set(["//", "lifecycle", "depends_on", "provider", "provisioner", "connection"]);
/** These make the number of instances an expression: the stack alone does not say which objects exist. */
const MULTI_INSTANCE = ["count", "for_each"] as const;

const ID_REFERENCE = /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.id\}$/;
// `${` or `%{` not escaped as `$${` / `%%{` (Terraform's template escapes).
const EXPRESSION = /(^|[^$%])[$%]\{/;

export function isCdktfStack(json: unknown): boolean {
  return isRecord(json) && (isRecord(json.resource) || (isRecord(json["//"]) && "metadata" in json["//"]));
}

function unescapeTemplate(text: string): string {
  return text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}

/** A value from the stack: expressions become unknown, escapes are undone. */
function literal(value: unknown): unknown {
  if (typeof value === "string") return EXPRESSION.test(value) ? UNKNOWN : unescapeTemplate(value);
  if (Array.isArray(value)) return value.map(literal);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literal(v)]));
  return value;
}

export function parseCdktfStack(json: unknown, file: string): DeclaredResource[] {
  if (!isCdktfStack(json)) throw new SourceError(file, "is not a synthesized CDKTF stack (expected cdk.tf.json with a resource block)");
  const blocks = (json as { resource?: Record<string, unknown> }).resource ?? {};
  const out: DeclaredResource[] = [];
  for (const [type, byName] of Object.entries(blocks)) {
    const definition = definitionForTerraformType(type);
    if (!definition || !isRecord(byName)) continue;
    for (const [name, body] of Object.entries(byName)) {
      if (!isRecord(body)) continue;
      const address = `${type}.${name}`;
      const references: Record<string, string> = {};
      const attributes: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(body)) {
        if (META_ARGUMENTS.has(key) || (MULTI_INSTANCE as readonly string[]).includes(key)) continue;
        const reference = typeof value === "string" ? ID_REFERENCE.exec(value) : null;
        if (reference && definitionForTerraformType(reference[1]!.split(".")[0]!)) references[key] = reference[1]!;
        attributes[key] = literal(value);
      }
      const multi = MULTI_INSTANCE.find((m) => m in body);
      out.push({
        address,
        definition,
        source: { kind: "cdktf", file },
        values: withDefaults(definition.fields, modelFromTerraform(definition, attributes)),
        isState: false,
        fingerprints: {},
        secretsChangedOutside: [],
        references,
        ...(multi
          ? { unverifiable: `uses ${multi}, so the synthesized stack does not say which instances exist; give the state as well` }
          : {}),
      });
    }
  }
  return out;
}
