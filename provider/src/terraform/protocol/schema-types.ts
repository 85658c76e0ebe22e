/**
 * The provider schema as we define it in TypeScript, and the two shapes derived from that one definition:
 *
 * - the protobuf `Schema` messages `GetProviderSchema` returns (attribute `type` is JSON bytes, nesting modes and
 *   string kinds are enums), via `toProtoSchema` / `toGetProviderSchemaResponse`;
 * - the document `terraform providers schema -json` prints (field names, omitted empty values and sorted keys as
 *   Terraform's `internal/command/jsonprovider` writes them), via `toProviderSchemaJson`, which feeds the CDKTF
 *   generator and the docs without running terraform.
 *
 * `impliedType` gives the cty object type Terraform derives from a block, which is what every DynamicValue of that
 * resource is encoded with.
 */
import { type CtyType, ctyTypeToJson, parseCtyType } from "./cty-type";
import {
  BlockNestingMode,
  type GetProviderSchemaResponse,
  ObjectNestingMode,
  type ProtoResourceIdentitySchema,
  type ProtoSchema,
  type ProtoSchemaAttribute,
  type ProtoSchemaBlock,
  type ServerCapabilities,
  StringKind,
} from "./messages";

export type SchemaStringKind = "plain" | "markdown";
export type BlockNesting = "single" | "list" | "set" | "map" | "group";
export type AttributeNesting = "single" | "list" | "set" | "map";

export interface SchemaAttribute {
  /** The value type; set exactly one of `type` and `nestedType`. */
  readonly type?: CtyType;
  /** An object-typed attribute whose inner attributes carry their own flags (protocol 6 nested attributes). */
  readonly nestedType?: NestedAttributeType;
  readonly description?: string;
  /** @default "plain" */
  readonly descriptionKind?: SchemaStringKind;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  /** Never stored in state or plan; Terraform requires it to be planned and returned as null. */
  readonly writeOnly?: boolean;
}

export interface NestedAttributeType {
  readonly nesting: AttributeNesting;
  readonly attributes: Readonly<Record<string, SchemaAttribute>>;
}

export interface SchemaBlock {
  readonly attributes?: Readonly<Record<string, SchemaAttribute>>;
  readonly blockTypes?: Readonly<Record<string, SchemaNestedBlock>>;
  readonly description?: string;
  /** @default "plain" */
  readonly descriptionKind?: SchemaStringKind;
  readonly deprecated?: boolean;
}

export interface SchemaNestedBlock {
  readonly nesting: BlockNesting;
  readonly block: SchemaBlock;
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** A resource, data source or provider configuration schema. */
export interface ResourceSchema {
  /** State schema version; raise it when stored state needs an upgrade. @default 0 */
  readonly version?: number;
  readonly block: SchemaBlock;
}

export interface ProviderSchema {
  readonly provider: ResourceSchema;
  readonly resourceSchemas: Readonly<Record<string, ResourceSchema>>;
  /** @default - no data sources */
  readonly dataSourceSchemas?: Readonly<Record<string, ResourceSchema>>;
  /** @default - no provider_meta schema */
  readonly providerMeta?: ResourceSchema;
  /**
   * Terraform 1.12+: how each managed resource type is identified (served by GetResourceIdentitySchemas, not in the
   * GetProviderSchema reply). @default - no identities
   */
  readonly identitySchemas?: Readonly<Record<string, IdentitySchema>>;
  /** Terraform 1.14+: the `config` block of each list resource, keyed by the managed resource type it lists. */
  readonly listResourceSchemas?: Readonly<Record<string, ResourceSchema>>;
  /** Terraform 1.14+: the configuration of each action. */
  readonly actionSchemas?: Readonly<Record<string, ResourceSchema>>;
}

/** A resource type's identity: a flat object of primitive attributes, versioned apart from the state schema. */
export interface IdentitySchema {
  /** @default 0 */
  readonly version?: number;
  readonly attributes: Readonly<Record<string, IdentityAttribute>>;
}

export interface IdentityAttribute {
  readonly type: CtyType;
  readonly description?: string;
  /** An `import { identity = {...} }` block must set it. */
  readonly requiredForImport?: boolean;
  readonly optionalForImport?: boolean;
}

/** The object type of an identity value. */
export function identityType(schema: IdentitySchema): CtyType {
  return ["object", Object.fromEntries(Object.entries(schema.attributes).map(([name, attribute]) => [name, attribute.type]))];
}

/* ---- implied cty type ---- */

const impliedTypes = new WeakMap<object, CtyType>();

/** The object type Terraform derives from a block (or a ResourceSchema's block). Cached per schema object. */
export function impliedType(schema: SchemaBlock | ResourceSchema): CtyType {
  const block = "block" in schema && schema.block !== undefined ? schema.block : (schema as SchemaBlock);
  let type = impliedTypes.get(block);
  if (!type) {
    type = blockType(block);
    impliedTypes.set(block, type);
  }
  return type;
}

function blockType(block: SchemaBlock): CtyType {
  const attributes: Record<string, CtyType> = {};
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) attributes[name] = attributeType(attribute, name);
  for (const [name, nested] of Object.entries(block.blockTypes ?? {})) {
    const element = blockType(nested.block);
    switch (nested.nesting) {
      case "single":
      case "group":
        attributes[name] = element;
        break;
      default:
        attributes[name] = [nested.nesting, element];
    }
  }
  return ["object", attributes];
}

function attributeType(attribute: SchemaAttribute, name: string): CtyType {
  if (attribute.nestedType) {
    const attributes: Record<string, CtyType> = {};
    for (const [inner, innerAttribute] of Object.entries(attribute.nestedType.attributes)) {
      attributes[inner] = attributeType(innerAttribute, inner);
    }
    const object: CtyType = ["object", attributes];
    return attribute.nestedType.nesting === "single" ? object : [attribute.nestedType.nesting, object];
  }
  if (attribute.type === undefined) throw new SchemaDefinitionError(`attribute "${name}" has neither type nor nestedType`);
  return attribute.type;
}

/** The same implied type, from a protobuf Schema (what a GetProviderSchema reply carries). */
export function impliedTypeFromProto(schema: ProtoSchema): CtyType {
  return protoBlockType(schema.block);
}

function protoBlockType(block: ProtoSchemaBlock | undefined): CtyType {
  const attributes: Record<string, CtyType> = {};
  for (const attribute of block?.attributes ?? []) attributes[attribute.name] = protoAttributeType(attribute);
  for (const nested of block?.block_types ?? []) {
    const element = protoBlockType(nested.block);
    switch (nested.nesting) {
      case BlockNestingMode.LIST:
        attributes[nested.type_name] = ["list", element];
        break;
      case BlockNestingMode.SET:
        attributes[nested.type_name] = ["set", element];
        break;
      case BlockNestingMode.MAP:
        attributes[nested.type_name] = ["map", element];
        break;
      default:
        attributes[nested.type_name] = element;
    }
  }
  return ["object", attributes];
}

function protoAttributeType(attribute: ProtoSchemaAttribute): CtyType {
  const nested = attribute.nested_type;
  if (nested) {
    const attributes: Record<string, CtyType> = {};
    for (const inner of nested.attributes) attributes[inner.name] = protoAttributeType(inner);
    const object: CtyType = ["object", attributes];
    switch (nested.nesting) {
      case ObjectNestingMode.LIST:
        return ["list", object];
      case ObjectNestingMode.SET:
        return ["set", object];
      case ObjectNestingMode.MAP:
        return ["map", object];
      default:
        return object;
    }
  }
  if (!attribute.type || attribute.type.length === 0) {
    throw new SchemaDefinitionError(`attribute "${attribute.name}" has neither type nor nested_type`);
  }
  return parseCtyType(attribute.type);
}

/* ---- validation ---- */

export class SchemaDefinitionError extends Error {
  override readonly name = "SchemaDefinitionError";
}

/**
 * Checks the rules Terraform core enforces on a served schema (its `InternalValidate`), so a mistake fails in a unit
 * test instead of in every terraform run. Returns the list of problems; empty means valid.
 */
export function checkSchema(schema: ResourceSchema, where = "schema"): string[] {
  const problems: string[] = [];
  checkBlock(schema.block, where, problems);
  return problems;
}

const NAME = /^[a-z0-9_]+$/;

function checkBlock(block: SchemaBlock, where: string, problems: string[]): void {
  const attributeNames = Object.keys(block.attributes ?? {});
  for (const [name, attribute] of Object.entries(block.attributes ?? {})) {
    checkAttribute(attribute, `${where}.${name}`, problems);
    if (!NAME.test(name)) problems.push(`${where}.${name}: names must be lowercase letters, digits and underscores`);
  }
  for (const [name, nested] of Object.entries(block.blockTypes ?? {})) {
    const at = `${where}.${name}`;
    if (!NAME.test(name)) problems.push(`${at}: names must be lowercase letters, digits and underscores`);
    if (attributeNames.includes(name)) problems.push(`${at}: declared both as attribute and block`);
    const { minItems = 0, maxItems = 0 } = nested;
    if (minItems < 0 || maxItems < 0) problems.push(`${at}: minItems and maxItems must not be negative`);
    if (maxItems !== 0 && minItems > maxItems) problems.push(`${at}: minItems is greater than maxItems`);
    if ((nested.nesting === "single" || nested.nesting === "group") && (minItems > 1 || maxItems > 1)) {
      problems.push(`${at}: ${nested.nesting} blocks allow minItems/maxItems of 0 or 1 only`);
    }
    if (nested.nesting === "map" && (minItems !== 0 || maxItems !== 0)) {
      problems.push(`${at}: map blocks cannot set minItems or maxItems`);
    }
    checkBlock(nested.block, at, problems);
  }
}

function checkAttribute(attribute: SchemaAttribute, at: string, problems: string[]): void {
  if ((attribute.type === undefined) === (attribute.nestedType === undefined)) {
    problems.push(`${at}: set exactly one of type and nestedType`);
  }
  if (!attribute.required && !attribute.optional && !attribute.computed) {
    problems.push(`${at}: must be required, optional or computed`);
  }
  if (attribute.required && (attribute.optional || attribute.computed)) {
    problems.push(`${at}: required cannot be combined with optional or computed`);
  }
  if (attribute.writeOnly && attribute.computed) problems.push(`${at}: a write-only attribute cannot be computed`);
  if (attribute.nestedType) {
    for (const [name, inner] of Object.entries(attribute.nestedType.attributes)) {
      checkAttribute(inner, `${at}.${name}`, problems);
    }
  }
}

/* ---- protobuf ---- */

const BLOCK_NESTING: Record<BlockNesting, BlockNestingMode> = {
  single: BlockNestingMode.SINGLE,
  list: BlockNestingMode.LIST,
  set: BlockNestingMode.SET,
  map: BlockNestingMode.MAP,
  group: BlockNestingMode.GROUP,
};

const OBJECT_NESTING: Record<AttributeNesting, ObjectNestingMode> = {
  single: ObjectNestingMode.SINGLE,
  list: ObjectNestingMode.LIST,
  set: ObjectNestingMode.SET,
  map: ObjectNestingMode.MAP,
};

function stringKind(kind: SchemaStringKind | undefined): StringKind {
  return kind === "markdown" ? StringKind.MARKDOWN : StringKind.PLAIN;
}

const byName = <T>(record: Readonly<Record<string, T>> | undefined): [string, T][] =>
  Object.entries(record ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export function toProtoSchema(schema: ResourceSchema): ProtoSchema {
  const version = schema.version ?? 0;
  return { version, block: toProtoBlock(schema.block, version) };
}

function toProtoBlock(block: SchemaBlock, version: number): ProtoSchemaBlock {
  return {
    version,
    attributes: byName(block.attributes).map(([name, attribute]) => toProtoAttribute(name, attribute)),
    block_types: byName(block.blockTypes).map(([name, nested]) => ({
      type_name: name,
      block: toProtoBlock(nested.block, version),
      nesting: BLOCK_NESTING[nested.nesting],
      min_items: nested.minItems ?? 0,
      max_items: nested.maxItems ?? 0,
    })),
    description: block.description ?? "",
    description_kind: stringKind(block.descriptionKind),
    deprecated: block.deprecated ?? false,
  };
}

function toProtoAttribute(name: string, attribute: SchemaAttribute): ProtoSchemaAttribute {
  const out: ProtoSchemaAttribute = {
    name,
    description: attribute.description ?? "",
    description_kind: stringKind(attribute.descriptionKind),
    required: attribute.required ?? false,
    optional: attribute.optional ?? false,
    computed: attribute.computed ?? false,
    sensitive: attribute.sensitive ?? false,
    deprecated: attribute.deprecated ?? false,
    write_only: attribute.writeOnly ?? false,
  };
  if (attribute.nestedType) {
    out.nested_type = {
      nesting: OBJECT_NESTING[attribute.nestedType.nesting],
      attributes: byName(attribute.nestedType.attributes).map(([inner, innerAttribute]) => toProtoAttribute(inner, innerAttribute)),
    };
  } else if (attribute.type !== undefined) {
    out.type = Buffer.from(ctyTypeToJson(attribute.type));
  }
  return out;
}

/** The whole GetProviderSchema reply. Capabilities default to all off. */
export function toGetProviderSchemaResponse(
  schema: ProviderSchema,
  serverCapabilities: ServerCapabilities = {},
): GetProviderSchemaResponse {
  const protoSchemas = (schemas: Readonly<Record<string, ResourceSchema>> | undefined) =>
    Object.fromEntries(byName(schemas).map(([name, s]) => [name, toProtoSchema(s)]));
  const response: GetProviderSchemaResponse = {
    provider: toProtoSchema(schema.provider),
    resource_schemas: protoSchemas(schema.resourceSchemas),
    data_source_schemas: protoSchemas(schema.dataSourceSchemas),
    diagnostics: [],
    server_capabilities: {
      plan_destroy: serverCapabilities.plan_destroy ?? false,
      get_provider_schema_optional: serverCapabilities.get_provider_schema_optional ?? false,
      move_resource_state: serverCapabilities.move_resource_state ?? false,
      generate_resource_config: serverCapabilities.generate_resource_config ?? false,
    },
    list_resource_schemas: protoSchemas(schema.listResourceSchemas),
    action_schemas: Object.fromEntries(byName(schema.actionSchemas).map(([name, s]) => [name, { schema: toProtoSchema(s) }])),
  };
  if (schema.providerMeta) response.provider_meta = toProtoSchema(schema.providerMeta);
  return response;
}

/** The GetResourceIdentitySchemas reply's map, by resource type. */
export function toProtoIdentitySchemas(
  schemas: Readonly<Record<string, IdentitySchema>> | undefined,
): Record<string, ProtoResourceIdentitySchema> {
  return Object.fromEntries(
    byName(schemas).map(([type, schema]) => [
      type,
      {
        version: schema.version ?? 0,
        identity_attributes: byName(schema.attributes).map(([name, attribute]) => ({
          name,
          type: Buffer.from(ctyTypeToJson(attribute.type)),
          required_for_import: attribute.requiredForImport ?? false,
          optional_for_import: attribute.optionalForImport ?? false,
          description: attribute.description ?? "",
        })),
      },
    ]),
  );
}

/* ---- `terraform providers schema -json` ---- */

export interface JsonSchemaAttribute {
  type?: CtyType;
  nested_type?: { attributes?: Record<string, JsonSchemaAttribute>; nesting_mode?: AttributeNesting };
  description?: string;
  description_kind?: SchemaStringKind;
  deprecated?: boolean;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  write_only?: boolean;
}

export interface JsonSchemaBlock {
  attributes?: Record<string, JsonSchemaAttribute>;
  block_types?: Record<string, { nesting_mode?: BlockNesting; block?: JsonSchemaBlock; min_items?: number; max_items?: number }>;
  description?: string;
  description_kind?: SchemaStringKind;
  deprecated?: boolean;
}

export interface JsonSchema {
  version: number;
  block?: JsonSchemaBlock;
}

export interface JsonIdentitySchema {
  version: number;
  attributes?: Record<string, { type?: CtyType; description?: string; required_for_import?: boolean; optional_for_import?: boolean }>;
}

export interface ProviderSchemaJson {
  format_version: "1.0";
  provider_schemas?: Record<
    string,
    {
      provider?: JsonSchema;
      resource_schemas?: Record<string, JsonSchema>;
      data_source_schemas?: Record<string, JsonSchema>;
      list_resource_schemas?: Record<string, JsonSchema>;
      resource_identity_schemas?: Record<string, JsonIdentitySchema>;
      action_schemas?: Record<string, { block?: JsonSchemaBlock }>;
    }
  >;
}

/**
 * The document `terraform providers schema -json` prints for this provider alone. Terraform 1.11 prints the
 * provider, resource and data source schemas only; with `newerKinds`, also the identity, list resource and action
 * schemas, under the keys and in the shapes Terraform 1.12-1.14 use for them (taken from terraform's source:
 * no terraform of those versions could be run here to compare).
 * @param providerAddress e.g. `registry.terraform.io/voicegateway/voicegateway`
 */
export function toProviderSchemaJson(
  schema: ProviderSchema,
  providerAddress: string,
  options: { newerKinds?: boolean } = {},
): ProviderSchemaJson {
  const provider: NonNullable<ProviderSchemaJson["provider_schemas"]>[string] = { provider: toJsonSchema(schema.provider) };
  const resources = byName(schema.resourceSchemas);
  if (resources.length > 0) provider.resource_schemas = Object.fromEntries(resources.map(([n, s]) => [n, toJsonSchema(s)]));
  const dataSources = byName(schema.dataSourceSchemas);
  if (dataSources.length > 0) provider.data_source_schemas = Object.fromEntries(dataSources.map(([n, s]) => [n, toJsonSchema(s)]));
  if (options.newerKinds) {
    const lists = byName(schema.listResourceSchemas);
    if (lists.length > 0) provider.list_resource_schemas = Object.fromEntries(lists.map(([n, s]) => [n, toJsonSchema(s)]));
    const identities = byName(schema.identitySchemas);
    if (identities.length > 0)
      provider.resource_identity_schemas = Object.fromEntries(identities.map(([n, s]) => [n, toJsonIdentitySchema(s)]));
    const actions = byName(schema.actionSchemas);
    if (actions.length > 0) provider.action_schemas = Object.fromEntries(actions.map(([n, s]) => [n, { block: toJsonBlock(s.block) }]));
  }
  return { format_version: "1.0", provider_schemas: { [providerAddress]: provider } };
}

function toJsonIdentitySchema(schema: IdentitySchema): JsonIdentitySchema {
  const attributes = byName(schema.attributes).map(([name, a]) => [
    name,
    {
      type: a.type,
      ...(a.description ? { description: a.description } : {}),
      ...(a.requiredForImport ? { required_for_import: true } : {}),
      ...(a.optionalForImport ? { optional_for_import: true } : {}),
    },
  ]);
  return { version: schema.version ?? 0, ...(attributes.length > 0 ? { attributes: Object.fromEntries(attributes) } : {}) };
}

function toJsonSchema(schema: ResourceSchema): JsonSchema {
  return { version: schema.version ?? 0, block: toJsonBlock(schema.block) };
}

function toJsonBlock(block: SchemaBlock): JsonSchemaBlock {
  const out: JsonSchemaBlock = {};
  const attributes = byName(block.attributes);
  if (attributes.length > 0) out.attributes = Object.fromEntries(attributes.map(([n, a]) => [n, toJsonAttribute(a)]));
  const blockTypes = byName(block.blockTypes);
  if (blockTypes.length > 0) {
    out.block_types = Object.fromEntries(
      blockTypes.map(([name, nested]) => {
        const entry: NonNullable<JsonSchemaBlock["block_types"]>[string] = {
          nesting_mode: nested.nesting,
          block: toJsonBlock(nested.block),
        };
        if (nested.minItems) entry.min_items = nested.minItems;
        if (nested.maxItems) entry.max_items = nested.maxItems;
        return [name, entry];
      }),
    );
  }
  if (block.description) out.description = block.description;
  out.description_kind = block.descriptionKind ?? "plain";
  if (block.deprecated) out.deprecated = true;
  return out;
}

function toJsonAttribute(attribute: SchemaAttribute): JsonSchemaAttribute {
  const out: JsonSchemaAttribute = {};
  if (attribute.type !== undefined && !attribute.nestedType) out.type = attribute.type;
  if (attribute.nestedType) {
    const nested: NonNullable<JsonSchemaAttribute["nested_type"]> = {};
    const inner = byName(attribute.nestedType.attributes);
    if (inner.length > 0) nested.attributes = Object.fromEntries(inner.map(([n, a]) => [n, toJsonAttribute(a)]));
    nested.nesting_mode = attribute.nestedType.nesting;
    out.nested_type = nested;
  }
  if (attribute.description) out.description = attribute.description;
  out.description_kind = attribute.descriptionKind ?? "plain";
  if (attribute.deprecated) out.deprecated = true;
  if (attribute.required) out.required = true;
  if (attribute.optional) out.optional = true;
  if (attribute.computed) out.computed = true;
  if (attribute.sensitive) out.sensitive = true;
  if (attribute.writeOnly) out.write_only = true;
  return out;
}
