/**
 * A test "engine" that starts a provider the way terraform does (go-plugin client side) and talks to it over
 * gRPC with mutual TLS, for in-process protocol tests.
 *
 * Like terraform 1.11 it sets the magic cookie, PLUGIN_PROTOCOL_VERSIONS=5,6, PLUGIN_MIN_PORT/MAX_PORT and a freshly
 * generated client certificate (ECDSA P-521, go-plugin's choice) in PLUGIN_CLIENT_CERT; it takes the FIRST stdout
 * line as the handshake and fails when anything else comes first; it dials the unix socket trusting only the
 * server certificate from the handshake, with server name "localhost"; and it stops the provider with
 * GRPCController.Shutdown, as go-plugin's Client.Kill does.
 *
 * It is not terraform: it does not build proposed states or check plan/apply consistency.
 * Keep the real-terraform tier for that.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { rmSync } from "node:fs";

import { type Message } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";

import {
  type CertificateCurve,
  generateSelfSignedCertificate,
  type SelfSignedCertificate,
  toPem,
} from "../../provider/src/terraform/protocol/certificate";
import type * as pb from "../../provider/src/terraform/protocol/gen/tfplugin6_pb";
import {
  CONTROLLER_SERVICE_NAME,
  HEALTH_SERVICE_NAME,
  PROVIDER_SERVICE_NAME,
  STDIO_SERVICE_NAME,
  serviceDefinition,
} from "../../provider/src/terraform/protocol/grpc-services";
import {
  MAGIC_COOKIE_KEY,
  MAGIC_COOKIE_VALUE,
  type ParsedHandshake,
  parseHandshake,
} from "../../provider/src/terraform/protocol/handshake";
import type * as m from "../../provider/src/terraform/protocol/messages";

/** A request as the engine sends it: any field may be left out (protobuf defaults). */
type Req<T extends Message> = m.MessageInitOf<T>;

/** Replies as decoded: the generated messages, every scalar and list present. */
export interface ProviderClient {
  getMetadata(request?: Req<m.GetMetadataRequest>): Promise<pb.GetMetadata_Response>;
  getProviderSchema(request?: Req<m.GetProviderSchemaRequest>): Promise<pb.GetProviderSchema_Response>;
  validateProviderConfig(request: Req<m.ValidateProviderConfigRequest>): Promise<pb.ValidateProviderConfig_Response>;
  validateResourceConfig(request: Req<m.ValidateResourceConfigRequest>): Promise<pb.ValidateResourceConfig_Response>;
  validateDataResourceConfig(request: Req<m.ValidateDataResourceConfigRequest>): Promise<pb.ValidateDataResourceConfig_Response>;
  upgradeResourceState(request: Req<m.UpgradeResourceStateRequest>): Promise<pb.UpgradeResourceState_Response>;
  configureProvider(request: Req<m.ConfigureProviderRequest>): Promise<pb.ConfigureProvider_Response>;
  readResource(request: Req<m.ReadResourceRequest>): Promise<pb.ReadResource_Response>;
  planResourceChange(request: Req<m.PlanResourceChangeRequest>): Promise<pb.PlanResourceChange_Response>;
  applyResourceChange(request: Req<m.ApplyResourceChangeRequest>): Promise<pb.ApplyResourceChange_Response>;
  importResourceState(request: Req<m.ImportResourceStateRequest>): Promise<pb.ImportResourceState_Response>;
  readDataSource(request: Req<m.ReadDataSourceRequest>): Promise<pb.ReadDataSource_Response>;
  stopProvider(request?: Req<m.StopProviderRequest>): Promise<pb.StopProvider_Response>;
  // Terraform 1.12+ and 1.14+.
  getResourceIdentitySchemas(request?: Req<m.GetResourceIdentitySchemasRequest>): Promise<pb.GetResourceIdentitySchemas_Response>;
  upgradeResourceIdentity(request: Req<m.UpgradeResourceIdentityRequest>): Promise<pb.UpgradeResourceIdentity_Response>;
  generateResourceConfig(request: Req<m.GenerateResourceConfigRequest>): Promise<pb.GenerateResourceConfig_Response>;
  validateListResourceConfig(request: Req<m.ValidateListResourceConfigRequest>): Promise<pb.ValidateListResourceConfig_Response>;
  validateActionConfig(request: Req<m.ValidateActionConfigRequest>): Promise<pb.ValidateActionConfig_Response>;
  planAction(request: Req<m.PlanActionRequest>): Promise<pb.PlanAction_Response>;
  /**
   * The ListResource stream's events. Like terraform, stops reading (cancels the call) once `stopAfter` events
   * carrying an identity have arrived; terraform stops at the request's limit.
   */
  listResource(request: Req<m.ListResourceRequest>, options?: { stopAfter?: number }): Promise<pb.ListResource_Event[]>;
  /** The InvokeAction stream's events, to its end. */
  invokeAction(request: Req<m.InvokeActionRequest>): Promise<pb.InvokeAction_Event[]>;
  /** Any method by its RPC name, e.g. "GetResourceIdentitySchemas" (expect UNIMPLEMENTED for unserved ones). */
  call(rpc: string, request?: object): Promise<Record<string, unknown>>;
}

export interface EngineStartOptions {
  /** The provider executable (or `node`), and its arguments. */
  readonly command: string;
  readonly args?: readonly string[];
  /** Added to the parent's environment. */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Send PLUGIN_CLIENT_CERT (AutoMTLS). @default true */
  readonly tls?: boolean;
  /** @default "P-521" */
  readonly clientCurve?: CertificateCurve;
  /** @default "5,6" */
  readonly protocolVersions?: string;
  /** @default the Terraform magic cookie */
  readonly cookie?: string;
  /** go-plugin waits a minute; tests should fail sooner. @default 15000 */
  readonly startTimeoutMs?: number;
  /** Per-RPC deadline. @default 30000 */
  readonly callTimeoutMs?: number;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ShutdownResult extends ProcessExit {
  /** From sending GRPCController.Shutdown to the process exit. */
  readonly exitMs: number;
}

const CHANNEL_OPTIONS = {
  "grpc.ssl_target_name_override": "localhost",
  "grpc.default_authority": "localhost",
  "grpc.max_receive_message_length": 256 * 1024 * 1024,
};

const PROVIDER_METHODS: Record<Exclude<keyof ProviderClient, "call" | "listResource" | "invokeAction">, string> = {
  getMetadata: "GetMetadata",
  getProviderSchema: "GetProviderSchema",
  validateProviderConfig: "ValidateProviderConfig",
  validateResourceConfig: "ValidateResourceConfig",
  validateDataResourceConfig: "ValidateDataResourceConfig",
  upgradeResourceState: "UpgradeResourceState",
  configureProvider: "ConfigureProvider",
  readResource: "ReadResource",
  planResourceChange: "PlanResourceChange",
  applyResourceChange: "ApplyResourceChange",
  importResourceState: "ImportResourceState",
  readDataSource: "ReadDataSource",
  stopProvider: "StopProvider",
  getResourceIdentitySchemas: "GetResourceIdentitySchemas",
  upgradeResourceIdentity: "UpgradeResourceIdentity",
  generateResourceConfig: "GenerateResourceConfig",
  validateListResourceConfig: "ValidateListResourceConfig",
  validateActionConfig: "ValidateActionConfig",
  planAction: "PlanAction",
};

/** Spawns a provider with the go-plugin environment; `exited` settles when it exits. */
export function spawnProvider(options: EngineStartOptions & { clientCertificate?: SelfSignedCertificate }): {
  child: ChildProcess;
  exited: Promise<ProcessExit>;
  startedAt: number;
} {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    [MAGIC_COOKIE_KEY]: options.cookie ?? MAGIC_COOKIE_VALUE,
    PLUGIN_PROTOCOL_VERSIONS: options.protocolVersions ?? "5,6",
    PLUGIN_MIN_PORT: "10000",
    PLUGIN_MAX_PORT: "25000",
  };
  delete env.PLUGIN_CLIENT_CERT;
  if (options.clientCertificate) env.PLUGIN_CLIENT_CERT = options.clientCertificate.certPem;
  const startedAt = performance.now();
  const child = spawn(options.command, [...(options.args ?? [])], { env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  return { child, exited, startedAt };
}

/** Runs a provider that is expected to exit by itself (e.g. with a wrong cookie) and collects its output. */
export async function runProviderToExit(
  options: EngineStartOptions & { clientCertificate?: SelfSignedCertificate },
  timeoutMs = 10_000,
): Promise<ProcessExit & { stdout: string; stderr: string }> {
  const { child, exited } = spawnProvider(options);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const exit = await exited;
  clearTimeout(timer);
  return { ...exit, stdout, stderr };
}

export class TerraformEngine {
  readonly provider: ProviderClient;
  private readonly clients: grpc.Client[] = [];
  private stderrText = "";
  private stdoutText = "";

  private constructor(
    readonly child: ChildProcess,
    readonly exited: Promise<ProcessExit>,
    readonly handshakeLine: string,
    readonly handshake: ParsedHandshake,
    /** From spawn to the handshake line arriving. */
    readonly handshakeMs: number,
    readonly clientCertificate: SelfSignedCertificate | undefined,
    private readonly options: EngineStartOptions,
  ) {
    child.stderr?.on("data", (chunk: Buffer) => (this.stderrText += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => (this.stdoutText += chunk.toString()));
    this.provider = this.providerClient();
  }

  /** Starts the provider and waits for its handshake. */
  static async start(options: EngineStartOptions): Promise<TerraformEngine> {
    const clientCertificate = options.tls === false ? undefined : generateSelfSignedCertificate({ curve: options.clientCurve ?? "P-521" });
    const { child, exited, startedAt } = spawnProvider({ ...options, ...(clientCertificate ? { clientCertificate } : {}) });
    let stderr = "";
    const onStderr = (chunk: Buffer): void => {
      stderr += chunk.toString();
    };
    child.stderr?.on("data", onStderr);
    try {
      const [line, rest] = await readFirstLine(child, exited, options.startTimeoutMs ?? 15_000, () => stderr);
      const handshakeMs = performance.now() - startedAt;
      const handshake = parseHandshake(line);
      if (handshake.coreVersion !== 1 || handshake.protocol !== "grpc") {
        throw new Error(`Unexpected handshake "${line}"`);
      }
      const engine = new TerraformEngine(child, exited, line, handshake, handshakeMs, clientCertificate, options);
      engine.stderrText = stderr;
      engine.stdoutText = rest;
      child.stderr?.off("data", onStderr);
      return engine;
    } catch (error) {
      child.kill("SIGKILL");
      throw error;
    }
  }

  /** The server certificate from the handshake, as PEM (undefined for plaintext). */
  get serverCertPem(): string | undefined {
    return this.handshake.serverCertDer.length > 0 ? toPem(this.handshake.serverCertDer, "CERTIFICATE") : undefined;
  }

  /** Everything the provider wrote to stderr so far (its logs). */
  stderr(): string {
    return this.stderrText;
  }

  /** Everything written to stdout after the handshake line. */
  stdoutAfterHandshake(): string {
    return this.stdoutText;
  }

  /** The credentials terraform would use: trust only the handshake's certificate, present our client certificate. */
  credentials(clientCertificate: SelfSignedCertificate | null | undefined = this.clientCertificate): grpc.ChannelCredentials {
    const serverCertPem = this.serverCertPem;
    if (!serverCertPem) return grpc.credentials.createInsecure();
    return clientCertificate
      ? grpc.credentials.createSsl(
          Buffer.from(serverCertPem),
          Buffer.from(clientCertificate.keyPem),
          Buffer.from(clientCertificate.certPem),
        )
      : grpc.credentials.createSsl(Buffer.from(serverCertPem));
  }

  /** A generic client for one of the served services, e.g. to dial with other credentials. */
  dial(serviceName: string, credentials: grpc.ChannelCredentials = this.credentials()): grpc.Client {
    const Client = grpc.makeGenericClientConstructor(serviceDefinition(serviceName), serviceName);
    const client = new Client(
      `${this.handshake.network === "unix" ? "unix://" : ""}${this.handshake.address}`,
      credentials,
      CHANNEL_OPTIONS,
    );
    this.clients.push(client);
    return client;
  }

  /** One unary call by path on `client`. */
  unary<T = Record<string, unknown>>(client: grpc.Client, serviceName: string, rpc: string, request: object = {}): Promise<T> {
    // A method we do not declare (e.g. GetResourceIdentitySchemas) goes out with an empty body, as terraform 1.12+
    // would call it, to check the server's UNIMPLEMENTED answer.
    const method = serviceDefinition(serviceName)[rpc] ?? {
      path: `/${serviceName}/${rpc}`,
      requestSerialize: () => Buffer.alloc(0),
      responseDeserialize: (data: Buffer) => ({ raw: data }),
    };
    const deadline = new Date(Date.now() + (this.options.callTimeoutMs ?? 30_000));
    return new Promise<T>((resolve, reject) => {
      client.makeUnaryRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        request,
        new grpc.Metadata(),
        { deadline },
        (error, response) => (error ? reject(error) : resolve(response as T)),
      );
    });
  }

  /**
   * One server-streaming call by path on `client`: every event until the stream ends, or until `stop(events)` says
   * the reader has had enough, when the call is cancelled as terraform's client cancels it.
   */
  serverStream<T = Record<string, unknown>>(
    client: grpc.Client,
    serviceName: string,
    rpc: string,
    request: object,
    stop: (events: readonly T[]) => boolean = () => false,
  ): Promise<T[]> {
    const method = serviceDefinition(serviceName)[rpc];
    if (!method?.responseStream) throw new Error(`${serviceName}.${rpc} is not a server stream`);
    const deadline = new Date(Date.now() + (this.options.callTimeoutMs ?? 30_000));
    return new Promise<T[]>((resolve, reject) => {
      const events: T[] = [];
      const call = client.makeServerStreamRequest(
        method.path,
        method.requestSerialize,
        method.responseDeserialize,
        request,
        new grpc.Metadata(),
        { deadline },
      );
      let stopped = false;
      call.on("data", (event: T) => {
        if (stopped) return;
        events.push(event);
        if (stop(events)) {
          stopped = true;
          call.cancel();
          resolve(events);
        }
      });
      call.on("error", (error: grpc.ServiceError) => {
        if (stopped && error.code === grpc.status.CANCELLED) return;
        reject(error);
      });
      call.on("end", () => {
        if (!stopped) resolve(events);
      });
    });
  }

  /**
   * Opens go-plugin's stdio stream, as terraform's client does right after connecting, and resolves once the
   * provider is serving it. `drop()` cancels the stream and closes the connection, as terraform dying would.
   */
  async openStdioStream(): Promise<{ drop(): void }> {
    const client = this.dial(STDIO_SERVICE_NAME);
    const method = serviceDefinition(STDIO_SERVICE_NAME).StreamStdio!;
    const stream = client.makeServerStreamRequest(method.path, method.requestSerialize, method.responseDeserialize, {});
    stream.on("error", () => undefined);
    // Calls on one connection reach the server in order: once this answers, the stream is open on the other side.
    await this.unary(client, HEALTH_SERVICE_NAME, "Check", { service: "plugin" });
    return {
      drop: () => {
        stream.cancel();
        client.close();
      },
    };
  }

  /** grpc.health.v1 Check; status 1 is SERVING. */
  async healthCheck(service = "plugin"): Promise<{ status: number }> {
    return this.unary(this.dial(HEALTH_SERVICE_NAME), HEALTH_SERVICE_NAME, "Check", { service });
  }

  /**
   * GRPCController.Shutdown, as terraform stops a provider. Resolves when the process has exited; `exitMs` is the
   * time from the call to the exit. Kills the process if it has not exited after `graceMs` (go-plugin: 2 s).
   */
  async shutdown(graceMs = 2_000): Promise<ShutdownResult> {
    const started = performance.now();
    let exitedAt = 0;
    const exit = this.exited.then((result) => {
      exitedAt = performance.now();
      return result;
    });
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const controller = this.dial(CONTROLLER_SERVICE_NAME);
      await this.unary(controller, CONTROLLER_SERVICE_NAME, "Shutdown", {}).catch(() => undefined);
    }
    const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
    const result = await exit;
    clearTimeout(timer);
    this.closeClients();
    return { ...result, exitMs: (exitedAt || performance.now()) - started };
  }

  /**
   * Stop without the controller, for clean-up: SIGTERM (the provider exits and removes its socket), SIGKILL when
   * it has not exited after `graceMs`. The socket file is removed either way.
   */
  async kill(graceMs = 1_000): Promise<void> {
    this.closeClients();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    if (this.handshake.network === "unix") rmSync(this.handshake.address, { force: true });
  }

  private closeClients(): void {
    for (const client of this.clients.splice(0)) client.close();
  }

  private providerClient(): ProviderClient {
    let client: grpc.Client | undefined;
    const call = (rpc: string, request: object = {}): Promise<Record<string, unknown>> => {
      client ??= this.dial(PROVIDER_SERVICE_NAME);
      return this.unary(client, PROVIDER_SERVICE_NAME, rpc, request);
    };
    const typed = Object.fromEntries(
      Object.entries(PROVIDER_METHODS).map(([name, rpc]) => [name, (request?: object) => call(rpc, request)]),
    ) as unknown as Omit<ProviderClient, "call" | "listResource" | "invokeAction">;
    const stream = <T>(rpc: string, request: object, stop?: (events: readonly T[]) => boolean): Promise<T[]> => {
      client ??= this.dial(PROVIDER_SERVICE_NAME);
      return this.serverStream<T>(client, PROVIDER_SERVICE_NAME, rpc, request, stop);
    };
    return {
      ...typed,
      call,
      listResource: (request, options = {}) =>
        stream<pb.ListResource_Event>("ListResource", request, (events) =>
          options.stopAfter === undefined ? false : events.filter((e) => e.identity).length >= options.stopAfter,
        ),
      invokeAction: (request) => stream<pb.InvokeAction_Event>("InvokeAction", request),
    };
  }
}

function readFirstLine(
  child: ChildProcess,
  exited: Promise<ProcessExit>,
  timeoutMs: number,
  stderr: () => string,
): Promise<[line: string, rest: string]> {
  return new Promise<[string, string]>((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => fail(new Error(`No handshake within ${timeoutMs} ms. stderr:\n${stderr()}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString();
      const newline = buffered.indexOf("\n");
      if (newline < 0) return;
      cleanup();
      resolve([buffered.slice(0, newline), buffered.slice(newline + 1)]);
    };
    const fail = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
    };
    child.stdout?.on("data", onData);
    void exited.then(({ code, signal }) =>
      fail(new Error(`Provider exited (code ${code}, signal ${signal}) before its handshake. stderr:\n${stderr()}`)),
    );
  });
}
