/**
 * The tfplugin6 messages under the names the provider service uses, from the code generated out of
 * `proto/tfplugin6.proto` (`gen/tfplugin6_pb.ts`, protobuf-es): camelCase fields, bytes as Uint8Array, enums as
 * numbers, int64 as bigint, a oneof as `{ case, value }`.
 *
 * Requests are what we decode: the generated message types, every scalar present with its default, a sub-message
 * `undefined` when Terraform did not send it. Replies, and the parts the provider builds (diagnostics, schemas,
 * values), are `MessageInitShape`s: every field optional, `create()` fills in the rest before encoding.
 */
import { type DescMessage, type Message, type MessageInitShape } from "@bufbuild/protobuf";
import { type GenMessage } from "@bufbuild/protobuf/codegenv2";

import type * as pb from "./gen/tfplugin6_pb";

export {
  Deferred_Reason as DeferredReason,
  Diagnostic_Severity as DiagnosticSeverity,
  Schema_NestedBlock_NestingMode as BlockNestingMode,
  Schema_Object_NestingMode as ObjectNestingMode,
  StringKind,
} from "./gen/tfplugin6_pb";

type Init<Schema extends DescMessage> = MessageInitShape<Schema>;

/** A message as a caller may write it (e.g. a request in a test): any field left out takes its protobuf default. */
export type MessageInitOf<T extends Message> = MessageInitShape<GenMessage<T>>;

/** msgpack (always, from Terraform) or JSON; see `dynamic-value.ts`. */
export type DynamicValue = Init<typeof pb.DynamicValueSchema>;
export type AttributePath = Init<typeof pb.AttributePathSchema>;
export type AttributePathStep = Init<typeof pb.AttributePath_StepSchema>;
export type Diagnostic = Init<typeof pb.DiagnosticSchema>;
export type RawState = pb.RawState;
export type ProtoSchemaAttribute = Init<typeof pb.Schema_AttributeSchema>;
export type ProtoSchemaObject = Init<typeof pb.Schema_ObjectSchema>;
export type ProtoSchemaNestedBlock = Init<typeof pb.Schema_NestedBlockSchema>;
export type ProtoSchemaBlock = Init<typeof pb.Schema_BlockSchema>;
export type ProtoSchema = Init<typeof pb.SchemaSchema>;
export type ServerCapabilities = Init<typeof pb.ServerCapabilitiesSchema>;
export type ClientCapabilities = pb.ClientCapabilities;
export type Deferred = Init<typeof pb.DeferredSchema>;
/** An identity value (msgpack of the identity schema's object type), as every identity field carries it. */
export type ResourceIdentityData = Init<typeof pb.ResourceIdentityDataSchema>;
export type ProtoIdentityAttribute = Init<typeof pb.ResourceIdentitySchema_IdentityAttributeSchema>;
export type ProtoResourceIdentitySchema = Init<typeof pb.ResourceIdentitySchemaSchema>;
export type ProtoActionSchema = Init<typeof pb.ActionSchemaSchema>;

/* ---- RPC requests and responses ---- */

export type GetMetadataRequest = pb.GetMetadata_Request;
export type GetMetadataResponse = Init<typeof pb.GetMetadata_ResponseSchema>;
export type GetProviderSchemaRequest = pb.GetProviderSchema_Request;
/** `provider` must be set (an empty block is fine), or Terraform reports "missing provider schema". */
export type GetProviderSchemaResponse = Init<typeof pb.GetProviderSchema_ResponseSchema>;
export type GetResourceIdentitySchemasRequest = pb.GetResourceIdentitySchemas_Request;
export type GetResourceIdentitySchemasResponse = Init<typeof pb.GetResourceIdentitySchemas_ResponseSchema>;
export type UpgradeResourceIdentityRequest = pb.UpgradeResourceIdentity_Request;
export type UpgradeResourceIdentityResponse = Init<typeof pb.UpgradeResourceIdentity_ResponseSchema>;
export type ValidateProviderConfigRequest = pb.ValidateProviderConfig_Request;
export type ValidateProviderConfigResponse = Init<typeof pb.ValidateProviderConfig_ResponseSchema>;
export type UpgradeResourceStateRequest = pb.UpgradeResourceState_Request;
/** `upgradedState` is wholly known, msgpack, shaped by the current schema. */
export type UpgradeResourceStateResponse = Init<typeof pb.UpgradeResourceState_ResponseSchema>;
export type ValidateResourceConfigRequest = pb.ValidateResourceConfig_Request;
export type ValidateResourceConfigResponse = Init<typeof pb.ValidateResourceConfig_ResponseSchema>;
export type ValidateDataResourceConfigRequest = pb.ValidateDataResourceConfig_Request;
export type ValidateDataResourceConfigResponse = Init<typeof pb.ValidateDataResourceConfig_ResponseSchema>;
export type ConfigureProviderRequest = pb.ConfigureProvider_Request;
export type ConfigureProviderResponse = Init<typeof pb.ConfigureProvider_ResponseSchema>;
export type ReadResourceRequest = pb.ReadResource_Request;
/** A null (msgpack nil) `newState` means the object is gone. */
export type ReadResourceResponse = Init<typeof pb.ReadResource_ResponseSchema>;
/** `priorState` is null for a create; `proposedNewState` null for a destroy (only with plan_destroy). */
export type PlanResourceChangeRequest = pb.PlanResourceChange_Request;
/** Never set `legacyTypeSystem`: it is reserved for Terraform's legacy SDK (the dispatcher clears it). */
export type PlanResourceChangeResponse = Init<typeof pb.PlanResourceChange_ResponseSchema>;
/** `plannedState` is null for a delete. */
export type ApplyResourceChangeRequest = pb.ApplyResourceChange_Request;
/** `newState` is wholly known, and null after a delete. */
export type ApplyResourceChangeResponse = Init<typeof pb.ApplyResourceChange_ResponseSchema>;
/** `id` is empty when importing by identity. */
export type ImportResourceStateRequest = pb.ImportResourceState_Request;
export type ImportedResource = Init<typeof pb.ImportResourceState_ImportedResourceSchema>;
export type ImportResourceStateResponse = Init<typeof pb.ImportResourceState_ResponseSchema>;
export type ReadDataSourceRequest = pb.ReadDataSource_Request;
export type ReadDataSourceResponse = Init<typeof pb.ReadDataSource_ResponseSchema>;
/** `state` is null (or absent) when terraform has no state to generate from. */
export type GenerateResourceConfigRequest = pb.GenerateResourceConfig_Request;
export type GenerateResourceConfigResponse = Init<typeof pb.GenerateResourceConfig_ResponseSchema>;
export type ListResourceRequest = pb.ListResource_Request;
/** One event of the ListResource stream: a found object, or diagnostics (errors end the list for terraform). */
export type ListResourceEvent = Init<typeof pb.ListResource_EventSchema>;
export type ValidateListResourceConfigRequest = pb.ValidateListResourceConfig_Request;
export type ValidateListResourceConfigResponse = Init<typeof pb.ValidateListResourceConfig_ResponseSchema>;
export type ValidateActionConfigRequest = pb.ValidateActionConfig_Request;
export type ValidateActionConfigResponse = Init<typeof pb.ValidateActionConfig_ResponseSchema>;
export type PlanActionRequest = pb.PlanAction_Request;
export type PlanActionResponse = Init<typeof pb.PlanAction_ResponseSchema>;
export type InvokeActionRequest = pb.InvokeAction_Request;
/** One event of the InvokeAction stream: `type` is a progress message or the final `completed`. */
export type InvokeActionEvent = Init<typeof pb.InvokeAction_EventSchema>;
export type StopProviderRequest = pb.StopProvider_Request;
/** `Error` is empty when stopping worked. */
export type StopProviderResponse = Init<typeof pb.StopProvider_ResponseSchema>;
