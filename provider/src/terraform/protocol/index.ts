export { containsUnknown, isUnknown, UNKNOWN, Unknown } from "../../core/schema/unknown";
export { formatPath, fromAttributePath, mapKey, type PathStep, toAttributePath } from "./attribute-path";
export { type CertificateOptions, fromPem, generateSelfSignedCertificate, type SelfSignedCertificate, toPem } from "./certificate";
export { type CtyType, CtyTypeError, checkCtyType, cty, ctyFriendlyName, ctyTypeToJson, isCollectionType, parseCtyType } from "./cty-type";
export { DiagnosticError, Diagnostics, diagnosticFromError, errorDiagnostic, warningDiagnostic } from "./diagnostics";
export { decodeDynamicValue, decodeRawState, encodeDynamicValue, NULL_DYNAMIC_VALUE, type ValueType } from "./dynamic-value";
export {
  APP_PROTOCOL_VERSION,
  formatHandshake,
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  negotiateProtocolVersion,
  type ParsedHandshake,
  parseHandshake,
} from "./handshake";
export { PARENT_POLL_INTERVAL_MS, type ParentWatchOptions, watchParentProcess } from "./host-watch";
export { createLogger, type LogFields, type Logger, type LogLevel, logLevelFromEnv, providerLogger } from "./log";
export * from "./messages";
export { type CtyValue, CtyValueError, decodeMsgpack, encodeMsgpack, inferCtyType } from "./msgpack";
export { ProviderDispatcher, type ProviderImplementation, type RpcContext } from "./rpc";
export {
  checkSchema,
  impliedType,
  impliedTypeFromProto,
  type NestedAttributeType,
  type ProviderSchema,
  type ProviderSchemaJson,
  type ResourceSchema,
  type SchemaAttribute,
  type SchemaBlock,
  SchemaDefinitionError,
  type SchemaNestedBlock,
  toGetProviderSchemaResponse,
  toProtoSchema,
  toProviderSchemaJson,
} from "./schema-types";
export { type PluginServer, type ServeOptions, servePlugin } from "./serve";
export { type ServeProviderOptions, serveProvider } from "./serve-provider";
