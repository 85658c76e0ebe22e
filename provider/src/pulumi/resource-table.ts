import { accountApiKeyResource, accountLimitsResource, accountRecordingResource, accountResource } from "../core/resources/catalog";
import { type ResourceDefinition } from "../core/resources/resource-definition";
import { type FieldSpec, type FieldType } from "../core/schema/introspect";
import { camelName } from "./naming";
import { CONNECTION_KEY } from "./properties";

/** What the Pulumi front end adds to a shared resource definition. */
export interface PulumiResource {
  readonly definition: ResourceDefinition;
  /** The type name in `pulumi-nodejs:dynamic/voicegateway:<typeName>`. */
  readonly typeName: string;
  /**
   * Delete the old object before creating its replacement. Account names are unique, and the singleton settings
   * (recording, limits) are one object per account: a replacement created first would be undone by the delete.
   * API keys are created first, so a rotation never leaves the account without a key.
   */
  readonly deleteBeforeReplace: boolean;
}

/** The resources the Pulumi front end offers, keyed by the shared definitions' names. */
export const pulumiResources = {
  account: { definition: accountResource, typeName: "Account", deleteBeforeReplace: true },
  account_api_key: { definition: accountApiKeyResource, typeName: "AccountApiKey", deleteBeforeReplace: false },
  account_recording: { definition: accountRecordingResource, typeName: "AccountRecording", deleteBeforeReplace: true },
  account_limits: { definition: accountLimitsResource, typeName: "AccountLimits", deleteBeforeReplace: true },
} as const satisfies Record<string, PulumiResource>;

export type PulumiResourceName = keyof typeof pulumiResources;

/** The module in the type token, `pulumi-nodejs:dynamic/voicegateway:Account`. */
export const TYPE_MODULE = "voicegateway";

export function typeToken(resource: PulumiResource): string {
  return `pulumi-nodejs:dynamic/${TYPE_MODULE}:${resource.typeName}`;
}

export function pulumiResource(name: string): PulumiResource {
  const resource = (pulumiResources as Record<string, PulumiResource | undefined>)[name];
  if (!resource) {
    throw new Error(
      `Unknown Voice Gateway resource "${name}" (known: ${Object.keys(pulumiResources).join(", ")}); the program and the installed @voicegateway/iac package are probably different versions`,
    );
  }
  return resource;
}

/** The fields users set (the model's inputs), in declaration order. */
export function inputFields(definition: ResourceDefinition): readonly FieldSpec[] {
  return definition.fields.filter((spec) => spec.name in definition.inputs.shape);
}

/** Every field of the state except `id`, which Pulumi keeps as the resource ID. */
export function stateFields(definition: ResourceDefinition): readonly FieldSpec[] {
  return definition.fields.filter((spec) => spec.name !== "id");
}

const holdsSecret = (spec: FieldSpec): boolean => spec.meta.sensitive === true || typeHoldsSecret(spec.type);
const typeHoldsSecret = (type: FieldType): boolean =>
  type.kind === "object" ? type.fields.some(holdsSecret) : type.kind === "map" ? typeHoldsSecret(type.values) : false;

/**
 * Top-level properties to keep secret. Pulumi marks secrets per top-level property only, so an object holding a
 * secret (`awsS3` with its `secretAccessKey`, a hook with its password) is secret as a whole. The connection holds
 * the API key.
 */
export function secretProperties(definition: ResourceDefinition): string[] {
  return [
    ...stateFields(definition)
      .filter(holdsSecret)
      .map((spec) => camelName(spec.name)),
    CONNECTION_KEY,
  ];
}
