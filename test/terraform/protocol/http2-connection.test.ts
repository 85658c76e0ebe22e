import { createHash } from "node:crypto";
import { once } from "node:events";
import * as http2 from "node:http2";
import { connect, createServer, type Server, type Socket } from "node:net";

import { ServerConnection, type ServerStream } from "../../../provider/src/terraform/protocol/http2/connection";
import { OK_TRAILER_BLOCK, RESPONSE_HEADER_BLOCK, statusBlock } from "../../../provider/src/terraform/protocol/http2/hpack";

// The plugin's HTTP/2 server side, driven by Node's own client (nghttp2, another implementation altogether) and,
// for what a well-behaved client never sends, by raw frames.

type Answer = (stream: ServerStream, body: Buffer) => void;

interface Running {
  readonly port: number;
  readonly connections: ServerConnection[];
  readonly closedStreams: number[];
  close(): Promise<void>;
}

/** By default each request is answered with a JSON echo of its headers and the SHA-256 of its body. */
const echo: Answer = (stream, body) => {
  const headers = Object.fromEntries([...stream.headers].filter(([name]) => !name.startsWith(":") || name === ":path"));
  stream.respond(RESPONSE_HEADER_BLOCK);
  stream.write(Buffer.from(JSON.stringify({ headers, sha256: sha256(body), size: body.length })));
  stream.end(OK_TRAILER_BLOCK);
};

/** `onOpen` sees each stream as soon as its headers arrive, before any of its body. */
async function start(
  answer: Answer = echo,
  onOpen: (stream: ServerStream) => void = () => undefined,
  onError?: (error: unknown) => void,
): Promise<Running> {
  const connections: ServerConnection[] = [];
  const closedStreams: number[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    connections.push(
      new ServerConnection(socket, {
        onStream: (stream) => {
          const chunks: Buffer[] = [];
          stream.onData = (chunk) => chunks.push(chunk);
          stream.onEnd = () => answer(stream, Buffer.concat(chunks));
          stream.onClose = () => closedStreams.push(stream.id);
          onOpen(stream);
        },
        ...(onError ? { onError } : {}),
      }),
    );
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : 0,
    connections,
    closedStreams,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");

interface Reply {
  headers: http2.IncomingHttpHeaders;
  trailers: http2.IncomingHttpHeaders;
  body: Buffer;
}

function request(session: http2.ClientHttp2Session, body: Buffer, headers: http2.OutgoingHttpHeaders = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ":method": "POST", ":path": "/test.Echo/Call", "content-type": "application/grpc", ...headers });
    const reply: Reply = { headers: {}, trailers: {}, body: Buffer.alloc(0) };
    const chunks: Buffer[] = [];
    stream.on("response", (h) => (reply.headers = h));
    stream.on("trailers", (t) => (reply.trailers = t));
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("error", reject);
    stream.on("close", () => resolve({ ...reply, body: Buffer.concat(chunks) }));
    stream.end(body);
  });
}

const parsed = (reply: Reply) => JSON.parse(reply.body.toString()) as { headers: Record<string, string>; sha256: string; size: number };

/** Every frame in a byte stream the server wrote: type, flags, stream and payload. */
function frames(data: Buffer) {
  const out: { type: number; flags: number; stream: number; payload: Buffer }[] = [];
  for (let at = 0; at + 9 <= data.length; ) {
    const length = data.readUIntBE(at, 3);
    out.push({
      type: data[at + 3]!,
      flags: data[at + 4]!,
      stream: data.readUInt32BE(at + 5),
      payload: data.subarray(at + 9, at + 9 + length),
    });
    at += 9 + length;
  }
  return out;
}

function rawFrame(type: number, flags: number, stream: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(stream, 5);
  return Buffer.concat([header, payload]);
}

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
const GOAWAY = 0x7;

/** Sends raw bytes and collects everything the server writes until it closes the connection. */
async function rawExchange(port: number, bytes: Buffer): Promise<Buffer> {
  const socket = connect(port, "127.0.0.1");
  const received: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => received.push(chunk));
  socket.on("error", () => undefined);
  socket.write(bytes);
  await once(socket, "close");
  return Buffer.concat(received);
}

describe("the HTTP/2 server connection", () => {
  let running: Running | undefined;
  let session: http2.ClientHttp2Session | undefined;
  afterEach(async () => {
    session?.destroy();
    session = undefined;
    await running?.close();
    running = undefined;
  });

  const open = (options: http2.ClientSessionOptions = {}) => {
    session = http2.connect(`http://127.0.0.1:${running!.port}`, options);
    session.on("error", () => undefined);
    return session;
  };

  it("answers many concurrent streams, each with its own request", async () => {
    running = await start();
    const client = open();
    const bodies = Array.from({ length: 200 }, (_, i) => Buffer.from(`request ${i} `.repeat(i + 1)));
    const replies = await Promise.all(bodies.map((body, i) => request(client, body, { "x-call": String(i) })));
    replies.forEach((reply, i) => {
      expect(reply.headers[":status"]).toBe(200);
      expect(reply.headers["content-type"]).toBe("application/grpc");
      expect(reply.trailers["grpc-status"]).toBe("0");
      expect(parsed(reply)).toEqual({
        headers: { ":path": "/test.Echo/Call", "content-type": "application/grpc", "x-call": String(i) },
        sha256: sha256(bodies[i]!),
        size: bodies[i]!.length,
      });
    });
  });

  it("moves messages larger than the client's windows both ways, waiting for its WINDOW_UPDATEs", async () => {
    const large = Buffer.alloc(3 * 1024 * 1024 + 7);
    for (let i = 0; i < large.length; i++) large[i] = (i * 31) & 0xff;
    running = await start((stream, body) => {
      stream.respond(RESPONSE_HEADER_BLOCK);
      // Answered in two writes: the second is queued behind the first while the windows are closed.
      stream.write(body.subarray(0, 1000));
      stream.write(body.subarray(1000));
      stream.end(OK_TRAILER_BLOCK);
    });
    // Node's client keeps the protocol's default 64 KiB windows: the answer needs dozens of updates.
    const reply = await request(open(), large);
    expect(reply.trailers["grpc-status"]).toBe("0");
    expect(reply.body.length).toBe(large.length);
    expect(sha256(reply.body)).toBe(sha256(large));
  });

  it("waits while the client's stream window is 0 and sends once the client's SETTINGS open it", async () => {
    running = await start();
    const client = open({ settings: { initialWindowSize: 0 } });
    const reply = request(client, Buffer.from("hello"));
    let answered = false;
    void reply.then(() => (answered = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    client.settings({ initialWindowSize: 65_535 });
    expect(parsed(await reply).sha256).toBe(sha256(Buffer.from("hello")));
  });

  it("reads header blocks continued over several frames, and padded frames", async () => {
    running = await start();
    const client = open({ paddingStrategy: http2.constants.PADDING_STRATEGY_MAX });
    const big = "v".repeat(40_000); // more than one 16 KiB frame: HEADERS then CONTINUATIONs
    const body = Buffer.from("padded body");
    const reply = await request(client, body, { "x-big": big });
    expect(parsed(reply).headers["x-big"]).toBe(big);
    expect(parsed(reply).sha256).toBe(sha256(body));
  });

  it("answers PING with the same payload", async () => {
    running = await start();
    const client = open();
    await once(client, "connect");
    const payload = Buffer.from("12345678");
    const echoed = await new Promise<Buffer>((resolve, reject) =>
      client.ping(payload, (error, _duration, back) => (error ? reject(error) : resolve(back))),
    );
    expect(echoed).toEqual(payload);
  });

  it("sends a trailers-only answer, and tells a client still sending to stop", async () => {
    // Answered as soon as the headers arrive, as the gRPC server refuses an unknown method.
    running = await start(echo, (stream) => stream.respond(statusBlock(12, "unknown method", true), true));
    const stream = open().request({ ":method": "POST", ":path": "/x" });
    stream.on("error", () => undefined);
    let headers: http2.IncomingHttpHeaders = {};
    stream.on("response", (h) => (headers = h));
    stream.write(Buffer.alloc(10)); // and the body never ends
    await once(stream, "close");
    expect(headers["grpc-status"]).toBe("12");
    expect(headers["grpc-message"]).toBe("unknown method");
    expect(stream.rstCode).toBe(http2.constants.NGHTTP2_NO_ERROR);
    expect(running.closedStreams).toEqual([1]);
  });

  it("closes a stream the client resets, and every stream when the connection goes", async () => {
    const held: ServerStream[] = [];
    running = await start((stream) => held.push(stream));
    const client = open();
    const first = client.request({ ":method": "POST", ":path": "/a" });
    const second = client.request({ ":method": "POST", ":path": "/b" });
    for (const stream of [first, second]) {
      stream.on("error", () => undefined);
      stream.end();
    }
    while (held.length < 2) await new Promise((resolve) => setImmediate(resolve));
    first.close(http2.constants.NGHTTP2_CANCEL);
    while (running.closedStreams.length < 1) await new Promise((resolve) => setImmediate(resolve));
    expect(running.closedStreams).toEqual([1]);
    client.destroy();
    while (running.closedStreams.length < 2) await new Promise((resolve) => setImmediate(resolve));
    expect(running.closedStreams).toEqual([1, 3]);
    // Writing to a stream that is gone does nothing.
    expect(held[1]!.write(Buffer.from("late"))).toBe(false);
  });

  it("on close() sends GOAWAY, lets the stream in flight finish, then ends the connection", async () => {
    let finish: (() => void) | undefined;
    running = await start((stream, body) => (finish = () => echo(stream, body)));
    const client = open();
    const goaway = once(client, "goaway");
    const reply = request(client, Buffer.from("in flight"));
    while (!finish) await new Promise((resolve) => setImmediate(resolve));
    running.connections[0]!.close();
    const [code] = (await goaway) as [number];
    expect(code).toBe(http2.constants.NGHTTP2_NO_ERROR);
    finish();
    expect(parsed(await reply).sha256).toBe(sha256(Buffer.from("in flight")));
    await once(client, "close");
  });

  it("ends the connection with INTERNAL_ERROR when its owner's callback throws, and reports the error", async () => {
    const reported: unknown[] = [];
    running = await start(
      echo,
      () => {
        throw new Error("owner bug");
      },
      (error) => reported.push(error),
    );
    const client = open();
    const goaway = once(client, "goaway");
    const stream = client.request({ ":method": "POST", ":path": "/x" });
    stream.on("error", () => undefined);
    stream.end();
    const [code] = (await goaway) as [number];
    expect(code).toBe(http2.constants.NGHTTP2_INTERNAL_ERROR);
    expect(reported).toEqual([new Error("owner bug")]);
  });

  describe("ends the connection with GOAWAY and the error code for", () => {
    const lastGoaway = (data: Buffer) => {
      const goaway = frames(data)
        .filter((frame) => frame.type === GOAWAY)
        .at(-1);
      return goaway ? goaway.payload.readUInt32BE(4) : undefined;
    };

    it("a client that does not speak HTTP/2", async () => {
      running = await start();
      const data = await rawExchange(running.port, Buffer.from("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
      expect(lastGoaway(data)).toBe(http2.constants.NGHTTP2_PROTOCOL_ERROR);
    });

    it("DATA on stream 0", async () => {
      running = await start();
      const data = await rawExchange(running.port, Buffer.concat([PREFACE, rawFrame(0x4, 0, 0), rawFrame(0x0, 0, 0, Buffer.from("x"))]));
      expect(lastGoaway(data)).toBe(http2.constants.NGHTTP2_PROTOCOL_ERROR);
    });

    it("a frame larger than the announced maximum", async () => {
      running = await start();
      const data = await rawExchange(
        running.port,
        Buffer.concat([PREFACE, rawFrame(0x4, 0, 0), rawFrame(0x0, 0, 1, Buffer.alloc(16_385))]),
      );
      expect(lastGoaway(data)).toBe(http2.constants.NGHTTP2_FRAME_SIZE_ERROR);
    });

    it("a header block the decoder cannot read", async () => {
      running = await start();
      const data = await rawExchange(
        running.port,
        Buffer.concat([PREFACE, rawFrame(0x4, 0, 0), rawFrame(0x1, 0x5, 1, Buffer.from([0x80]))]),
      );
      expect(lastGoaway(data)).toBe(http2.constants.NGHTTP2_COMPRESSION_ERROR);
    });

    it("a header block interrupted by another frame", async () => {
      running = await start();
      const headersWithoutEnd = rawFrame(0x1, 0x1, 1, Buffer.from([0x83])); // END_STREAM, no END_HEADERS
      const data = await rawExchange(
        running.port,
        Buffer.concat([PREFACE, rawFrame(0x4, 0, 0), headersWithoutEnd, rawFrame(0x6, 0, 0, Buffer.alloc(8))]),
      );
      expect(lastGoaway(data)).toBe(http2.constants.NGHTTP2_PROTOCOL_ERROR);
    });
  });
});
