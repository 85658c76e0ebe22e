import { once } from "node:events";
import * as http2 from "node:http2";

import * as grpc from "@grpc/grpc-js";

import { generateSelfSignedCertificate, type SelfSignedCertificate } from "../../../provider/src/terraform/protocol/certificate";
import {
  GrpcServer,
  type ServerCall,
  type ServerWritableCall,
  Status,
  type UnaryCallback,
} from "../../../provider/src/terraform/protocol/grpc-server";
import { HEALTH_SERVICE_NAME, serviceDefinition } from "../../../provider/src/terraform/protocol/grpc-services";

// The plugin's own gRPC server, driven by grpc-js's client (as terraform's Go client would drive it) and, for what
// a well-behaved client never sends, by raw HTTP/2.
type Request = { service: string };
const definition = serviceDefinition(HEALTH_SERVICE_NAME);

interface Running {
  server: GrpcServer;
  address: string;
  client: grpc.Client;
  close(): void;
}

async function start(
  implementation: {
    Check?: (call: ServerCall<Request>, callback: UnaryCallback<unknown>) => void;
    Watch?: (call: ServerWritableCall<Request, unknown>) => void;
  },
  options: { maxMessageBytes?: number; tls?: { server: SelfSignedCertificate; client: SelfSignedCertificate | null } } = {},
): Promise<Running> {
  const server = new GrpcServer({
    maxMessageBytes: options.maxMessageBytes ?? 1024 * 1024,
    ...(options.tls
      ? { tls: { certPem: options.tls.server.certPem, keyPem: options.tls.server.keyPem, clientCertDer: trustedClient.certDer } }
      : {}),
  });
  server.addService(definition, implementation);
  const port = await server.listen({ port: 0, host: "127.0.0.1" });
  const address = `127.0.0.1:${port}`;
  const tlsClient = options.tls?.client;
  const credentials = options.tls
    ? tlsClient
      ? grpc.credentials.createSsl(Buffer.from(options.tls.server.certPem), Buffer.from(tlsClient.keyPem), Buffer.from(tlsClient.certPem))
      : grpc.credentials.createSsl(Buffer.from(options.tls.server.certPem))
    : grpc.credentials.createInsecure();
  const Client = grpc.makeGenericClientConstructor(definition, HEALTH_SERVICE_NAME);
  const client = new Client(address, credentials, { "grpc.ssl_target_name_override": "localhost" });
  return {
    server,
    address,
    client,
    close: () => {
      client.close();
      server.forceShutdown();
    },
  };
}

const trustedClient = generateSelfSignedCertificate();

/** The generic client's methods for the health service. */
interface HealthClient {
  Check(request: Request, callback: (error: grpc.ServiceError | null, response: unknown) => void): void;
  Watch(request: Request): grpc.ClientReadableStream<{ status: number }>;
}
const health = (client: grpc.Client) => client as unknown as HealthClient;

function check(client: grpc.Client, service: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    health(client).Check({ service }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

/** One raw gRPC request over HTTP/2: the answer's headers, trailers and body. */
async function rawCall(address: string, path: string, body: Buffer) {
  const session = http2.connect(`http://${address}`);
  try {
    const stream = session.request({ ":method": "POST", ":path": path, "content-type": "application/grpc", te: "trailers" });
    stream.end(body);
    let headers: http2.IncomingHttpHeaders = {};
    let trailers: http2.IncomingHttpHeaders = {};
    stream.on("response", (h) => (headers = h));
    stream.on("trailers", (t) => (trailers = t));
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    await once(stream, "close");
    return {
      status: { ...headers, ...trailers }["grpc-status"],
      message: { ...headers, ...trailers }["grpc-message"],
      body: Buffer.concat(chunks),
    };
  } finally {
    session.close();
  }
}

describe("the plugin's gRPC server", () => {
  let running: Running | undefined;
  afterEach(() => running?.close());

  it("answers a unary call, and an error as its status with a percent-encoded message", async () => {
    running = await start({
      Check: (call, callback) =>
        call.request.service === "ok"
          ? callback(null, { status: 1 })
          : callback({ code: Status.NOT_FOUND, details: `no service "${call.request.service}": 100% gone\nsecond line, über` }),
    });
    await expect(check(running.client, "ok")).resolves.toEqual(expect.objectContaining({ status: 1 }));
    await expect(check(running.client, "other")).rejects.toMatchObject({
      code: grpc.status.NOT_FOUND,
      details: 'no service "other": 100% gone\nsecond line, über',
    });
  });

  it("answers UNIMPLEMENTED for a method nobody registered", async () => {
    running = await start({ Check: (_call, callback) => callback(null, { status: 1 }) });
    const watch = health(running.client).Watch({ service: "" });
    // `events.once` would reject on the "error" event that comes first.
    const status = await new Promise<grpc.StatusObject>((resolve) => {
      watch.on("error", () => undefined);
      watch.on("status", resolve);
    });
    expect(status.code).toBe(grpc.status.UNIMPLEMENTED);
  });

  it("turns a handler that throws into INTERNAL, and keeps serving", async () => {
    let calls = 0;
    running = await start({
      Check: (_call, callback) => {
        calls++;
        if (calls === 1) throw new Error("handler bug");
        callback(null, { status: 1 });
      },
    });
    await expect(check(running.client, "")).rejects.toMatchObject({ code: grpc.status.INTERNAL, details: "handler bug" });
    await expect(check(running.client, "")).resolves.toEqual(expect.objectContaining({ status: 1 }));
  });

  it("refuses a request over the message limit with RESOURCE_EXHAUSTED, before the handler runs", async () => {
    let reached = false;
    running = await start(
      {
        Check: (_call, callback) => {
          reached = true;
          callback(null, { status: 1 });
        },
      },
      { maxMessageBytes: 64 },
    );
    await expect(check(running.client, "x".repeat(200))).rejects.toMatchObject({ code: grpc.status.RESOURCE_EXHAUSTED });
    expect(reached).toBe(false);
    await expect(check(running.client, "small")).resolves.toEqual(expect.objectContaining({ status: 1 }));
  });

  it("refuses compressed, truncated and doubled messages without reaching the handler", async () => {
    let reached = 0;
    running = await start({
      Check: (_call, callback) => {
        reached++;
        callback(null, { status: 1 });
      },
    });
    const message = Buffer.from([0x0a, 0x01, 0x61]); // service: "a"
    const framed = (flag: number, payload: Buffer, length = payload.length) => {
      const out = Buffer.alloc(5 + payload.length);
      out[0] = flag;
      out.writeUInt32BE(length, 1);
      payload.copy(out, 5);
      return out;
    };
    const path = definition.Check!.path;
    expect(await rawCall(running.address, path, framed(1, message))).toMatchObject({ status: String(Status.UNIMPLEMENTED) });
    expect(await rawCall(running.address, path, framed(0, message, 9))).toMatchObject({ status: String(Status.INTERNAL) });
    expect(await rawCall(running.address, path, Buffer.concat([framed(0, message), framed(0, message)]))).toMatchObject({
      status: String(Status.INTERNAL),
    });
    expect(reached).toBe(0);
    const good = await rawCall(running.address, path, framed(0, message));
    expect(good.status).toBe("0");
    expect(good.body.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, 2]));
    expect(reached).toBe(1);
  });

  it("streams messages in order and ends with OK", async () => {
    running = await start({
      Watch: (call) => {
        for (const status of [1, 2, 3]) call.write({ status });
        call.end();
      },
    });
    const watch = health(running.client).Watch({ service: "" });
    const seen: number[] = [];
    watch.on("data", (m: { status: number }) => seen.push(m.status));
    const [status] = (await once(watch, "status")) as [grpc.StatusObject];
    expect(status.code).toBe(grpc.status.OK);
    expect(seen).toEqual([1, 2, 3]);
  });

  it("tells a streaming handler when the client cancels", async () => {
    let cancelled: Promise<unknown> | undefined;
    let serverCall: ServerWritableCall<Request, unknown> | undefined;
    running = await start({
      Watch: (call) => {
        serverCall = call;
        cancelled = once(call, "cancelled");
        call.write({ status: 1 });
      },
    });
    const watch = health(running.client).Watch({ service: "" });
    watch.on("error", () => undefined);
    await once(watch, "data");
    watch.cancel();
    await cancelled;
    expect(serverCall!.cancelled).toBe(true);
    expect(serverCall!.write({ status: 2 })).toBe(false);
  });

  it("lets a call in flight finish on tryShutdown, then reports every connection closed", async () => {
    let answer: (() => void) | undefined;
    running = await start({ Check: (_call, callback) => (answer = () => callback(null, { status: 1 })) });
    const inFlight = check(running.client, "");
    while (!answer) await new Promise((resolve) => setImmediate(resolve));
    const stopped = new Promise<void>((resolve) => running!.server.tryShutdown(resolve));
    answer();
    await expect(inFlight).resolves.toEqual(expect.objectContaining({ status: 1 }));
    running.client.close();
    await stopped;
  });

  describe("with mutual TLS", () => {
    const serverCertificate = generateSelfSignedCertificate();

    it("serves the client that presents the pinned certificate", async () => {
      running = await start(
        { Check: (_call, callback) => callback(null, { status: 1 }) },
        { tls: { server: serverCertificate, client: trustedClient } },
      );
      await expect(check(running.client, "")).resolves.toEqual(expect.objectContaining({ status: 1 }));
    });

    it("closes the connection of a client with another certificate, or none, before any handler runs", async () => {
      let reached = false;
      const handler = {
        Check: (_call: ServerCall<Request>, callback: UnaryCallback<unknown>) => {
          reached = true;
          callback(null, { status: 1 });
        },
      };
      // Same subject and key type as the pinned one: only the bytes differ.
      for (const client of [generateSelfSignedCertificate(), null]) {
        running = await start(handler, { tls: { server: serverCertificate, client } });
        await expect(check(running.client, "")).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
        running.close();
        running = undefined;
      }
      expect(reached).toBe(false);
    });
  });
});
