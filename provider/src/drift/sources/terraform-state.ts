import { isRecord } from "../../core/schema/reconcile";
import { type DeclaredResource } from "../model";
import { definitionForTerraformType } from "../resource-types";
import { SourceError } from "./source-error";
import { fingerprintsFromPrivate, modelFromTerraform, secretsChangedOutside } from "./values";

/**
 * Terraform declarations: a state file (format version 4, as `terraform.tfstate` or `terraform state pull`) or the
 * output of `terraform show -json`. Both hold the last known state of each resource; only the state file also has
 * each instance's `private`, where the provider keeps the fingerprints of write-only secrets.
 */

export function isTerraformState(json: unknown): boolean {
  return isRecord(json) && typeof json.version === "number" && Array.isArray(json.resources);
}

export function isTerraformShowJson(json: unknown): boolean {
  return isRecord(json) && typeof json.format_version === "string" && ("values" in json || "terraform_version" in json);
}

/** `module.a.voicegateway_account.x["k"]` from a state file's module, type, name and index key. */
function stateAddress(module: unknown, type: string, name: string, indexKey: unknown): string {
  const prefix = typeof module === "string" && module.length > 0 ? `${module}.` : "";
  const index = typeof indexKey === "number" ? `[${indexKey}]` : typeof indexKey === "string" ? `[${JSON.stringify(indexKey)}]` : "";
  return `${prefix}${type}.${name}${index}`;
}

export function parseTerraformState(json: unknown, file: string): DeclaredResource[] {
  if (!isTerraformState(json))
    throw new SourceError(file, "is not a Terraform state file (expected a JSON object with version and resources)");
  const state = json as { version: number; resources: unknown[] };
  if (state.version !== 4) {
    throw new SourceError(
      file,
      `is a Terraform state of format version ${state.version}; only version 4 (Terraform 0.12 and later) is supported`,
    );
  }
  const out: DeclaredResource[] = [];
  for (const resource of state.resources) {
    if (!isRecord(resource) || resource.mode !== "managed" || typeof resource.type !== "string" || typeof resource.name !== "string")
      continue;
    const definition = definitionForTerraformType(resource.type);
    if (!definition || !Array.isArray(resource.instances)) continue;
    for (const instance of resource.instances) {
      if (!isRecord(instance) || !isRecord(instance.attributes)) continue;
      // A deposed instance (create_before_destroy) is on its way out; it is not what the configuration declares.
      if (typeof instance.deposed === "string") continue;
      const attributes = instance.attributes;
      out.push({
        address: stateAddress(resource.module, resource.type, resource.name, instance.index_key),
        definition,
        source: { kind: "terraform-state", file },
        values: modelFromTerraform(definition, attributes),
        ...(typeof attributes.id === "string" ? { id: attributes.id } : {}),
        isState: true,
        fingerprints: fingerprintsFromPrivate(instance.private),
        secretsChangedOutside: secretsChangedOutside(definition, attributes),
        references: {},
      });
    }
  }
  return out;
}

interface ShowModule {
  resources?: unknown[];
  child_modules?: ShowModule[];
}

export function parseTerraformShowJson(json: unknown, file: string): DeclaredResource[] {
  if (!isTerraformShowJson(json)) throw new SourceError(file, "is not `terraform show -json` output");
  const doc = json as { values?: { root_module?: ShowModule }; planned_values?: unknown };
  if (doc.values === undefined && doc.planned_values !== undefined) {
    throw new SourceError(file, "is `terraform show -json` of a plan; give the state instead (`terraform show -json` without a plan file)");
  }
  const out: DeclaredResource[] = [];
  const walk = (module: ShowModule | undefined) => {
    for (const resource of module?.resources ?? []) {
      if (!isRecord(resource) || resource.mode !== "managed" || typeof resource.type !== "string") continue;
      const definition = definitionForTerraformType(resource.type);
      if (!definition || !isRecord(resource.values) || typeof resource.address !== "string") continue;
      if (typeof resource.deposed_key === "string") continue;
      const values = resource.values;
      out.push({
        address: resource.address,
        definition,
        source: { kind: "terraform-show", file },
        values: modelFromTerraform(definition, values),
        ...(typeof values.id === "string" ? { id: values.id } : {}),
        isState: true,
        // `show -json` leaves out private state, so write-only secrets cannot be checked from it.
        fingerprints: {},
        secretsChangedOutside: secretsChangedOutside(definition, values),
        references: {},
      });
    }
    for (const child of module?.child_modules ?? []) walk(child);
  };
  walk(doc.values?.root_module);
  return out;
}
