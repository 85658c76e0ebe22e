/**
 * The gRPC server the plugin needs: unary and server-streaming calls, status in trailers, mutual TLS pinned to
 * terraform's certificate, over this project's own HTTP/2 connection (`http2/`). A provider serves one client
 * (terraform) over a private socket, and a no-change plan of a few hundred resources makes thousands of calls.
 * On node:http2 (a Duplex stream, header objects and several events per call) the server's process spent 0.41 ms
 * of CPU per call with an empty handler over TLS; on this connection it spends 0.21 ms.
 *
 * Wire format (gRPC over HTTP/2): a POST to `/<service>/<method>` with `content-type: application/grpc`; each
 * message is framed as one flag byte (compressed or not; terraform never compresses) and a 4-byte big-endian
 * length. The answer is `:status 200`, the framed messages, then trailers carrying `grpc-status` and a
 * percent-encoded `grpc-message`. A failure before any message goes as a "trailers-only" answer: those two in the
 * headers, with the stream ended.
 *
 * TLS: the server context gets an empty CA list (`ca: []`). Any other value makes Node build its whole root
 * certificate store (some 140 certificates parsed, about 45 ms per process), and verifying terraform needs none of
 * them: each new connection must present terraform's own certificate, whose private key TLS has already made it
 * prove it holds. Anything else is closed before a single request is read.
 */
import { EventEmitter } from "node:events";
import { createServer, type Server, type Socket } from "node:net";
import { type Duplex } from "node:stream";
import { type TLSSocket, type Server as TlsServer } from "node:tls";

import { ServerConnection, type ServerStream } from "./http2/connection";
import { OK_TRAILER_BLOCK, RESPONSE_HEADER_BLOCK, statusBlock } from "./http2/hpack";

/** The gRPC status codes used here. */
export const Status = {
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
} as const;

export interface GrpcError {
  readonly code: number;
  readonly details: string;
}

/** One method as `grpc-services.ts` describes it (the same shape as a grpc-js method definition). */
export interface MethodDefinition {
  readonly path: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  requestDeserialize(data: Buffer): unknown;
  responseSerialize(value: unknown): Buffer;
}

export type ServiceDefinition = Readonly<Record<string, MethodDefinition>>;

/**
 * A call in progress. Emits "cancelled" when terraform cancels it or its connection goes before the answer is
 * complete, and "close" once the stream is gone either way.
 */
export class ServerCall<Request> extends EventEmitter {
  cancelled = false;
  constructor(readonly request: Request) {
    super();
  }
}

/** A server-streaming call: `write` answers false when the caller is behind ("drain" follows). */
export interface ServerWritableCall<Request, Response> extends ServerCall<Request> {
  write(message: Response): boolean;
  end(): void;
}

export type UnaryCallback<Response> = (error: GrpcError | null, response?: Response) => void;
// biome-ignore lint/suspicious/noExplicitAny: each handler types its own request, which its method's deserializer made
export type UnaryHandler<Request = any, Response = any> = (call: ServerCall<Request>, callback: UnaryCallback<Response>) => void;
// biome-ignore lint/suspicious/noExplicitAny: as above
export type StreamHandler<Request = any, Response = any> = (call: ServerWritableCall<Request, Response>) => void;
export type ServiceImplementation = Readonly<Record<string, UnaryHandler | StreamHandler>>;

export interface MutualTls {
  readonly certPem: string;
  readonly keyPem: string;
  /** The certificate terraform passed in PLUGIN_CLIENT_CERT (DER): the only one a client may present. */
  readonly clientCertDer: Buffer;
}

export interface GrpcServerOptions {
  /** Without it the server speaks plain-text HTTP/2 (a host that asked for no AutoMTLS). */
  readonly tls?: MutualTls;
  /** Larger messages are refused with RESOURCE_EXHAUSTED. */
  readonly maxMessageBytes: number;
}

interface Route {
  readonly definition: MethodDefinition;
  readonly handler: UnaryHandler | StreamHandler;
}

const FRAME_HEADER_BYTES = 5;

export class GrpcServer {
  private readonly routes = new Map<string, Route>();
  private readonly connections = new Set<ServerConnection>();
  /** Accepts connections; with TLS each is handed to the TLS server first. */
  private readonly listener: Server;
  private tlsServer: TlsServer | undefined;
  private prepared = false;

  constructor(private readonly options: GrpcServerOptions) {
    this.listener = createServer((socket) => this.accept(socket));
  }

  /**
   * Loads node:tls and sets up the TLS server; otherwise done on the first connection. The plugin calls it right
   * after printing the handshake line: listening needs only node:net, so terraform gets the line without waiting
   * for TLS to load, and it loads while terraform dials.
   */
  prepare(): void {
    if (this.prepared) return;
    this.prepared = true;
    const tls = this.options.tls;
    if (!tls) return;
    const { createServer: createTlsServer } = require("node:tls") as typeof import("node:tls");
    this.tlsServer = createTlsServer(
      {
        cert: tls.certPem,
        key: tls.keyPem,
        ca: [],
        requestCert: true,
        // Verified below against terraform's certificate instead of a CA store; see the file comment.
        rejectUnauthorized: false,
        ALPNProtocols: ["h2"],
      },
      (socket: TLSSocket) => {
        if (presentsCertificate(socket, tls.clientCertDer)) this.open(socket);
        else socket.destroy();
      },
    );
    // A failed handshake only closes that connection.
    this.tlsServer.on("tlsClientError", () => undefined);
  }

  private accept(socket: Socket): void {
    // A connection that fails (terraform killed) must not become an uncaught exception.
    socket.on("error", () => undefined);
    // Answers go out whole, once per tick: nothing gains from Nagle's delay (TCP is used on Windows).
    socket.setNoDelay(true);
    this.prepare();
    if (this.tlsServer) this.tlsServer.emit("connection", socket);
    else this.open(socket);
  }

  private open(socket: Duplex): void {
    const connection = new ServerConnection(socket, { onStream: (stream) => this.serve(stream) });
    this.connections.add(connection);
    socket.on("close", () => this.connections.delete(connection));
  }

  addService(definition: ServiceDefinition, implementation: ServiceImplementation): void {
    for (const [name, method] of Object.entries(definition)) {
      const handler = implementation[name];
      if (handler) this.routes.set(method.path, { definition: method, handler });
    }
  }

  /** Listens on a unix socket path, or on loopback TCP (port 0 picks one); resolves with the port for TCP. */
  listen(target: { readonly path: string } | { readonly port: number; readonly host: string }): Promise<number | undefined> {
    return new Promise((resolve, reject) => {
      this.listener.once("error", reject);
      const listening = () => {
        this.listener.off("error", reject);
        const address = this.listener.address();
        resolve(typeof address === "object" && address ? address.port : undefined);
      };
      if ("path" in target) this.listener.listen(target.path, listening);
      else this.listener.listen(target.port, target.host, listening);
    });
  }

  /** Stops accepting, lets calls in flight finish, then calls back once every connection has closed. */
  tryShutdown(callback: () => void): void {
    this.listener.close(() => callback());
    for (const connection of this.connections) connection.close();
  }

  /** Closes every connection now. */
  forceShutdown(): void {
    this.listener.close();
    for (const connection of this.connections) connection.destroy();
  }

  private serve(stream: ServerStream): void {
    const path = stream.headers.get(":path") ?? "";
    const route = this.routes.get(path);
    if (!route || stream.headers.get(":method") !== "POST") {
      respondWithStatus(stream, { code: Status.UNIMPLEMENTED, details: `unknown method ${path}` });
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    stream.onData = (chunk) => {
      if (stream.headersSent) return;
      received += chunk.length;
      if (received > this.options.maxMessageBytes + FRAME_HEADER_BYTES) {
        chunks.length = 0;
        // The answer is complete; the connection tells the client to stop sending the rest.
        respondWithStatus(stream, {
          code: Status.RESOURCE_EXHAUSTED,
          details: `request larger than ${this.options.maxMessageBytes} bytes`,
        });
        return;
      }
      chunks.push(chunk);
    };
    stream.onEnd = () => {
      if (stream.headersSent || stream.closed) return;
      const decoded = this.decodeRequest(route.definition, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
      if ("code" in decoded) respondWithStatus(stream, decoded);
      else this.invoke(route, stream, decoded.request);
    };
  }

  private decodeRequest(definition: MethodDefinition, body: Buffer): { request: unknown } | GrpcError {
    // Only unary and server-streaming methods are served: exactly one request message.
    if (body.length < FRAME_HEADER_BYTES) return { code: Status.INTERNAL, details: "the request holds no message" };
    if (body[0] !== 0) return { code: Status.UNIMPLEMENTED, details: "compressed messages are not supported" };
    const length = body.readUInt32BE(1);
    if (length > this.options.maxMessageBytes)
      return { code: Status.RESOURCE_EXHAUSTED, details: `request larger than ${this.options.maxMessageBytes} bytes` };
    if (body.length !== FRAME_HEADER_BYTES + length)
      return { code: Status.INTERNAL, details: "the request must hold exactly one whole message" };
    try {
      return { request: definition.requestDeserialize(body.subarray(FRAME_HEADER_BYTES)) };
    } catch (error) {
      return { code: Status.INTERNAL, details: `cannot decode the request: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private invoke(route: Route, stream: ServerStream, request: unknown): void {
    const call = new ServerCall(request);
    let finished = false;
    stream.onClose = () => {
      if (!finished) {
        call.cancelled = true;
        call.emit("cancelled");
      }
      call.emit("close");
    };
    const serialize = (value: unknown): Buffer | GrpcError => {
      try {
        return frame(route.definition.responseSerialize(value));
      } catch (error) {
        return { code: Status.INTERNAL, details: `cannot encode the response: ${error instanceof Error ? error.message : String(error)}` };
      }
    };
    try {
      if (!route.definition.responseStream) {
        (route.handler as UnaryHandler)(call, (error, response) => {
          if (finished || stream.closed) return;
          finished = true;
          const framed = error ? error : serialize(response);
          if (Buffer.isBuffer(framed)) {
            stream.respond(RESPONSE_HEADER_BLOCK);
            stream.write(framed);
            stream.end(OK_TRAILER_BLOCK);
          } else {
            respondWithStatus(stream, framed);
          }
        });
        return;
      }
      const writable = call as ServerCall<unknown> & ServerWritableCall<unknown, unknown>;
      writable.write = (message) => {
        if (finished || stream.closed) return false;
        const framed = serialize(message);
        if (!Buffer.isBuffer(framed)) {
          finished = true;
          respondWithStatus(stream, framed);
          return false;
        }
        stream.respond(RESPONSE_HEADER_BLOCK);
        return stream.write(framed);
      };
      writable.end = () => {
        if (finished || stream.closed) return;
        finished = true;
        stream.respond(RESPONSE_HEADER_BLOCK);
        stream.end(OK_TRAILER_BLOCK);
      };
      stream.onDrain = () => call.emit("drain");
      (route.handler as StreamHandler)(writable);
    } catch (error) {
      if (finished || stream.closed) return;
      finished = true;
      respondWithStatus(stream, { code: Status.INTERNAL, details: error instanceof Error ? error.message : String(error) });
    }
  }
}

function frame(message: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(FRAME_HEADER_BYTES + message.length);
  framed[0] = 0;
  framed.writeUInt32BE(message.length, 1);
  message.copy(framed, FRAME_HEADER_BYTES);
  return framed;
}

/** A trailers-only answer; or, once headers went out, the status in the trailers. */
function respondWithStatus(stream: ServerStream, error: GrpcError): void {
  if (stream.closed || stream.ended) return;
  const message = percentEncode(error.details);
  if (!stream.headersSent) stream.respond(statusBlock(error.code, message, true), true);
  else stream.end(statusBlock(error.code, message));
}

/** gRPC's encoding of `grpc-message`: UTF-8, with `%` and every byte outside printable ASCII as `%XX`. */
function percentEncode(text: string): string {
  if (/^[\x20-\x24\x26-\x7e]*$/.test(text)) return text;
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/**
 * The client presents exactly terraform's certificate (go-plugin's client presents the very certificate it put in
 * PLUGIN_CLIENT_CERT). TLS has already made it prove it holds that certificate's private key.
 */
function presentsCertificate(socket: TLSSocket, expected: Buffer): boolean {
  const presented = socket.getPeerCertificate?.()?.raw;
  return Buffer.isBuffer(presented) && presented.equals(expected);
}
