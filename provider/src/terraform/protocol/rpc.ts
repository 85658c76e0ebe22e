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
 *
 * The RPCs newer terraform versions added (identity, list resources, GenerateResourceConfig, actions) are served
 * only when the implementation has them: otherwise the server answers UNIMPLEMENTED, which is how terraform learns a
 * provider does not support them. ListResource and InvokeAction are server streams: their methods return an
 * async iterable of events, and a failure becomes a final event carrying the diagnostic.
 */

import { randomUUID } from "node:crypto";
import { create, type DescMessage, isMessage, type MessageInitShape } from "@bufbuild/protobuf";
import { diagnosticFromError, errorDiagnostic } from "./diagnostics";
import { decodeRawState, encodeDynamicValue } from "./dynamic-value";
import { GetProviderSchema_RequestSchema } from "./gen/tfplugin6_pb";
import { type ServerCall, type ServerWritableCall, type ServiceImplementation, type UnaryCallback } from "./grpc-server";
import { encodeMessage, PROVIDER_SERVICE_NAME, serviceDescriptor } from "./grpc-services";
import { type Logger } from "./log";
import {
  type ApplyResourceChangeRequest,
  type ApplyResourceChangeResponse,
  type ConfigureProviderRequest,
  type ConfigureProviderResponse,
  type Diagnostic,
  type GenerateResourceConfigRequest,
  type GenerateResourceConfigResponse,
  type GetMetadataRequest,
  type GetMetadataResponse,
  type GetProviderSchemaRequest,
  type GetProviderSchemaResponse,
  type GetResourceIdentitySchemasRequest,
  type GetResourceIdentitySchemasResponse,
  type ImportResourceStateRequest,
  type ImportResourceStateResponse,
  type InvokeActionEvent,
  type InvokeActionRequest,
  type ListResourceEvent,
  type ListResourceRequest,
  type PlanActionRequest,
  type PlanActionResponse,
  type PlanResourceChangeRequest,
  type PlanResourceChangeResponse,
  type ReadDataSourceRequest,
  type ReadDataSourceResponse,
  type ReadResourceRequest,
  type ReadResourceResponse,
  type StopProviderRequest,
  type StopProviderResponse,
  type UpgradeResourceIdentityRequest,
  type UpgradeResourceIdentityResponse,
  type UpgradeResourceStateRequest,
  type UpgradeResourceStateResponse,
  type ValidateActionConfigRequest,
  type ValidateActionConfigResponse,
  type ValidateDataResourceConfigRequest,
  type ValidateDataResourceConfigResponse,
  type ValidateListResourceConfigRequest,
  type ValidateListResourceConfigResponse,
  type ValidateProviderConfigRequest,
  type ValidateProviderConfigResponse,
  type ValidateResourceConfigRequest,
  type ValidateResourceConfigResponse,
} from "./messages";
import { impliedTypeFromProto } from "./schema-types";

type Awaitable<T> = T | Promise<T>;

/** A decoded request, or a reply before encoding: the generated message, or the plain object `create` accepts. */
type ProtoObject = Record<string, unknown>;

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
  stopProvider?(request: StopProviderRequest, context: RpcContext): Awaitable<StopProviderResponse | undefined>;

  // Terraform 1.12+: resource identity.
  getResourceIdentitySchemas?(
    request: GetResourceIdentitySchemasRequest,
    context: RpcContext,
  ): Awaitable<GetResourceIdentitySchemasResponse>;
  upgradeResourceIdentity?(request: UpgradeResourceIdentityRequest, context: RpcContext): Awaitable<UpgradeResourceIdentityResponse>;
  // Terraform 1.14+: generated configuration, list resources and actions.
  generateResourceConfig?(request: GenerateResourceConfigRequest, context: RpcContext): Awaitable<GenerateResourceConfigResponse>;
  validateListResourceConfig?(
    request: ValidateListResourceConfigRequest,
    context: RpcContext,
  ): Awaitable<ValidateListResourceConfigResponse>;
  /** Events in order; terraform stops reading at the request's limit, which aborts `context.signal`. */
  listResource?(request: ListResourceRequest, context: RpcContext): AsyncIterable<ListResourceEvent>;
  validateActionConfig?(request: ValidateActionConfigRequest, context: RpcContext): Awaitable<ValidateActionConfigResponse>;
  planAction?(request: PlanActionRequest, context: RpcContext): Awaitable<PlanActionResponse>;
  /** Progress events, then one `completed`; the dispatcher adds an empty `completed` if the stream ends without. */
  invokeAction?(request: InvokeActionRequest, context: RpcContext): AsyncIterable<InvokeActionEvent>;
}

type MethodName = Exclude<keyof ProviderImplementation, "stopProvider">;
type StreamMethodName = "listResource" | "invokeAction";

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
  GetResourceIdentitySchemas: "getResourceIdentitySchemas",
  UpgradeResourceIdentity: "upgradeResourceIdentity",
  GenerateResourceConfig: "generateResourceConfig",
  ValidateListResourceConfig: "validateListResourceConfig",
  ListResource: "listResource",
  ValidateActionConfig: "validateActionConfig",
  PlanAction: "planAction",
  InvokeAction: "invokeAction",
};

/** Served only by an implementation that has them: no fallback, so terraform hears UNIMPLEMENTED otherwise. */
const OPTIONAL_METHODS: ReadonlySet<MethodName | "stopProvider"> = new Set<MethodName>([
  "getResourceIdentitySchemas",
  "upgradeResourceIdentity",
  "generateResourceConfig",
  "validateListResourceConfig",
  "listResource",
  "validateActionConfig",
  "planAction",
  "invokeAction",
]);

/** How a failure travels in each stream: as the event terraform reads diagnostics from. */
const STREAM_FAILURE: Record<StreamMethodName, (diagnostic: Diagnostic) => ProtoObject> = {
  listResource: (diagnostic) => ({ diagnostic: [diagnostic] }),
  invokeAction: (diagnostic) => ({ type: { case: "completed", value: { diagnostics: [diagnostic] } } }),
};

const isStreamMethod = (name: string): name is StreamMethodName => name in STREAM_FAILURE;

/** The dispatch logic without the process plumbing; `handlers()` plugs into the plugin's gRPC server. */
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

  handlers(): ServiceImplementation {
    const handlers: Record<string, ServiceImplementation[string]> = {};
    for (const method of serviceDescriptor(PROVIDER_SERVICE_NAME).methods) {
      const responseType = method.output;
      const methodName = RPC_METHODS[method.name];
      if (!methodName) continue;
      if (OPTIONAL_METHODS.has(methodName) && typeof this.implementation[methodName as MethodName] !== "function") continue;
      if (method.methodKind === "server_streaming") {
        handlers[method.name] = (call: ServerWritableCall<ProtoObject, Buffer>) => void this.serveStream(method.name, responseType, call);
        continue;
      }
      handlers[method.name] = (call: ServerCall<ProtoObject>, callback: UnaryCallback<Buffer>) => {
        void this.dispatch(method.name, call.request).then((response) => {
          let encoded: Buffer;
          try {
            encoded = encode(responseType, response);
          } catch (error) {
            this.log.error("could not encode the reply", { tf_rpc: method.name, error });
            encoded = encode(responseType, this.failure(method.name, error));
          }
          callback(null, encoded);
        });
      };
    }
    return handlers;
  }

  /** Writes a stream's events as they come, respecting flow control; stops when terraform cancels the call. */
  private async serveStream(rpc: string, responseType: DescMessage, call: ServerWritableCall<ProtoObject, Buffer>): Promise<void> {
    const cancelled = new AbortController();
    call.on("cancelled", () => cancelled.abort(new Error("terraform stopped reading the stream")));
    try {
      for await (const event of this.dispatchStream(rpc, call.request, cancelled.signal)) {
        if (cancelled.signal.aborted) break;
        let encoded: Buffer;
        try {
          encoded = encode(responseType, event);
        } catch (error) {
          this.log.error("could not encode a stream event", { tf_rpc: rpc, error });
          call.write(encode(responseType, this.streamFailure(rpc, error)));
          break;
        }
        if (!call.write(encoded)) await drained(call, cancelled.signal);
      }
    } finally {
      if (!cancelled.signal.aborted) call.end();
    }
  }

  /**
   * Runs one server-streaming RPC (e.g. "ListResource") on a decoded request and yields its events; never throws.
   * A failure, before or during the stream, becomes a last event with the diagnostic. `cancelled` is the caller
   * going away (terraform stops reading at a list's limit): the implementation sees it through `context.signal`.
   */
  async *dispatchStream(rpc: string, init: ProtoObject, cancelled?: AbortSignal): AsyncGenerator<ProtoObject, void, undefined> {
    const methodName = RPC_METHODS[rpc];
    const request = requestMessage(rpc, init);
    if (!methodName || !isStreamMethod(methodName)) {
      yield { diagnostic: [diagnosticFromError(new Error(`unknown streaming RPC ${rpc}`))] };
      return;
    }
    if (this.closedReason !== undefined) {
      yield STREAM_FAILURE[methodName](this.refusalDiagnostic(rpc, this.closedReason));
      return;
    }
    const context = this.context(rpc, request, cancelled);
    const method = this.implementation[methodName] as
      | ((this: ProviderImplementation, request: unknown, context: RpcContext) => AsyncIterable<ProtoObject>)
      | undefined;
    let completed = false;
    context.log.debug("received request");
    try {
      if (!method) throw new Error(`The provider does not implement ${methodName}.`);
      for await (const event of method.call(this.implementation, request, context)) {
        if (cancelled?.aborted) break;
        yield event;
        if (methodName === "invokeAction" && (event as InvokeActionEvent).type?.case === "completed") {
          completed = true;
          break;
        }
      }
      // Terraform reports an action as finished only on a Completed event.
      if (methodName === "invokeAction" && !completed && !cancelled?.aborted)
        yield { type: { case: "completed", value: { diagnostics: [] } } };
      context.log.debug("served request");
    } catch (error) {
      context.log.error("request failed", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      yield this.streamFailure(rpc, error);
    }
  }

  private streamFailure(rpc: string, error: unknown): ProtoObject {
    const methodName = RPC_METHODS[rpc];
    const diagnostic = diagnosticFromError(error);
    return methodName && isStreamMethod(methodName) ? STREAM_FAILURE[methodName](diagnostic) : { diagnostic: [diagnostic] };
  }

  /**
   * The per-call context: the current stop signal (with `cancelled`, the caller going away, when given), the
   * shutdown signal, and a logger naming the call.
   */
  private context(rpc: string, request: ProtoObject, cancelled?: AbortSignal): RpcContext {
    const parent = this.log;
    let log: Logger | undefined;
    return {
      signal: cancelled ? AbortSignal.any([this.controller.signal, cancelled]) : this.controller.signal,
      shutdownSignal: this.closing.signal,
      // Made on first use: at the default level most calls log nothing, and a plan makes thousands of calls.
      get log() {
        log ??= parent.with(callFields(rpc, request));
        return log;
      },
    };
  }

  /**
   * Runs one RPC by its protocol name (e.g. "PlanResourceChange") on a decoded request, or on a plain object that
   * `create` completes with protobuf defaults; never rejects.
   */
  async dispatch(rpc: string, init: ProtoObject): Promise<ProtoObject> {
    const methodName = RPC_METHODS[rpc];
    const request = requestMessage(rpc, init);
    if (!methodName || isStreamMethod(methodName)) return this.failure(rpc, new Error(`unknown RPC ${rpc}`));
    if (this.closedReason !== undefined) return this.refusal(rpc, this.closedReason);
    const context = this.context(rpc, request);
    const debug = this.log.isEnabled("debug");
    const started = performance.now();
    if (debug) context.log.debug("received request");
    try {
      let response: ProtoObject;
      if (methodName === "stopProvider") response = await this.stop(request, context);
      else {
        const method = this.implementation[methodName] as
          | ((this: ProviderImplementation, req: unknown, ctx: RpcContext) => Awaitable<unknown>)
          | undefined;
        const result = method
          ? await method.call(this.implementation, request, context)
          : await this.fallback(methodName, request, context);
        response = (result ?? {}) as ProtoObject;
        if (methodName === "getProviderSchema") response = this.completeSchema(response as GetProviderSchemaResponse) as ProtoObject;
        // The legacy SDK flag changes core's consistency rules; only Terraform's own Go SDK may set it.
        if ("legacyTypeSystem" in response) response = { ...response, legacyTypeSystem: false };
      }
      if (debug) context.log.debug("served request", { duration_ms: Math.round(performance.now() - started) });
      return response;
    } catch (error) {
      context.log.error("request failed", { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return this.failure(rpc, error);
    }
  }

  private failure(rpc: string, error: unknown): ProtoObject {
    if (rpc === "StopProvider") return { Error: error instanceof Error ? error.message : String(error) };
    return { diagnostics: [diagnosticFromError(error)] };
  }

  private refusal(rpc: string, reason: string): ProtoObject {
    const diagnostic = this.refusalDiagnostic(rpc, reason);
    if (rpc === "StopProvider") return { Error: diagnostic.detail };
    return { diagnostics: [diagnostic] };
  }

  private refusalDiagnostic(rpc: string, reason: string): Diagnostic {
    this.log.debug("refused request: the provider is shutting down", { tf_rpc: rpc });
    return errorDiagnostic("Provider Shutting Down", `The provider is shutting down (${reason}) and starts no new work.`);
  }

  private async stop(request: ProtoObject, context: RpcContext): Promise<ProtoObject> {
    this.controller.abort(new Error("terraform asked the provider to stop (StopProvider)"));
    // Calls that start after the stop get a fresh signal: terraform may still clean up afterwards.
    this.controller = new AbortController();
    const result = await this.implementation.stopProvider?.call(this.implementation, request as StopProviderRequest, context);
    return { Error: result?.Error || "" };
  }

  /**
   * Terraform rejects a reply without a provider schema ("missing provider schema"). And nothing is advertised that
   * the implementation cannot serve: terraform would call it and get UNIMPLEMENTED in the middle of a command.
   */
  private completeSchema(response: GetProviderSchemaResponse): GetProviderSchemaResponse {
    // A copy as a plain object (without a generated message's $typeName), so `create` completes it when encoding.
    const { $typeName: _typeName, ...fields } = response as GetProviderSchemaResponse & { $typeName?: string };
    const out: GetProviderSchemaResponse = { ...fields, provider: fields.provider ?? { version: 0n, block: {} } };
    const serves = (name: MethodName) => typeof this.implementation[name] === "function";
    if (out.serverCapabilities?.generateResourceConfig && !serves("generateResourceConfig")) {
      out.serverCapabilities = { ...out.serverCapabilities, generateResourceConfig: false };
    }
    if (!serves("listResource") || !serves("getResourceIdentitySchemas")) out.listResourceSchemas = {};
    if (!serves("invokeAction") || !serves("planAction")) out.actionSchemas = {};
    return out;
  }

  private providerSchema(context: RpcContext): Promise<GetProviderSchemaResponse> {
    this.schema ??= Promise.resolve(this.implementation.getProviderSchema(create(GetProviderSchema_RequestSchema), context)).then(
      (schema) => this.completeSchema(schema),
    );
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
        const typeNames = (schemas: Record<string, unknown> | undefined) => Object.keys(schemas ?? {}).map((typeName) => ({ typeName }));
        return {
          serverCapabilities: schema.serverCapabilities ?? {},
          resources: typeNames(schema.resourceSchemas),
          dataSources: typeNames(schema.dataSourceSchemas),
          listResources: typeNames(schema.listResourceSchemas),
          actions: typeNames(schema.actionSchemas),
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
    const schema = (await this.providerSchema(context)).resourceSchemas?.[request.typeName];
    if (!schema) {
      return { diagnostics: [errorDiagnostic("Unknown Resource Type", `The provider has no resource type "${request.typeName}".`)] };
    }
    const currentVersion = BigInt(schema.version ?? 0);
    if (request.version !== currentVersion) {
      return {
        diagnostics: [
          errorDiagnostic(
            "Unable to Upgrade Resource State",
            `The state of ${request.typeName} was written with schema version ${request.version}, and the provider ` +
              `has no upgrade from it to version ${currentVersion}.`,
          ),
        ],
      };
    }
    const type = impliedTypeFromProto(schema);
    return { upgradedState: encodeDynamicValue(decodeRawState(request.rawState, type), type) };
  }
}

/** The fields naming one call in its log lines, as terraform's own SDKs name them. */
function callFields(rpc: string, request: ProtoObject): Record<string, string> {
  const name = (field: string): string | undefined =>
    typeof request[field] === "string" && request[field] !== "" ? (request[field] as string) : undefined;
  const typeName = name("typeName");
  const actionType = name("actionType");
  return {
    tf_rpc: rpc,
    tf_req_id: randomUUID(),
    tf_proto_version: "6",
    ...(typeName ? { tf_resource_type: typeName } : {}),
    ...(actionType ? { tf_action_type: actionType } : {}),
  };
}

/**
 * The request as the generated message: what the server decoded already is one; a plain object (in-process callers)
 * gets its defaults filled in, so the implementation always sees every scalar.
 */
function requestMessage(rpc: string, request: ProtoObject): ProtoObject {
  const input = serviceDescriptor(PROVIDER_SERVICE_NAME).methods.find((method) => method.name === rpc)?.input;
  if (!input || isMessage(request)) return request;
  return create(input, request as MessageInitShape<DescMessage>) as unknown as ProtoObject;
}

const encode = (schema: DescMessage, value: ProtoObject): Buffer => encodeMessage(schema, value as MessageInitShape<DescMessage>);

/** Resolves when a paused stream can take more, or when the caller has gone. */
function drained(call: ServerWritableCall<ProtoObject, Buffer>, cancelled: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.off("drain", done);
      cancelled.removeEventListener("abort", done);
      resolve();
    };
    call.once("drain", done);
    cancelled.addEventListener("abort", done, { once: true });
  });
}
