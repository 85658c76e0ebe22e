// The framework-neutral core: the portal client, the resource models and their handlers.
export * from "./client";
export { accountDataSource } from "./data-sources/account";
export { accountTtsCacheDataSource } from "./data-sources/account-tts-cache";
export { dataSources } from "./data-sources/catalog";
export type { DataSourceDefinition } from "./data-sources/data-source-definition";
export type { AccountConfig, AccountState } from "./resources/account/schema";
export type { ApiKeyConfig, ApiKeyState } from "./resources/account-api-key/schema";
export type { LimitsConfig, LimitsState } from "./resources/account-limits/schema";
export { BucketCredentialTestError } from "./resources/account-recording/handlers";
export type { RecordingConfig, RecordingState } from "./resources/account-recording/schema";
export {
  accountApiKeyResource,
  accountLimitsResource,
  accountRecordingResource,
  accountResource,
  accountTtsCacheClearResource,
  resources,
} from "./resources/catalog";
export { ResourceConflictError } from "./resources/conflict-error";
export type { HandlerContext, ResourceHandlers } from "./resources/handler-context";
export { PartialApplyError } from "./resources/partial-apply-error";
export { PortalSession } from "./resources/portal-session";
export { ReadCache } from "./resources/read-cache";
export { type ParsedConfig, parseConfig, type ResourceDefinition } from "./resources/resource-definition";
export { createFromInput, updateFromInput, validatedConfig } from "./resources/validated-handlers";
export { ConfigValidationError, describeIssue, type ValidationIssue } from "./schema/issues";
export { isUnknown, UNKNOWN, Unknown } from "./schema/unknown";
export { SecretFingerprinter } from "./secrets/fingerprint";
export { looksMasked, maskGoogleServiceKey, maskSecret } from "./secrets/portal-mask";
