/**
 * The subset of Terraform plugin protocol 6 that this provider speaks, as proto3 text: the single source of the
 * messages, for the hand-written codec today and for generated code later.
 *
 * Written for this project from the published protocol (hashicorp/terraform `docs/plugin-protocol/tfplugin6.proto`):
 * protocol 6.8 as Terraform 1.11 speaks it, plus what Terraform 1.12-1.14 added and this provider serves:
 * - 1.12 (6.9): resource identity (`GetResourceIdentitySchemas`, `UpgradeResourceIdentity`, identity data on
 *   Read/Plan/Apply/Import), and `ValidateResourceConfig.Request.client_capabilities`;
 * - 1.14 (header still 6.10): list resources (`ListResource`, a server stream, and `ValidateListResourceConfig`),
 *   `GenerateResourceConfig` behind `ServerCapabilities.generate_resource_config`, and actions
 *   (`ValidateActionConfig`, `PlanAction`, `InvokeAction`, a server stream).
 * Only the messages and RPCs we serve are declared; protobuf skips fields we do not know (an older terraform skips
 * the newer ones we send), and grpc-js answers UNIMPLEMENTED for RPCs that are not registered (ephemeral resources,
 * functions, state stores, MoveResourceState, and any optional RPC the implementation leaves out).
 * Field numbers are the contract: never renumber, only add.
 */
export const TFPLUGIN6_PROTO = `
syntax = "proto3";
package tfplugin6;

message DynamicValue {
  bytes msgpack = 1;
  bytes json = 2;
}

message Diagnostic {
  enum Severity {
    INVALID = 0;
    ERROR = 1;
    WARNING = 2;
  }
  Severity severity = 1;
  string summary = 2;
  string detail = 3;
  AttributePath attribute = 4;
}

message AttributePath {
  message Step {
    oneof selector {
      string attribute_name = 1;
      string element_key_string = 2;
      int64 element_key_int = 3;
    }
  }
  repeated Step steps = 1;
}

message StopProvider {
  message Request {}
  message Response {
    string Error = 1;
  }
}

message RawState {
  bytes json = 1;
  map<string, string> flatmap = 2;
}

// The identity of a managed resource type: versioned apart from the state schema, and the same for an object for
// as long as it exists.
message ResourceIdentitySchema {
  message IdentityAttribute {
    string name = 1;
    // The cty type as JSON bytes, like Schema.Attribute.type.
    bytes type = 2;
    bool required_for_import = 3;
    bool optional_for_import = 4;
    string description = 5;
  }
  int64 version = 1;
  repeated IdentityAttribute identity_attributes = 2;
}

message ResourceIdentityData {
  DynamicValue identity_data = 1;
}

enum StringKind {
  PLAIN = 0;
  MARKDOWN = 1;
}

message Schema {
  message Block {
    int64 version = 1;
    repeated Attribute attributes = 2;
    repeated NestedBlock block_types = 3;
    string description = 4;
    StringKind description_kind = 5;
    bool deprecated = 6;
  }

  message Attribute {
    string name = 1;
    bytes type = 2;
    Object nested_type = 10;
    string description = 3;
    bool required = 4;
    bool optional = 5;
    bool computed = 6;
    bool sensitive = 7;
    StringKind description_kind = 8;
    bool deprecated = 9;
    bool write_only = 11;
  }

  message NestedBlock {
    enum NestingMode {
      INVALID = 0;
      SINGLE = 1;
      LIST = 2;
      SET = 3;
      MAP = 4;
      GROUP = 5;
    }
    string type_name = 1;
    Block block = 2;
    NestingMode nesting = 3;
    int64 min_items = 4;
    int64 max_items = 5;
  }

  message Object {
    enum NestingMode {
      INVALID = 0;
      SINGLE = 1;
      LIST = 2;
      SET = 3;
      MAP = 4;
    }
    repeated Attribute attributes = 1;
    NestingMode nesting = 3;
  }

  int64 version = 1;
  Block block = 2;
}

// The schema of an action's configuration block.
message ActionSchema {
  Schema schema = 1;
}

message ServerCapabilities {
  bool plan_destroy = 1;
  bool get_provider_schema_optional = 2;
  bool move_resource_state = 3;
  // Terraform 1.14+: asks GenerateResourceConfig for -generate-config-out instead of copying state values.
  bool generate_resource_config = 4;
}

message ClientCapabilities {
  bool deferral_allowed = 1;
  bool write_only_attributes_allowed = 2;
}

message Deferred {
  enum Reason {
    UNKNOWN = 0;
    RESOURCE_CONFIG_UNKNOWN = 1;
    PROVIDER_CONFIG_UNKNOWN = 2;
    ABSENT_PREREQ = 3;
  }
  Reason reason = 1;
}

service Provider {
  rpc GetMetadata(GetMetadata.Request) returns (GetMetadata.Response);
  rpc GetProviderSchema(GetProviderSchema.Request) returns (GetProviderSchema.Response);
  rpc ValidateProviderConfig(ValidateProviderConfig.Request) returns (ValidateProviderConfig.Response);
  rpc ValidateResourceConfig(ValidateResourceConfig.Request) returns (ValidateResourceConfig.Response);
  rpc ValidateDataResourceConfig(ValidateDataResourceConfig.Request) returns (ValidateDataResourceConfig.Response);
  rpc UpgradeResourceState(UpgradeResourceState.Request) returns (UpgradeResourceState.Response);
  rpc GetResourceIdentitySchemas(GetResourceIdentitySchemas.Request) returns (GetResourceIdentitySchemas.Response);
  rpc UpgradeResourceIdentity(UpgradeResourceIdentity.Request) returns (UpgradeResourceIdentity.Response);
  rpc ConfigureProvider(ConfigureProvider.Request) returns (ConfigureProvider.Response);
  rpc ReadResource(ReadResource.Request) returns (ReadResource.Response);
  rpc PlanResourceChange(PlanResourceChange.Request) returns (PlanResourceChange.Response);
  rpc ApplyResourceChange(ApplyResourceChange.Request) returns (ApplyResourceChange.Response);
  rpc ImportResourceState(ImportResourceState.Request) returns (ImportResourceState.Response);
  rpc GenerateResourceConfig(GenerateResourceConfig.Request) returns (GenerateResourceConfig.Response);
  rpc ReadDataSource(ReadDataSource.Request) returns (ReadDataSource.Response);
  rpc ListResource(ListResource.Request) returns (stream ListResource.Event);
  rpc ValidateListResourceConfig(ValidateListResourceConfig.Request) returns (ValidateListResourceConfig.Response);
  rpc ValidateActionConfig(ValidateActionConfig.Request) returns (ValidateActionConfig.Response);
  rpc PlanAction(PlanAction.Request) returns (PlanAction.Response);
  rpc InvokeAction(InvokeAction.Request) returns (stream InvokeAction.Event);
  rpc StopProvider(StopProvider.Request) returns (StopProvider.Response);
}

message GetMetadata {
  message Request {}
  message Response {
    ServerCapabilities server_capabilities = 1;
    repeated Diagnostic diagnostics = 2;
    repeated DataSourceMetadata data_sources = 3;
    repeated ResourceMetadata resources = 4;
    repeated ListResourceMetadata list_resources = 7;
    repeated ActionMetadata actions = 9;
  }
  message DataSourceMetadata {
    string type_name = 1;
  }
  message ResourceMetadata {
    string type_name = 1;
  }
  message ListResourceMetadata {
    string type_name = 1;
  }
  message ActionMetadata {
    string type_name = 1;
  }
}

message GetProviderSchema {
  message Request {}
  message Response {
    Schema provider = 1;
    map<string, Schema> resource_schemas = 2;
    map<string, Schema> data_source_schemas = 3;
    repeated Diagnostic diagnostics = 4;
    Schema provider_meta = 5;
    ServerCapabilities server_capabilities = 6;
    // Keyed by the managed resource type the list yields; the schema is the list block's "config".
    map<string, Schema> list_resource_schemas = 9;
    map<string, ActionSchema> action_schemas = 11;
  }
}

message ValidateProviderConfig {
  message Request {
    DynamicValue config = 1;
  }
  message Response {
    repeated Diagnostic diagnostics = 2;
  }
}

message UpgradeResourceState {
  message Request {
    string type_name = 1;
    int64 version = 2;
    RawState raw_state = 3;
  }
  message Response {
    DynamicValue upgraded_state = 1;
    repeated Diagnostic diagnostics = 2;
  }
}

message ValidateResourceConfig {
  message Request {
    string type_name = 1;
    DynamicValue config = 2;
    ClientCapabilities client_capabilities = 3;
  }
  message Response {
    repeated Diagnostic diagnostics = 1;
  }
}

message ValidateDataResourceConfig {
  message Request {
    string type_name = 1;
    DynamicValue config = 2;
  }
  message Response {
    repeated Diagnostic diagnostics = 1;
  }
}

message ConfigureProvider {
  message Request {
    string terraform_version = 1;
    DynamicValue config = 2;
    ClientCapabilities client_capabilities = 3;
  }
  message Response {
    repeated Diagnostic diagnostics = 1;
  }
}

message ReadResource {
  message Request {
    string type_name = 1;
    DynamicValue current_state = 2;
    bytes private = 3;
    DynamicValue provider_meta = 4;
    ClientCapabilities client_capabilities = 5;
    ResourceIdentityData current_identity = 6;
  }
  message Response {
    DynamicValue new_state = 1;
    repeated Diagnostic diagnostics = 2;
    bytes private = 3;
    Deferred deferred = 4;
    ResourceIdentityData new_identity = 5;
  }
}

message PlanResourceChange {
  message Request {
    string type_name = 1;
    DynamicValue prior_state = 2;
    DynamicValue proposed_new_state = 3;
    DynamicValue config = 4;
    bytes prior_private = 5;
    DynamicValue provider_meta = 6;
    ClientCapabilities client_capabilities = 7;
    ResourceIdentityData prior_identity = 8;
  }
  message Response {
    DynamicValue planned_state = 1;
    repeated AttributePath requires_replace = 2;
    bytes planned_private = 3;
    repeated Diagnostic diagnostics = 4;
    // Reserved for Terraform's legacy Go SDK; a provider outside it must leave this false.
    bool legacy_type_system = 5;
    Deferred deferred = 6;
    ResourceIdentityData planned_identity = 7;
  }
}

message ApplyResourceChange {
  message Request {
    string type_name = 1;
    DynamicValue prior_state = 2;
    DynamicValue planned_state = 3;
    DynamicValue config = 4;
    bytes planned_private = 5;
    DynamicValue provider_meta = 6;
    ResourceIdentityData planned_identity = 7;
  }
  message Response {
    DynamicValue new_state = 1;
    bytes private = 2;
    repeated Diagnostic diagnostics = 3;
    // Same rule as PlanResourceChange.Response.legacy_type_system.
    bool legacy_type_system = 4;
    ResourceIdentityData new_identity = 5;
  }
}

message ImportResourceState {
  message Request {
    string type_name = 1;
    // Empty when importing by identity (an import block with "identity = {...}", Terraform 1.12+).
    string id = 2;
    ClientCapabilities client_capabilities = 3;
    ResourceIdentityData identity = 4;
  }
  message ImportedResource {
    string type_name = 1;
    DynamicValue state = 2;
    bytes private = 3;
    ResourceIdentityData identity = 4;
  }
  message Response {
    repeated ImportedResource imported_resources = 1;
    repeated Diagnostic diagnostics = 2;
    Deferred deferred = 3;
  }
}

message GenerateResourceConfig {
  message Request {
    string type_name = 1;
    // The imported and refreshed state; null for a list result without its resource object (and absent from
    // Terraform 1.14.0, which did not send it).
    DynamicValue state = 2;
  }
  message Response {
    DynamicValue config = 1;
    repeated Diagnostic diagnostics = 2;
  }
}

message ReadDataSource {
  message Request {
    string type_name = 1;
    DynamicValue config = 2;
    DynamicValue provider_meta = 3;
    ClientCapabilities client_capabilities = 4;
  }
  message Response {
    DynamicValue state = 1;
    repeated Diagnostic diagnostics = 2;
    Deferred deferred = 3;
  }
}

message GetResourceIdentitySchemas {
  message Request {}
  message Response {
    map<string, ResourceIdentitySchema> identity_schemas = 1;
    repeated Diagnostic diagnostics = 2;
  }
}

message UpgradeResourceIdentity {
  message Request {
    string type_name = 1;
    // The identity version stored in state.
    int64 version = 2;
    // The stored identity as JSON, shaped by that version.
    RawState raw_identity = 3;
  }
  message Response {
    ResourceIdentityData upgraded_identity = 1;
    repeated Diagnostic diagnostics = 2;
  }
}

message ListResource {
  message Request {
    // The managed resource type listed.
    string type_name = 1;
    // The list block's "config" (null when the block has none).
    DynamicValue config = 2;
    bool include_resource_object = 3;
    // Terraform stops reading after this many events.
    int64 limit = 4;
  }
  message Event {
    ResourceIdentityData identity = 1;
    string display_name = 2;
    // Upstream marks this proto3 "optional"; a message field has presence without it, so the wire is the same.
    DynamicValue resource_object = 3;
    repeated Diagnostic diagnostic = 4;
  }
}

message ValidateListResourceConfig {
  message Request {
    string type_name = 1;
    DynamicValue config = 2;
    DynamicValue include_resource_object = 3;
    DynamicValue limit = 4;
  }
  message Response {
    repeated Diagnostic diagnostics = 1;
  }
}

message ValidateActionConfig {
  message Request {
    string action_type = 1;
    DynamicValue config = 2;
  }
  message Response {
    repeated Diagnostic diagnostics = 1;
  }
}

message PlanAction {
  message Request {
    string action_type = 1;
    DynamicValue config = 2;
    ClientCapabilities client_capabilities = 3;
  }
  message Response {
    repeated Diagnostic diagnostics = 1;
    Deferred deferred = 2;
  }
}

message InvokeAction {
  message Request {
    string action_type = 1;
    DynamicValue config = 2;
    ClientCapabilities client_capabilities = 3;
  }
  message Event {
    message Progress {
      string message = 1;
    }
    message Completed {
      repeated Diagnostic diagnostics = 1;
    }
    oneof type {
      Progress progress = 1;
      Completed completed = 2;
    }
  }
}
`;
