import { type ActionDefinition } from "../core/actions/action-definition";
import { type DataSourceDefinition } from "../core/data-sources/data-source-definition";
import { type ResourceDefinition } from "../core/resources/resource-definition";
import { type ResourceIdentity } from "../core/resources/resource-identity";
import { type ResourceList } from "../core/resources/resource-list";
import { type FieldSpec } from "../core/schema/introspect";
import { ctyType, type TerraformAttribute, terraformAttributes } from "./attributes";
import { type CtyType } from "./protocol/cty-type";
import { type IdentitySchema, type ProviderSchema, type ResourceSchema, type SchemaAttribute } from "./protocol/schema-types";
import { providerConfigAttributes } from "./provider-config";

export const TYPE_PREFIX = "voicegateway_";

/** Sentences every front end would otherwise repeat: defaults, allowed values, replacement. */
function describe(spec: FieldSpec): string {
  const parts = [spec.meta.description];
  if (spec.type.kind === "string" && spec.type.enum) parts.push(`One of ${spec.type.enum.map((v) => `\`${v}\``).join(", ")}.`);
  if (spec.defaultValue !== undefined) parts.push(`Defaults to \`${JSON.stringify(spec.defaultValue)}\`.`);
  if (spec.meta.replaceOnChange) parts.push("Changing it replaces the resource.");
  return parts.join(" ");
}

function fieldAttribute(attribute: TerraformAttribute & { role: "field" }, asOutput: boolean): SchemaAttribute {
  const { spec } = attribute;
  const flags: Pick<SchemaAttribute, "required" | "optional" | "computed"> =
    asOutput || spec.meta.readOnly
      ? { computed: true }
      : spec.optional && (spec.defaultValue !== undefined || spec.meta.computed)
        ? { optional: true, computed: true }
        : spec.optional
          ? { optional: true }
          : { required: true };
  const shape: Pick<SchemaAttribute, "type" | "nestedType"> = attribute.nested
    ? { nestedType: { nesting: "single", attributes: attributesOf(attribute.nested, asOutput) } }
    : { type: ctyType(spec.type) as CtyType };
  return {
    ...shape,
    ...flags,
    description: describe(spec),
    descriptionKind: "markdown",
    ...(spec.meta.sensitive ? { sensitive: true } : {}),
  };
}

function attributesOf(attributes: readonly TerraformAttribute[], asOutput = false): Record<string, SchemaAttribute> {
  const out: Record<string, SchemaAttribute> = {};
  for (const attribute of attributes) {
    if (attribute.role === "field") {
      out[attribute.name] = fieldAttribute(attribute, asOutput);
    } else if (!asOutput && attribute.role === "write_only") {
      out[attribute.name] = {
        type: "string",
        optional: true,
        sensitive: true,
        writeOnly: true,
        description: `Write-only form of \`${attribute.spec.name}\` (Terraform 1.11 and later): sent to the portal but never stored in state or plan. Change \`${attribute.spec.name}_wo_version\` to send a new value; drift is still detected through the portal's mask.`,
        descriptionKind: "markdown",
      };
    } else if (!asOutput && attribute.role === "write_only_version") {
      out[attribute.name] = {
        type: "string",
        optional: true,
        description: `Any value; change it to send \`${attribute.spec.name}_wo\` again. Shows \`changed-outside-terraform\` after a read found that the portal's secret no longer matches.`,
        descriptionKind: "markdown",
      };
    }
  }
  return out;
}

export function resourceSchema(definition: ResourceDefinition): ResourceSchema {
  return {
    version: definition.schemaVersion,
    block: {
      attributes: attributesOf(terraformAttributes(definition.fields)),
      description: definition.description,
      descriptionKind: "markdown",
    },
  };
}

/** Data sources: their inputs are lookup keys (optional, then filled in), everything else is read. */
export function dataSourceSchema(definition: DataSourceDefinition): ResourceSchema {
  const inputs = attributesOf(terraformAttributes(definition.inputFields)) as Record<string, SchemaAttribute>;
  for (const [name, attribute] of Object.entries(inputs)) {
    if (attribute.optional) inputs[name] = { ...attribute, computed: true };
  }
  return {
    version: 0,
    block: {
      attributes: {
        id: { type: "string", computed: true, description: "The SID of what was read.", descriptionKind: "markdown" },
        ...inputs,
        ...attributesOf(terraformAttributes(definition.outputFields), true),
      },
      description: definition.description,
      descriptionKind: "markdown",
    },
  };
}

/** Terraform 1.12+: the identity of a resource type; every attribute is a string needed to import by identity. */
export function identitySchema(identity: ResourceIdentity): IdentitySchema {
  return {
    version: identity.version,
    attributes: Object.fromEntries(
      Object.entries(identity.attributes).map(([name, { description }]) => [
        name,
        { type: "string", description, requiredForImport: true },
      ]),
    ),
  };
}

/** Terraform 1.14+: the `config` block of a list resource: its filters, all optional. */
export function listResourceSchema(list: ResourceList): ResourceSchema {
  return {
    version: 0,
    block: { attributes: attributesOf(terraformAttributes(list.filterFields)), description: list.description, descriptionKind: "markdown" },
  };
}

/** Terraform 1.14+: an action's configuration. */
export function actionSchema(action: ActionDefinition): ResourceSchema {
  return {
    version: 0,
    block: { attributes: attributesOf(terraformAttributes(action.fields)), description: action.description, descriptionKind: "markdown" },
  };
}

export function providerSchema(
  resources: readonly ResourceDefinition[],
  dataSources: readonly DataSourceDefinition[],
  actions: readonly ActionDefinition[] = [],
): ProviderSchema {
  const typed = <T>(items: readonly T[], name: (item: T) => string) => items.map((item) => [TYPE_PREFIX + name(item), item] as const);
  return {
    provider: {
      version: 0,
      block: {
        attributes: Object.fromEntries(
          Object.entries(providerConfigAttributes).map(([name, attribute]) => [
            name,
            { ...attribute, descriptionKind: "markdown" as const },
          ]),
        ),
        description: "The connection to the Voice Gateway portal API.",
        descriptionKind: "markdown",
      },
    },
    resourceSchemas: Object.fromEntries(resources.map((r) => [TYPE_PREFIX + r.name, resourceSchema(r)])),
    dataSourceSchemas: Object.fromEntries(dataSources.map((d) => [TYPE_PREFIX + d.name, dataSourceSchema(d)])),
    identitySchemas: Object.fromEntries(
      typed(resources, (r) => r.name).flatMap(([type, r]) => (r.identity ? [[type, identitySchema(r.identity)]] : [])),
    ),
    // A list yields objects terraform names by identity, so only a resource with one can be listed.
    listResourceSchemas: Object.fromEntries(
      typed(resources, (r) => r.name).flatMap(([type, r]) => (r.list && r.identity ? [[type, listResourceSchema(r.list)]] : [])),
    ),
    actionSchemas: Object.fromEntries(typed(actions, (a) => a.name).map(([type, a]) => [type, actionSchema(a)])),
  };
}
