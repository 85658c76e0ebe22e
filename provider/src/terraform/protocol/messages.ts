/**
 * TypeScript shapes of the tfplugin6 messages declared in `tfplugin6-proto.ts`, as `protobuf-codec.ts` produces and
 * accepts them: proto field names (snake_case), bytes as Buffer/Uint8Array, enums as numbers, int64 as number.
 *
 * Requests are what we decode: every scalar is present with its default; a sub-message may be `undefined` when
 * Terraform did not send it. Responses are what the provider builds: every field is optional.
 */

export const DiagnosticSeverity = { INVALID: 0, ERROR: 1, WARNING: 2 } as const;
export type DiagnosticSeverity = (typeof DiagnosticSeverity)[keyof typeof DiagnosticSeverity];

export const StringKind = { PLAIN: 0, MARKDOWN: 1 } as const;
export type StringKind = (typeof StringKind)[keyof typeof StringKind];

/** `Schema.NestedBlock.NestingMode`. */
export const BlockNestingMode = { INVALID: 0, SINGLE: 1, LIST: 2, SET: 3, MAP: 4, GROUP: 5 } as const;
export type BlockNestingMode = (typeof BlockNestingMode)[keyof typeof BlockNestingMode];

/** `Schema.Object.NestingMode` (nested attribute types have no GROUP). */
export const ObjectNestingMode = { INVALID: 0, SINGLE: 1, LIST: 2, SET: 3, MAP: 4 } as const;
export type ObjectNestingMode = (typeof ObjectNestingMode)[keyof typeof ObjectNestingMode];

export const DeferredReason = { UNKNOWN: 0, RESOURCE_CONFIG_UNKNOWN: 1, PROVIDER_CONFIG_UNKNOWN: 2, ABSENT_PREREQ: 3 } as const;
export type DeferredReason = (typeof DeferredReason)[keyof typeof DeferredReason];

/** msgpack (always, from Terraform) or JSON; see `dynamic-value.ts`. */
export interface DynamicValue {
  msgpack?: Uint8Array;
  json?: Uint8Array;
}

export type AttributePathStep =
  | { attribute_name: string; element_key_string?: undefined; element_key_int?: undefined }
  | { element_key_string: string; attribute_name?: undefined; element_key_int?: undefined }
  | { element_key_int: number; attribute_name?: undefined; element_key_string?: undefined };

export interface AttributePath {
  steps: AttributePathStep[];
}

export interface Diagnostic {
  severity: DiagnosticSeverity;
  summary: string;
  detail?: string;
  attribute?: AttributePath;
}

export interface RawState {
  json: Buffer;
  flatmap: Record<string, string>;
}

export interface ProtoSchemaAttribute {
  name: string;
  /** The cty type as JSON bytes, e.g. `"string"` or `["map","string"]`; empty when `nested_type` is set. */
  type?: Uint8Array;
  nested_type?: ProtoSchemaObject;
  description?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  description_kind?: StringKind;
  deprecated?: boolean;
  write_only?: boolean;
}

export interface ProtoSchemaObject {
  attributes: ProtoSchemaAttribute[];
  nesting: ObjectNestingMode;
}

export interface ProtoSchemaNestedBlock {
  type_name: string;
  block: ProtoSchemaBlock;
  nesting: BlockNestingMode;
  min_items?: number;
  max_items?: number;
}

export interface ProtoSchemaBlock {
  version?: number;
  attributes?: ProtoSchemaAttribute[];
  block_types?: ProtoSchemaNestedBlock[];
  description?: string;
  description_kind?: StringKind;
  deprecated?: boolean;
}

export interface ProtoSchema {
  version?: number;
  block: ProtoSchemaBlock;
}

export interface ServerCapabilities {
  plan_destroy?: boolean;
  get_provider_schema_optional?: boolean;
  move_resource_state?: boolean;
  /** Terraform 1.14+ calls GenerateResourceConfig for `-generate-config-out` only when this is set. */
  generate_resource_config?: boolean;
}

export interface ClientCapabilities {
  deferral_allowed: boolean;
  write_only_attributes_allowed: boolean;
}

export interface Deferred {
  reason: DeferredReason;
}

/** An identity value (msgpack of the identity schema's object type), as every identity field carries it. */
export interface ResourceIdentityData {
  identity_data?: DynamicValue;
}

export interface ProtoIdentityAttribute {
  name: string;
  /** The cty type as JSON bytes. */
  type: Uint8Array;
  required_for_import?: boolean;
  optional_for_import?: boolean;
  description?: string;
}

export interface ProtoResourceIdentitySchema {
  version?: number;
  identity_attributes?: ProtoIdentityAttribute[];
}

export interface ProtoActionSchema {
  schema: ProtoSchema;
}

/* ---- RPC requests and responses ---- */

export type GetMetadataRequest = Record<string, never>;
export interface GetMetadataResponse {
  server_capabilities?: ServerCapabilities;
  diagnostics?: Diagnostic[];
  data_sources?: { type_name: string }[];
  resources?: { type_name: string }[];
  list_resources?: { type_name: string }[];
  actions?: { type_name: string }[];
}

export type GetProviderSchemaRequest = Record<string, never>;
export interface GetProviderSchemaResponse {
  /** Must be set (an empty block is fine), or Terraform reports "missing provider schema". */
  provider?: ProtoSchema;
  resource_schemas?: Record<string, ProtoSchema>;
  data_source_schemas?: Record<string, ProtoSchema>;
  diagnostics?: Diagnostic[];
  provider_meta?: ProtoSchema;
  server_capabilities?: ServerCapabilities;
  /** Keyed by the managed resource type each list yields. */
  list_resource_schemas?: Record<string, ProtoSchema>;
  action_schemas?: Record<string, ProtoActionSchema>;
}

export type GetResourceIdentitySchemasRequest = Record<string, never>;
export interface GetResourceIdentitySchemasResponse {
  identity_schemas?: Record<string, ProtoResourceIdentitySchema>;
  diagnostics?: Diagnostic[];
}

export interface UpgradeResourceIdentityRequest {
  type_name: string;
  /** The identity version recorded in state. */
  version: number;
  raw_identity?: RawState;
}
export interface UpgradeResourceIdentityResponse {
  upgraded_identity?: ResourceIdentityData;
  diagnostics?: Diagnostic[];
}

export interface ValidateProviderConfigRequest {
  config?: DynamicValue;
}
export interface ValidateProviderConfigResponse {
  diagnostics?: Diagnostic[];
}

export interface UpgradeResourceStateRequest {
  type_name: string;
  /** The schema version recorded in state. */
  version: number;
  raw_state?: RawState;
}
export interface UpgradeResourceStateResponse {
  /** Wholly known, msgpack, shaped by the current schema. */
  upgraded_state?: DynamicValue;
  diagnostics?: Diagnostic[];
}

export interface ValidateResourceConfigRequest {
  type_name: string;
  config?: DynamicValue;
  client_capabilities?: ClientCapabilities;
}
export interface ValidateResourceConfigResponse {
  diagnostics?: Diagnostic[];
}

export interface ValidateDataResourceConfigRequest {
  type_name: string;
  config?: DynamicValue;
}
export interface ValidateDataResourceConfigResponse {
  diagnostics?: Diagnostic[];
}

export interface ConfigureProviderRequest {
  terraform_version: string;
  config?: DynamicValue;
  client_capabilities?: ClientCapabilities;
}
export interface ConfigureProviderResponse {
  diagnostics?: Diagnostic[];
}

export interface ReadResourceRequest {
  type_name: string;
  current_state?: DynamicValue;
  private: Buffer;
  provider_meta?: DynamicValue;
  client_capabilities?: ClientCapabilities;
  /** Terraform 1.12+: the identity stored in state, if any. */
  current_identity?: ResourceIdentityData;
}
export interface ReadResourceResponse {
  /** Null (msgpack nil) means the object is gone. */
  new_state?: DynamicValue;
  diagnostics?: Diagnostic[];
  private?: Uint8Array;
  deferred?: Deferred;
  new_identity?: ResourceIdentityData;
}

export interface PlanResourceChangeRequest {
  type_name: string;
  /** Null for a create. */
  prior_state?: DynamicValue;
  /** Null for a destroy (only sent when the plan_destroy capability is on). */
  proposed_new_state?: DynamicValue;
  config?: DynamicValue;
  prior_private: Buffer;
  provider_meta?: DynamicValue;
  client_capabilities?: ClientCapabilities;
  prior_identity?: ResourceIdentityData;
}
export interface PlanResourceChangeResponse {
  planned_state?: DynamicValue;
  requires_replace?: AttributePath[];
  planned_private?: Uint8Array;
  diagnostics?: Diagnostic[];
  /** Reserved for Terraform's legacy SDK: never set it. */
  legacy_type_system?: false;
  deferred?: Deferred;
  /** May hold unknown values for a create; wholly known otherwise. */
  planned_identity?: ResourceIdentityData;
}

export interface ApplyResourceChangeRequest {
  type_name: string;
  prior_state?: DynamicValue;
  /** Null for a delete. */
  planned_state?: DynamicValue;
  config?: DynamicValue;
  planned_private: Buffer;
  provider_meta?: DynamicValue;
  planned_identity?: ResourceIdentityData;
}
export interface ApplyResourceChangeResponse {
  /** Wholly known; null after a delete. */
  new_state?: DynamicValue;
  private?: Uint8Array;
  diagnostics?: Diagnostic[];
  /** Reserved for Terraform's legacy SDK: never set it. */
  legacy_type_system?: false;
  /** Wholly known, with the state. */
  new_identity?: ResourceIdentityData;
}

export interface ImportResourceStateRequest {
  type_name: string;
  /** Empty when importing by identity. */
  id: string;
  client_capabilities?: ClientCapabilities;
  identity?: ResourceIdentityData;
}
export interface ImportedResource {
  type_name: string;
  state: DynamicValue;
  private?: Uint8Array;
  /** Required by terraform when it imported by identity. */
  identity?: ResourceIdentityData;
}
export interface ImportResourceStateResponse {
  imported_resources?: ImportedResource[];
  diagnostics?: Diagnostic[];
  deferred?: Deferred;
}

export interface ReadDataSourceRequest {
  type_name: string;
  config?: DynamicValue;
  provider_meta?: DynamicValue;
  client_capabilities?: ClientCapabilities;
}
export interface ReadDataSourceResponse {
  state?: DynamicValue;
  diagnostics?: Diagnostic[];
  deferred?: Deferred;
}

export interface GenerateResourceConfigRequest {
  type_name: string;
  /** Null (or absent) when terraform has no state to generate from. */
  state?: DynamicValue;
}
export interface GenerateResourceConfigResponse {
  config?: DynamicValue;
  diagnostics?: Diagnostic[];
}

export interface ListResourceRequest {
  type_name: string;
  config?: DynamicValue;
  include_resource_object: boolean;
  limit: number;
}
/** One event of the ListResource stream: a found object, or diagnostics (errors end the list for terraform). */
export interface ListResourceEvent {
  identity?: ResourceIdentityData;
  display_name?: string;
  resource_object?: DynamicValue;
  diagnostic?: Diagnostic[];
}

export interface ValidateListResourceConfigRequest {
  type_name: string;
  config?: DynamicValue;
  include_resource_object?: DynamicValue;
  limit?: DynamicValue;
}
export interface ValidateListResourceConfigResponse {
  diagnostics?: Diagnostic[];
}

export interface ValidateActionConfigRequest {
  action_type: string;
  config?: DynamicValue;
}
export interface ValidateActionConfigResponse {
  diagnostics?: Diagnostic[];
}

export interface PlanActionRequest {
  action_type: string;
  config?: DynamicValue;
  client_capabilities?: ClientCapabilities;
}
export interface PlanActionResponse {
  diagnostics?: Diagnostic[];
  deferred?: Deferred;
}

export type InvokeActionRequest = PlanActionRequest;
/** One event of the InvokeAction stream: exactly one of the two is set; `completed` is the last. */
export interface InvokeActionEvent {
  progress?: { message: string };
  completed?: { diagnostics?: Diagnostic[] };
}

export type StopProviderRequest = Record<string, never>;
export interface StopProviderResponse {
  /** Empty when stopping worked. */
  Error?: string;
}
