import { resources } from "../core/resources/catalog";
import { type ResourceDefinition } from "../core/resources/resource-definition";
import { TYPE_PREFIX } from "../terraform/schema";

/** Names of the resources in each front end: Terraform types, Pulumi classes, model fields in camelCase. */

export const terraformType = (definition: ResourceDefinition): string => TYPE_PREFIX + definition.name;

const byTerraformType = new Map(resources.map((d) => [terraformType(d), d as ResourceDefinition]));

/** The definition behind a Terraform type name such as `voicegateway_account`; undefined for other providers'. */
export function definitionForTerraformType(type: string): ResourceDefinition | undefined {
  return byTerraformType.get(type);
}

export function snakeToCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function pascalCase(name: string): string {
  return name
    .split("_")
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}

/** `account_api_key` → `AccountApiKey` (the Pulumi class). */
export const pulumiClassName = (definition: ResourceDefinition): string => pascalCase(definition.name);

const byPulumiClass = new Map(resources.map((d) => [pulumiClassName(d), d as ResourceDefinition]));

export function definitionForPulumiClass(className: string): ResourceDefinition | undefined {
  return byPulumiClass.get(className);
}

/** The definitions, for callers that have to guess (an untyped Pulumi dynamic resource). */
export const allDefinitions: readonly ResourceDefinition[] = resources;

/** Accounts own everything else and are the unit of "unmanaged"; API keys are the other unmanaged kind. */
export const ACCOUNT_TYPE = `${TYPE_PREFIX}account`;
export const API_KEY_TYPE = `${TYPE_PREFIX}account_api_key`;
