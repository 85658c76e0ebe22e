/**
 * RPC dispatch for `tfplugin6.Provider`: the implementation is an object with one async method per RPC
 * (`serve-provider.ts` puts it behind the plugin server).
 *
 * Methods receive the decoded protobuf request; DynamicValues stay encoded, because decoding needs the schema,
 * which is the implementation's business (`decodeDynamicValue` / `encodeDynamicValue`). Whatever a method throws,
 * and any reply that cannot be encoded, becomes an ERROR diagnostic in the reply: a gRPC-level error shows in
 * terraform only as a generic failure, and a crash as "plugin did not respond".
 *
 * Each call gets an AbortSignal that fires on StopProvider (Ctrl-C in terraform) or shutdown. Once shutdown has
 * started, calls are refused without reaching the implementation: nothing new may start on the way out.
 */
import type * as grpc from "@grpc/grpc-js";
import { randomUUID } from "node:crypto";

import { decodeRawState, encodeDynamicValue } from "./dynamic-value";
import { diagnosticFromError, errorDiagnostic } from "./diagnostics";
import { PROVIDER_SERVICE_NAME, protocolRegistry } from "./grpc-services";
import type { Logger } from "./log";
import type {
  ApplyResourceChangeRequest,
  ApplyResourceChangeResponse,
  ConfigureProviderRequest,
  ConfigureProviderResponse,
  GetMetadataRequest,
  GetMetadataResponse,
  GetProviderSchemaRequest,
  GetProviderSchemaResponse,
  ImportResourceStateRequest,
  ImportResourceStateResponse,
  PlanResourceChangeRequest,
  PlanResourceChangeResponse,
  ReadDataSourceRequest,
  ReadDataSourceResponse,
  ReadResourceRequest,
  ReadResourceResponse,
  StopProviderRequest,
  StopProviderResponse,
  UpgradeResourceStateRequest,
  UpgradeResourceStateResponse,
  ValidateDataResourceConfigRequest,
  ValidateDataResourceConfigResponse,
  ValidateProviderConfigRequest,
  ValidateProviderConfigResponse,
  ValidateResourceConfigRequest,
  ValidateResourceConfigResponse,
} from "./messages";
import { encodeMessage, type ProtoObject } from "./protobuf-codec";
import { impliedTypeFromProto } from "./schema-types";

type Awaitable<T> = T | Promise<T>;

export interface RpcContext {
  /** Aborted when terraform calls StopProvider (Ctrl-C) or the plugin shuts down: stop waiting, give up soon. */
  readonly signal: AbortSignal;
  /**
   * Aborted only when the plugin shuts down (terraform is gone, or SIGTERM): no answer can reach terraform any
   * more, so even requests in flight should stop. Unlike `signal`, Ctrl-C leaves it alone: terraform is still
   * there to record what a request in flight did.
   */
  readonly shutdownSignal: AbortSignal;
  /** The provider logger with `tf_rpc`, `tf_req_id` and `tf_resource_type` attached. */
  readonly log: Logger;
}

/**
 * What the provider service implements. Only `getProviderSchema` is required. When a method is missing:
 * validate* and configureProvider accept everything; getMetadata lists the types from the schema;
 * upgradeResourceState re-encodes the stored JSON with the current schema (same schema version only); the
 * resource and data source lifecycle RPCs answer with an error diagnostic.
 */
export interface ProviderImplementation {
  getProviderSchema(request: GetProviderSchemaRequest, context: RpcContext): Awaitable<GetProviderSchemaResponse>;
  getMetadata?(request: GetMetadataRequest, context: RpcContext): Awaitable<GetMetadataResponse>;
  validateProviderConfig?(request: ValidateProviderConfigRequest, context: RpcContext): Awaitable<ValidateProviderConfigResponse>;
  validateResourceConfig?(request: ValidateResourceConfigRequest, context: RpcContext): Awaitable<ValidateResourceConfigResponse>;
  validateDataResourceConfig?(
    request: ValidateDataResourceConfigRequest,
    context: RpcContext,
  ): Awaitable<ValidateDataResourceConfigResponse>;
  upgradeResourceState?(request: UpgradeResourceStateRequest, context: RpcContext): Awaitable<UpgradeResourceStateResponse>;
  configureProvider?(request: ConfigureProviderRequest, context: RpcContext): Awaitable<ConfigureProviderResponse>;
  readResource?(request: ReadResourceRequest, context: RpcContext): Awaitable<ReadResourceResponse>;
  planResourceChange?(request: PlanResourceChangeRequest, context: RpcContext): Awaitable<PlanResourceChangeResponse>;
  applyResourceChange?(request: ApplyResourceChangeRequest, context: RpcContext): Awaitable<ApplyResourceChangeResponse>;
  importResourceState?(request: ImportResourceStateRequest, context: RpcContext): Awaitable<ImportResourceStateResponse>;
  readDataSource?(request: ReadDataSourceRequest, context: RpcContext): Awaitable<ReadDataSourceResponse>;
  /** Extra clean-up on StopProvider; in-flight calls are already signalled through their AbortSignal. */
  stopProvider?(request: StopProviderRequest, context: RpcContext): Awaitable<StopProviderResponse | void>;
}

type MethodName = Exclude<keyof ProviderImplementation, "stopProvider">;

const RPC_METHODS: Record<string, MethodName | "stopProvider"> = {
  GetMetadata: "getMetadata",
  GetProviderSchema: "getProviderSchema",
  ValidateProviderConfig: "validateProviderConfig",
  ValidateResourceConfig: "validateResourceConfig",
  ValidateDataResourceConfig: "validateDataResourceConfig",
  UpgradeResourceState: "upgradeResourceState",
  ConfigureProvider: "configureProvider",
  ReadResource: "readResource",
  PlanResourceChange: "planResourceChange",
  ApplyResourceChange: "applyResourceChange",
  ImportResourceState: "importResourceState",
  ReadDataSource: "readDataSource",
  StopProvider: "stopProvider",
};

/** The dispatch logic without the process plumbing; `handlers()` plugs into any grpc-js server. */
export class ProviderDispatcher {
  private controller = new AbortController();
  private readonly closing = new AbortController();
  private closedReason: string | undefined;
  private schema: Promise<GetProviderSchemaResponse> | undefined;

  constructor(
    private readonly implementation: ProviderImplementation,
    private readonly log: Logger,
  ) {}

  /** Aborts the calls in flight and refuses every later one: the provider is on its way out. */
  close(reason: string): void {
    this.closedReason ??= reason;
    this.closing.abort(new Error(reason));
    this.controller.abort(new Error(reason));
  }

  handlers(): grpc.UntypedServiceImplementation {
    const handlers: grpc.UntypedServiceImplementation = {};
    const service = protocolRegistry().service(PROVIDER_SERVICE_NAME);
    for (const method of service.methods) {
      const responseType = method.responseType;
      if (!responseType || !RPC_METHODS[method.name]) continue;
      handlers[method.name] = (call: grpc.ServerUnaryCall<ProtoObject, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
        void this.dispatch(method.name, call.request).then((response) => {
          let encoded: Buffer;
          try {
            encoded = encodeMessage(responseType, response);
          } catch (error) {
            this.log.error("could not encode the reply", { tf_rpc: method.name, error });
            encoded = encodeMessage(responseType, this.failure(method.name, error));
          }
          callback(null, encoded);
        });
      };
    }
    return handlers;
  }

  /** Runs one RPC by its protocol name (e.g. "PlanResourceChange") on a decoded request; never rejects. */
  async dispatch(rpc: string, request: ProtoObject): Promise<ProtoObject> {
    const methodName = RPC_METHODS[rpc];
    if (!methodName) return this.failure(rpc, new Error(`unknown RPC ${rpc}`));
    if (this.closedReason !== undefined) return this.refusal(rpc, this.closedReason);
    const typeName = typeof request.type_name === "string" && request.type_name !== "" ? request.type_name : undefined;
    const log = this.log.with({ tf_rpc: rpc, tf_req_id: randomUUID(), tf_proto_version: "6", ...(typeName ? { tf_resource_type: typeName } : {}) });
    const context: RpcContext = { signal: this.controller.signal, shutdownSignal: this.closing.signal, log };
    const started = performance.now();
    log.debug("received request");
    try {
      let response: ProtoObject;
      if (methodName === "stopProvider") response = await this.stop(request, context);
      else {
        const method = this.implementation[methodName] as
          | ((this: ProviderImplementation, req: unknown, ctx: RpcContext) => Awaitable<unknown>)
          | undefined;
        const result = method ? await method.call(this.implementation, request, context) : await this.fallback(methodName, request, context);
        response = (result ?? {}) as ProtoObject;
        if (methodName === "getProviderSchema") response = this.completeSchema(response as GetProviderSchemaResponse) as ProtoObject;
        // The legacy SDK flag changes core's consistency rules; only Terraform's own Go SDK may set it.
        if ("legacy_type_system" in response) response = { ...response, legacy_type_system: false };
      }
      log.debug("served request", { duration_ms: Math.round(performance.now() - started) });
      return response;
    } catch (error) {
      log.error("request failed", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return this.failure(rpc, error);
    }
  }

  private failure(rpc: string, error: unknown): ProtoObject {
    if (rpc === "StopProvider") return { Error: error instanceof Error ? error.message : String(error) };
    return { diagnostics: [diagnosticFromError(error)] };
  }

  private refusal(rpc: string, reason: string): ProtoObject {
    this.log.debug("refused request: the provider is shutting down", { tf_rpc: rpc });
    const message = `The provider is shutting down (${reason}) and starts no new work.`;
    if (rpc === "StopProvider") return { Error: message };
    return { diagnostics: [errorDiagnostic("Provider Shutting Down", message)] };
  }

  private async stop(request: ProtoObject, context: RpcContext): Promise<ProtoObject> {
    this.controller.abort(new Error("terraform asked the provider to stop (StopProvider)"));
    // Calls that start after the stop get a fresh signal: terraform may still clean up afterwards.
    this.controller = new AbortController();
    const result = await this.implementation.stopProvider?.call(this.implementation, request as StopProviderRequest, context);
    return { Error: (result && result.Error) || "" };
  }

  private completeSchema(response: GetProviderSchemaResponse): GetProviderSchemaResponse {
    // Terraform rejects a reply without a provider schema ("missing provider schema").
    return response.provider ? response : { ...response, provider: { version: 0, block: {} } };
  }

  private providerSchema(context: RpcContext): Promise<GetProviderSchemaResponse> {
    this.schema ??= Promise.resolve(this.implementation.getProviderSchema({}, context));
    return this.schema;
  }

  private async fallback(methodName: MethodName, request: ProtoObject, context: RpcContext): Promise<ProtoObject> {
    switch (methodName) {
      case "validateProviderConfig":
      case "validateResourceConfig":
      case "validateDataResourceConfig":
      case "configureProvider":
        return { diagnostics: [] };
      case "getMetadata": {
        const schema = await this.providerSchema(context);
        return {
          server_capabilities: schema.server_capabilities ?? {},
          resources: Object.keys(schema.resource_schemas ?? {}).map((type_name) => ({ type_name })),
          data_sources: Object.keys(schema.data_source_schemas ?? {}).map((type_name) => ({ type_name })),
        };
      }
      case "upgradeResourceState":
        return this.upgradeUnchanged(request as unknown as UpgradeResourceStateRequest, context);
      default:
        return {
          diagnostics: [
            errorDiagnostic(
              "Operation Not Supported",
              `The provider does not implement ${methodName}. This is a bug in the provider; please report it.`,
            ),
          ],
        };
    }
  }

  /** Same-version upgrade: the stored JSON re-encoded with the current schema. */
  private async upgradeUnchanged(request: UpgradeResourceStateRequest, context: RpcContext): Promise<ProtoObject> {
    const schema = (await this.providerSchema(context)).resource_schemas?.[request.type_name];
    if (!schema) {
      return { diagnostics: [errorDiagnostic("Unknown Resource Type", `The provider has no resource type "${request.type_name}".`)] };
    }
    const currentVersion = Number(schema.version ?? 0);
    if (request.version !== currentVersion) {
      return {
        diagnostics: [
          errorDiagnostic(
            "Unable to Upgrade Resource State",
            `The state of ${request.type_name} was written with schema version ${request.version}, and the provider ` +
              `has no upgrade from it to version ${currentVersion}.`,
          ),
        ],
      };
    }
    const type = impliedTypeFromProto(schema);
    return { upgraded_state: encodeDynamicValue(decodeRawState(request.raw_state, type), type) };
  }
}
