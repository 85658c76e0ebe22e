/**
 * The go-plugin server side, so that the real terraform binary can run this Node process as a provider.
 *
 * Start-up, in order: check the magic cookie (exit 1 with a message when it is wrong: someone ran the binary by
 * hand); pick protocol 6; make an AutoMTLS certificate when terraform sent PLUGIN_CLIENT_CERT (terraform's own
 * certificate is then the only one a client may present); listen on a unix socket (loopback TCP on Windows, as
 * go-plugin servers do there); print the one handshake line on stdout. Only then, in the same tick, load TLS, the
 * generated protocol code and the services: terraform reads the line and dials meanwhile.
 *
 * Besides the provider service we serve what the go-plugin client talks to: GRPCController.Shutdown (terraform's
 * way of stopping us; we reply, close and exit at once, else terraform waits 2 s and kills us), GRPCStdio
 * (an open stream that never sends; our output goes to stderr directly) and grpc.health.v1 (SERVING).
 * SIGINT is ignored as go-plugin servers do (terraform forwards Ctrl-C as StopProvider); SIGTERM exits.
 * When terraform dies without stopping us (its parent PID changes, or its connection closes without a Shutdown),
 * the provider shuts down the same way: in-flight calls are aborted, new calls refused, and the process exits.
 */
import "./stdout-guard";

import { chownSync, readFileSync, unlinkSync } from "node:fs";

import { fromPem, generateSelfSignedCertificate } from "./certificate";
import {
  GrpcServer,
  type ServerCall,
  type ServerWritableCall,
  type ServiceDefinition,
  type ServiceImplementation,
  Status,
  type UnaryCallback,
} from "./grpc-server";
import { formatHandshake, hasMagicCookie, NOT_A_PLUGIN_MESSAGE, negotiateProtocolVersion, socketPath } from "./handshake";
import { watchParentProcess } from "./host-watch";
import { type Logger, providerLogger } from "./log";
import { CONTROLLER_SERVICE_NAME, HEALTH_SERVICE_NAME, STDIO_SERVICE_NAME } from "./service-names";
import { writeToRealStdout } from "./stdout-guard";

const HEALTH_SERVING = 1;
const HEALTH_SERVICE_UNKNOWN = 3;
/** Messages can hold whole states; go-plugin's clients allow far more than grpc's 4 MiB default. */
const MAX_MESSAGE_BYTES = 256 * 1024 * 1024;
/** After this, in-flight calls are cut off so that shutdown stays well inside terraform's 2 s grace period. */
const GRACEFUL_SHUTDOWN_MS = 250;

export interface ServiceRegistration {
  readonly definition: ServiceDefinition;
  readonly implementation: ServiceImplementation;
}

export interface ServeOptions {
  /**
   * The application services to serve next to go-plugin's own. Called right after the handshake line is printed,
   * in the same tick: terraform reads the line and dials while they load, and no call can be served before they
   * are registered, since the event loop runs only after this returns.
   */
  readonly services: () => readonly ServiceRegistration[];
  /** Called once when shutdown starts (controller Shutdown, SIGTERM, terraform gone), before the server closes. */
  readonly onShutdown?: (reason: string) => void | Promise<void>;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default providerLogger() */
  readonly log?: Logger;
  /** @default process.exit */
  readonly exit?: (code: number) => void;
  /** @default "tcp" on Windows, which has no unix sockets for go-plugin; "unix" elsewhere */
  readonly network?: "unix" | "tcp";
}

export interface PluginServer {
  /** The unix socket path, or `127.0.0.1:<port>`. */
  readonly address: string;
  /** The handshake line as printed. */
  readonly handshake: string;
  /** Stops serving and exits the process (through `options.exit`). */
  shutdown(reason: string): Promise<void>;
}

/**
 * Starts the plugin server and prints the handshake. Exits with 1 when not started by a go-plugin host, and when
 * start-up fails (so `void serveProvider(...)` is safe: terraform sees the exit and stderr, not a 60 s timeout).
 */
export async function servePlugin(options: ServeOptions): Promise<PluginServer> {
  const env = options.env ?? process.env;
  const log = options.log ?? providerLogger();
  const exit = options.exit ?? ((code: number) => process.exit(code));

  if (!hasMagicCookie(env)) {
    process.stderr.write(NOT_A_PLUGIN_MESSAGE);
    exit(1);
    throw new Error("not started by a plugin host");
  }
  try {
    return await startServer(options, env, log, exit);
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log.error("the provider could not start", { error: message });
    process.stderr.write(`The provider could not start: ${message}\n`);
    exit(1);
    throw error;
  }
}

async function startServer(
  options: ServeOptions,
  env: NodeJS.ProcessEnv,
  log: Logger,
  exit: (code: number) => void,
): Promise<PluginServer> {
  installProcessHandlers(log);
  const negotiated = negotiateProtocolVersion(env.PLUGIN_PROTOCOL_VERSIONS);
  if (!negotiated.agreed) {
    log.warn("terraform offered no protocol version this provider supports", {
      offered: env.PLUGIN_PROTOCOL_VERSIONS ?? "",
      supported: negotiated.version,
    });
  }

  // AutoMTLS: terraform sends its certificate and expects ours in the handshake line. Its certificate is read
  // before that line, so one that does not parse stops the start with a message.
  const clientCertDer = env.PLUGIN_CLIENT_CERT ? fromPem(env.PLUGIN_CLIENT_CERT) : undefined;
  const certificate = clientCertDer && generateSelfSignedCertificate();
  const server = new GrpcServer({
    maxMessageBytes: MAX_MESSAGE_BYTES,
    ...(clientCertDer && certificate ? { tls: { certPem: certificate.certPem, keyPem: certificate.keyPem, clientCertDer } } : {}),
  });
  const openStreams = new Set<ServerWritableCall<unknown, unknown>>();
  const holdOpen = (call: ServerWritableCall<unknown, unknown>): void => {
    openStreams.add(call);
    const release = (): void => void openStreams.delete(call);
    call.on("cancelled", release);
    call.on("close", release);
  };

  let shuttingDown: Promise<void> | undefined;
  // Set when terraform asks us to stop, so that the connection closing afterwards is not taken for its death.
  let shutdownRequested = false;
  let stopWatchingParent = (): void => undefined;
  const network = options.network ?? (process.platform === "win32" ? "tcp" : "unix");
  let address = network === "unix" ? socketPath(env) : "";
  const removeSocket = (): void => {
    if (network !== "unix") return;
    try {
      unlinkSync(address);
    } catch {
      // already gone: the server removes it on a clean close
    }
  };

  const shutdown = (reason: string): Promise<void> => {
    shuttingDown ??= (async () => {
      log.debug("plugin shutting down", { reason });
      stopWatchingParent();
      try {
        await options.onShutdown?.(reason);
      } catch (error) {
        log.warn("error while stopping the provider", { error });
      }
      for (const call of openStreams) call.end();
      openStreams.clear();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, GRACEFUL_SHUTDOWN_MS);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      removeSocket();
      exit(0);
    })();
    return shuttingDown;
  };

  const hostGone = (reason: string): void => {
    log.warn("terraform is gone; stopping the provider", { reason });
    void shutdown(reason);
  };
  // go-plugin's services and the application's, with the generated protobuf code they need: registered right after
  // the handshake line (below), so that loading that code overlaps terraform reading the line and dialling.
  const registerServices = (): void => {
    const { serviceDefinition } = require("./grpc-services") as typeof import("./grpc-services");
    server.addService(serviceDefinition(HEALTH_SERVICE_NAME), {
      Check: (call: ServerCall<{ service: string }>, callback: UnaryCallback<unknown>) => {
        if (call.request.service === "" || call.request.service === "plugin") callback(null, { status: HEALTH_SERVING });
        else callback({ code: Status.NOT_FOUND, details: `unknown service ${call.request.service}` });
      },
      Watch: (call: ServerWritableCall<{ service: string }, unknown>) => {
        const known = call.request.service === "" || call.request.service === "plugin";
        call.write({ status: known ? HEALTH_SERVING : HEALTH_SERVICE_UNKNOWN });
        holdOpen(call);
      },
    });
    server.addService(serviceDefinition(STDIO_SERVICE_NAME), {
      StreamStdio: (call: ServerWritableCall<unknown, unknown>) => {
        holdOpen(call);
        // go-plugin's client opens this stream as soon as it connects and keeps it until the plugin exits; it is
        // cancelled early only when terraform's connection closes, which a live terraform does after Shutdown.
        call.on("cancelled", () => {
          if (!shutdownRequested && !shuttingDown) hostGone("terraform closed its connection without stopping the provider");
        });
      },
    });
    server.addService(serviceDefinition(CONTROLLER_SERVICE_NAME), {
      Shutdown: (_call: ServerCall<unknown>, callback: UnaryCallback<unknown>) => {
        shutdownRequested = true;
        callback(null, {});
        setImmediate(() => void shutdown("GRPCController.Shutdown"));
      },
    });
    for (const service of options.services()) server.addService(service.definition, service.implementation);
  };

  const serverCertDer = certificate?.certDer;
  const port = await server.listen(network === "unix" ? { path: address } : { port: 0, host: "127.0.0.1" });
  if (network === "tcp") address = `127.0.0.1:${port}`;
  process.once("exit", removeSocket);
  if (network === "unix") setSocketGroup(address, env.PLUGIN_UNIX_SOCKET_GROUP, log);
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  stopWatchingParent = watchParentProcess(hostGone);

  const handshake = formatHandshake({
    appVersion: negotiated.version,
    network,
    address,
    ...(serverCertDer ? { serverCertDer } : {}),
  });
  writeToRealStdout(handshake);
  server.prepare();
  registerServices();
  log.debug("plugin serving", {
    address,
    tls: serverCertDer !== undefined,
    protocol_version: negotiated.version,
    startup_ms: Math.round(performance.now()),
  });
  return { address, handshake, shutdown };
}

let processHandlersInstalled = false;

function installProcessHandlers(log: Logger): void {
  if (processHandlersInstalled) return;
  processHandlersInstalled = true;
  // go-plugin servers ignore SIGINT: Ctrl-C reaches the whole process group, and terraform stops us through
  // StopProvider and the controller instead.
  process.on("SIGINT", () => log.debug("ignoring SIGINT"));
  // terraform reads our stdout and stderr. Once it is gone every write fails with EPIPE; unhandled, each failure
  // would be an uncaught exception whose log line fails in turn.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
  // A crash shows up in terraform only as "plugin did not respond"; log and keep serving instead.
  process.on("uncaughtException", (error) => log.error("uncaught exception", { error: error.stack ?? String(error) }));
  process.on("unhandledRejection", (reason) =>
    log.error("unhandled promise rejection", { error: reason instanceof Error ? (reason.stack ?? reason.message) : String(reason) }),
  );
}

/** PLUGIN_UNIX_SOCKET_GROUP: a group name or numeric id that should own the socket (go-plugin honours it too). */
function setSocketGroup(path: string, group: string | undefined, log: Logger): void {
  if (!group) return;
  let gid = /^\d+$/.test(group) ? Number(group) : undefined;
  if (gid === undefined) {
    try {
      const line = readFileSync("/etc/group", "utf8")
        .split("\n")
        .find((l) => l.split(":")[0] === group);
      const id = line?.split(":")[2];
      if (id) gid = Number(id);
    } catch {
      // no /etc/group: leave gid unset
    }
  }
  if (gid === undefined) {
    log.warn("PLUGIN_UNIX_SOCKET_GROUP names an unknown group", { group });
    return;
  }
  try {
    chownSync(path, -1, gid);
  } catch (error) {
    log.warn("could not set the socket group", { group, error });
  }
}
