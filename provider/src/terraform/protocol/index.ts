export { mapKey, toAttributePath, fromAttributePath, formatPath, type PathStep } from "./attribute-path";
export { generateSelfSignedCertificate, toPem, fromPem, type SelfSignedCertificate, type CertificateOptions } from "./certificate";
export { cty, checkCtyType, parseCtyType, ctyTypeToJson, ctyFriendlyName, isCollectionType, CtyTypeError, type CtyType } from "./cty-type";
export { Diagnostics, DiagnosticError, errorDiagnostic, warningDiagnostic, diagnosticFromError } from "./diagnostics";
export { decodeDynamicValue, encodeDynamicValue, decodeRawState, NULL_DYNAMIC_VALUE, type ValueType } from "./dynamic-value";
export {
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  APP_PROTOCOL_VERSION,
  negotiateProtocolVersion,
  formatHandshake,
  parseHandshake,
  type ParsedHandshake,
} from "./handshake";
export { createLogger, providerLogger, logLevelFromEnv, type Logger, type LogLevel, type LogFields } from "./log";
export * from "./messages";
export { decodeMsgpack, encodeMsgpack, inferCtyType, CtyValueError, type CtyValue } from "./msgpack";
export { ProviderDispatcher, type ProviderImplementation, type RpcContext } from "./rpc";
export { serveProvider, type ServeProviderOptions } from "./serve-provider";
export {
  impliedType,
  impliedTypeFromProto,
  checkSchema,
  toProtoSchema,
  toGetProviderSchemaResponse,
  toProviderSchemaJson,
  SchemaDefinitionError,
  type ResourceSchema,
  type ProviderSchema,
  type SchemaBlock,
  type SchemaAttribute,
  type SchemaNestedBlock,
  type NestedAttributeType,
  type ProviderSchemaJson,
} from "./schema-types";
export { servePlugin, type PluginServer, type ServeOptions } from "./serve";
export { watchParentProcess, PARENT_POLL_INTERVAL_MS, type ParentWatchOptions } from "./host-watch";
export { Unknown, UNKNOWN, isUnknown, containsUnknown } from "../../core/schema/unknown";
