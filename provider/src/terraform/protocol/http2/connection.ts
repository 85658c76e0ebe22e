/**
 * The server side of one HTTP/2 connection (RFC 9113), as much as a gRPC server needs: requests arrive as streams
 * of headers and data, answers leave as headers, data and trailers. Flow control is honoured both ways; PING is
 * answered (Go's gRPC client measures bandwidth with it); priorities and pushes are not used.
 *
 * Receiving: this side announces the largest windows HTTP/2 allows, so a client never waits for us; a request's
 * size is bounded by whoever reads the stream (the gRPC server refuses what is over its message limit). The
 * connection window is topped up as data arrives.
 *
 * Sending: what a window does not allow yet is queued on its stream and sent on the client's WINDOW_UPDATE.
 * Frames written during one tick leave in one socket write, so the answers to a burst of calls share writes.
 */
import { type Duplex } from "node:stream";

import { CompressionError, HeaderDecoder, type HeaderList } from "./hpack";

const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
const FRAME_HEADER_BYTES = 9;
const DEFAULT_WINDOW = 65_535;
const MAX_WINDOW = 2 ** 31 - 1;
/** Top the connection window up once this much of it is used. */
const WINDOW_REFILL = 2 ** 30;
const DEFAULT_MAX_FRAME = 16_384;
const LARGEST_MAX_FRAME = 2 ** 24 - 1;
/** A header block (with its CONTINUATIONs) larger than this ends the connection: gRPC's are a few hundred bytes. */
const MAX_HEADER_BLOCK_BYTES = 1024 * 1024;

const DATA = 0x0;
const HEADERS = 0x1;
const RST_STREAM = 0x3;
const SETTINGS = 0x4;
const PUSH_PROMISE = 0x5;
const PING = 0x6;
const GOAWAY = 0x7;
const WINDOW_UPDATE = 0x8;
const CONTINUATION = 0x9;

const END_STREAM = 0x1;
const ACK = 0x1;
const END_HEADERS = 0x4;
const PADDED = 0x8;
const PRIORITY = 0x20;

const SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
const SETTINGS_MAX_FRAME_SIZE = 0x5;

/** HTTP/2 error codes (RFC 9113, 7). */
const ErrorCode = {
  NO_ERROR: 0x0,
  PROTOCOL_ERROR: 0x1,
  INTERNAL_ERROR: 0x2,
  FLOW_CONTROL_ERROR: 0x3,
  FRAME_SIZE_ERROR: 0x6,
  REFUSED_STREAM: 0x7,
  COMPRESSION_ERROR: 0x9,
} as const;

class ConnectionError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * One request and its answer. The owner sets the `on*` callbacks when the stream opens: `onEnd` follows the last
 * `onData`; `onClose` comes once, when the answer is complete, the client reset the stream or the connection went.
 */
export class ServerStream {
  onData: (chunk: Buffer) => void = () => undefined;
  onEnd: () => void = () => undefined;
  onClose: () => void = () => undefined;
  onDrain: () => void = () => undefined;

  remoteEnded = false;
  headersSent = false;
  /** True once the last frame of the answer is queued. */
  ended = false;
  closed = false;
  /** How much the client's window lets us send on this stream. */
  sendWindow: number;
  /** Data waiting for the windows, and the trailers that follow it. */
  readonly queue: Buffer[] = [];
  pendingTrailers: Buffer | undefined;
  needDrain = false;

  constructor(
    readonly id: number,
    readonly headers: HeaderList,
    private readonly connection: ServerConnection,
  ) {
    this.sendWindow = connection.peerInitialWindow;
  }

  /** Sends the response headers; with `endStream` they are the whole answer (gRPC's "trailers-only"). */
  respond(block: Buffer, endStream = false): void {
    if (this.headersSent || this.closed) return;
    this.headersSent = true;
    // Headers are not flow-controlled: they go out at once.
    if (endStream) this.ended = true;
    this.connection.sendHeaders(this, block, endStream);
  }

  /** Queues a DATA payload; false when it could not all go out yet ("onDrain" follows). */
  write(data: Buffer): boolean {
    if (this.ended || this.closed) return false;
    if (data.length > 0) this.queue.push(data);
    this.connection.flush(this);
    const behind = this.queue.length > 0 || this.connection.socketBehind();
    if (behind) this.needDrain = true;
    return !behind;
  }

  /** Ends the answer with these trailers, after every queued byte. */
  end(trailers: Buffer): void {
    if (this.ended || this.closed) return;
    this.ended = true;
    this.pendingTrailers = trailers;
    this.connection.flush(this);
  }
}

export interface ConnectionHandlers {
  /** A new request's headers arrived; set the stream's callbacks here. */
  onStream(stream: ServerStream): void;
  /**
   * A callback threw while a frame was handled: the connection has been ended with INTERNAL_ERROR, since the frames
   * after it are lost. Without this handler the error is thrown on, to the process's uncaught-exception handler.
   */
  onError?(error: unknown): void;
}

export class ServerConnection {
  /** The client's SETTINGS_INITIAL_WINDOW_SIZE. */
  peerInitialWindow = DEFAULT_WINDOW;
  private peerMaxFrame = DEFAULT_MAX_FRAME;
  /** How much the client's connection window lets us send. */
  private sendWindow = DEFAULT_WINDOW;
  private receivedSinceRefill = 0;
  private readonly streams = new Map<number, ServerStream>();
  /** Streams holding data that a window stops. */
  private readonly blocked = new Set<ServerStream>();
  private readonly decoder = new HeaderDecoder();
  private lastStreamId = 0;
  private input: Buffer | undefined;
  private prefaceSeen = false;
  /** A header block waiting for its CONTINUATION frames. */
  private continuing: { streamId: number; endStream: boolean; fragments: Buffer[]; bytes: number } | undefined;
  private output: Buffer[] = [];
  private flushScheduled = false;
  private goingAway = false;
  private finished = false;

  constructor(
    private readonly socket: Duplex,
    private readonly handlers: ConnectionHandlers,
  ) {
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("drain", () => this.drained());
    socket.on("error", () => undefined);
    socket.on("close", () => this.closed());
    // The server's preface: its SETTINGS (largest stream window) and the connection window made as large.
    this.frame(SETTINGS, 0, 0, settingsPayload([[SETTINGS_INITIAL_WINDOW_SIZE, MAX_WINDOW]]));
    this.frame(WINDOW_UPDATE, 0, 0, uint32(MAX_WINDOW - DEFAULT_WINDOW));
  }

  /** Graceful close: GOAWAY now; the socket ends once the streams in flight are done. */
  close(): void {
    if (this.goingAway || this.finished) return;
    this.goingAway = true;
    this.frame(GOAWAY, 0, 0, Buffer.concat([uint32(this.lastStreamId), uint32(ErrorCode.NO_ERROR)]));
    this.endIfIdle();
  }

  destroy(): void {
    this.socket.destroy();
  }

  socketBehind(): boolean {
    return this.socket.writableNeedDrain;
  }

  sendHeaders(stream: ServerStream, block: Buffer, endStream: boolean): void {
    let flags = endStream ? END_STREAM : 0;
    let at = 0;
    let type = HEADERS;
    do {
      const end = Math.min(block.length, at + this.peerMaxFrame);
      if (end === block.length) flags |= END_HEADERS;
      this.frame(type, flags, stream.id, block.subarray(at, end));
      flags &= ~END_STREAM;
      type = CONTINUATION;
      at = end;
    } while (at < block.length);
    if (endStream) this.localEnd(stream);
  }

  /** Sends what the windows allow of the stream's answer. */
  flush(stream: ServerStream): void {
    if (stream.closed) return;
    const queue = stream.queue;
    while (queue.length > 0 && this.sendWindow > 0 && stream.sendWindow > 0) {
      const chunk = queue[0]!;
      const size = Math.min(chunk.length, this.sendWindow, stream.sendWindow, this.peerMaxFrame);
      this.frame(DATA, 0, stream.id, size === chunk.length ? chunk : chunk.subarray(0, size));
      this.sendWindow -= size;
      stream.sendWindow -= size;
      if (size === chunk.length) queue.shift();
      else queue[0] = chunk.subarray(size);
    }
    if (queue.length > 0) {
      this.blocked.add(stream);
      return;
    }
    this.blocked.delete(stream);
    if (stream.pendingTrailers) {
      const trailers = stream.pendingTrailers;
      stream.pendingTrailers = undefined;
      this.sendHeaders(stream, trailers, true);
      return;
    }
    if (stream.needDrain && !this.socket.writableNeedDrain) {
      stream.needDrain = false;
      stream.onDrain();
    }
  }

  /** The answer is complete. If the client is still sending, RST_STREAM(NO_ERROR) tells it to stop (RFC 9113, 8.1). */
  private localEnd(stream: ServerStream): void {
    if (!stream.remoteEnded) this.frame(RST_STREAM, 0, stream.id, uint32(ErrorCode.NO_ERROR));
    this.closeStream(stream);
  }

  private closeStream(stream: ServerStream): void {
    if (stream.closed) return;
    stream.closed = true;
    this.streams.delete(stream.id);
    this.blocked.delete(stream);
    stream.onClose();
    this.endIfIdle();
  }

  private endIfIdle(): void {
    if (this.goingAway && this.streams.size === 0 && !this.finished) {
      this.finished = true;
      this.writeOut();
      this.socket.end();
    }
  }

  private closed(): void {
    this.finished = true;
    for (const stream of [...this.streams.values()]) this.closeStream(stream);
  }

  private drained(): void {
    for (const stream of [...this.streams.values()]) {
      if (stream.needDrain && stream.queue.length === 0) {
        stream.needDrain = false;
        stream.onDrain();
      }
    }
  }

  // --- reading ---

  private receive(chunk: Buffer): void {
    if (this.finished) return;
    let data = this.input ? Buffer.concat([this.input, chunk]) : chunk;
    try {
      if (!this.prefaceSeen) {
        if (data.length < PREFACE.length) {
          if (!PREFACE.subarray(0, data.length).equals(data)) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "not an HTTP/2 client");
          this.input = data;
          return;
        }
        if (!data.subarray(0, PREFACE.length).equals(PREFACE)) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "not an HTTP/2 client");
        this.prefaceSeen = true;
        data = data.subarray(PREFACE.length);
      }
      let at = 0;
      while (data.length - at >= FRAME_HEADER_BYTES) {
        const length = data.readUIntBE(at, 3);
        if (length > DEFAULT_MAX_FRAME) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, `a frame of ${length} bytes`);
        if (data.length - at < FRAME_HEADER_BYTES + length) break;
        const type = data[at + 3]!;
        const flags = data[at + 4]!;
        const streamId = data.readUInt32BE(at + 5) & 0x7fffffff;
        const payload = data.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + length);
        at += FRAME_HEADER_BYTES + length;
        this.onFrame(type, flags, streamId, payload);
        if (this.finished) return;
      }
      this.input = at < data.length ? data.subarray(at) : undefined;
    } catch (error) {
      if (error instanceof ConnectionError) {
        this.fail(error.code);
        return;
      }
      // Ended rather than left to wait for answers that will never come.
      this.fail(ErrorCode.INTERNAL_ERROR);
      if (!this.handlers.onError) throw error;
      this.handlers.onError(error);
    }
  }

  private fail(code: number): void {
    this.input = undefined;
    this.frame(GOAWAY, 0, 0, Buffer.concat([uint32(this.lastStreamId), uint32(code)]));
    this.writeOut();
    this.finished = true;
    this.socket.end();
    // A client that breaks the protocol may not close its side either.
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  private onFrame(type: number, flags: number, streamId: number, payload: Buffer): void {
    if (this.continuing && (type !== CONTINUATION || streamId !== this.continuing.streamId))
      throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "a header block was interrupted");
    switch (type) {
      case DATA:
        this.onData(flags, streamId, payload);
        return;
      case HEADERS:
        this.onHeaders(flags, streamId, payload);
        return;
      case RST_STREAM: {
        if (streamId === 0 || payload.length !== 4) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "bad RST_STREAM");
        const stream = this.streams.get(streamId);
        if (stream) this.closeStream(stream);
        return;
      }
      case SETTINGS:
        this.onSettings(flags, streamId, payload);
        return;
      case PUSH_PROMISE:
        throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "a client sent PUSH_PROMISE");
      case PING:
        if (streamId !== 0 || payload.length !== 8) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "bad PING");
        if (!(flags & ACK)) this.frame(PING, ACK, 0, Buffer.from(payload));
        return;
      case WINDOW_UPDATE:
        this.onWindowUpdate(streamId, payload);
        return;
      case CONTINUATION: {
        const continuing = this.continuing;
        if (!continuing) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "CONTINUATION without HEADERS");
        continuing.fragments.push(payload);
        continuing.bytes += payload.length;
        if (continuing.bytes > MAX_HEADER_BLOCK_BYTES) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "header block too large");
        if (flags & END_HEADERS) {
          this.continuing = undefined;
          this.onHeaderBlock(continuing.streamId, Buffer.concat(continuing.fragments), continuing.endStream);
        }
        return;
      }
      // PRIORITY, GOAWAY (the client opens no more streams; those in flight finish) and unknown types are ignored.
    }
  }

  private onData(flags: number, streamId: number, payload: Buffer): void {
    if (streamId === 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "DATA on stream 0");
    // The whole frame, padding included, counts against the connection window.
    this.receivedSinceRefill += payload.length;
    if (this.receivedSinceRefill >= WINDOW_REFILL) {
      this.frame(WINDOW_UPDATE, 0, 0, uint32(this.receivedSinceRefill));
      this.receivedSinceRefill = 0;
    }
    const stream = this.streams.get(streamId);
    if (!stream) {
      if (streamId > this.lastStreamId) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "DATA on an idle stream");
      return; // a stream this side already answered and closed
    }
    if (stream.remoteEnded) return;
    const data = flags & PADDED ? unpad(payload) : payload;
    if (data.length > 0) stream.onData(data);
    if (flags & END_STREAM) this.remoteEnd(stream);
  }

  private onHeaders(flags: number, streamId: number, payload: Buffer): void {
    if (streamId === 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "HEADERS on stream 0");
    let fragment = flags & PADDED ? unpad(payload) : payload;
    if (flags & PRIORITY) {
      if (fragment.length < 5) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "bad HEADERS priority");
      fragment = fragment.subarray(5);
    }
    const endStream = (flags & END_STREAM) !== 0;
    if (flags & END_HEADERS) this.onHeaderBlock(streamId, fragment, endStream);
    else this.continuing = { streamId, endStream, fragments: [fragment], bytes: fragment.length };
  }

  private onHeaderBlock(streamId: number, block: Buffer, endStream: boolean): void {
    let headers: HeaderList;
    try {
      // Every block is decoded, even one for a stream that is refused: the blocks share the decoder's table.
      headers = this.decoder.decode(block);
    } catch (error) {
      if (error instanceof CompressionError) throw new ConnectionError(ErrorCode.COMPRESSION_ERROR, error.message);
      throw error;
    }
    const existing = this.streams.get(streamId);
    if (existing) {
      // Trailers from the client: they end its side.
      if (!endStream) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "trailers without END_STREAM");
      this.remoteEnd(existing);
      return;
    }
    if (streamId % 2 === 0 || streamId <= this.lastStreamId)
      throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, `HEADERS opening stream ${streamId}`);
    this.lastStreamId = streamId;
    if (this.goingAway) {
      this.frame(RST_STREAM, 0, streamId, uint32(ErrorCode.REFUSED_STREAM));
      return;
    }
    const stream = new ServerStream(streamId, headers, this);
    // Known before the owner sees the stream, so that an answer it gives at once is not followed by RST_STREAM.
    stream.remoteEnded = endStream;
    this.streams.set(streamId, stream);
    this.handlers.onStream(stream);
    if (endStream && !stream.closed) stream.onEnd();
  }

  private remoteEnd(stream: ServerStream): void {
    stream.remoteEnded = true;
    stream.onEnd();
  }

  private onSettings(flags: number, streamId: number, payload: Buffer): void {
    if (streamId !== 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "SETTINGS on a stream");
    if (flags & ACK) return;
    if (payload.length % 6 !== 0) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, "bad SETTINGS length");
    for (let at = 0; at < payload.length; at += 6) {
      const id = payload.readUInt16BE(at);
      const value = payload.readUInt32BE(at + 2);
      if (id === SETTINGS_INITIAL_WINDOW_SIZE) {
        if (value > MAX_WINDOW) throw new ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, "initial window too large");
        const delta = value - this.peerInitialWindow;
        this.peerInitialWindow = value;
        for (const stream of this.streams.values()) stream.sendWindow += delta;
      } else if (id === SETTINGS_MAX_FRAME_SIZE) {
        if (value < DEFAULT_MAX_FRAME || value > LARGEST_MAX_FRAME)
          throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "bad max frame size");
        this.peerMaxFrame = value;
      }
      // The rest do not concern a server that never pushes and never indexes what it sends.
    }
    this.frame(SETTINGS, ACK, 0, Buffer.alloc(0));
    for (const stream of [...this.blocked]) this.flush(stream);
  }

  private onWindowUpdate(streamId: number, payload: Buffer): void {
    if (payload.length !== 4) throw new ConnectionError(ErrorCode.FRAME_SIZE_ERROR, "bad WINDOW_UPDATE length");
    const increment = payload.readUInt32BE(0) & 0x7fffffff;
    if (streamId === 0) {
      if (increment === 0) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "a window update of 0");
      this.sendWindow += increment;
      if (this.sendWindow > MAX_WINDOW) throw new ConnectionError(ErrorCode.FLOW_CONTROL_ERROR, "connection window over 2^31-1");
      for (const stream of [...this.blocked]) this.flush(stream);
      return;
    }
    const stream = this.streams.get(streamId);
    if (!stream) return;
    stream.sendWindow += increment;
    this.flush(stream);
  }

  // --- writing ---

  private frame(type: number, flags: number, streamId: number, payload: Buffer): void {
    if (this.finished) return;
    const header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
    header.writeUIntBE(payload.length, 0, 3);
    header[3] = type;
    header[4] = flags;
    header.writeUInt32BE(streamId, 5);
    this.output.push(header, payload);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(() => this.writeOut());
    }
  }

  private writeOut(): void {
    this.flushScheduled = false;
    if (this.output.length === 0) return;
    const output = this.output;
    this.output = [];
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(output.length === 1 ? output[0]! : Buffer.concat(output));
  }
}

function uint32(value: number): Buffer {
  const out = Buffer.allocUnsafe(4);
  out.writeUInt32BE(value >>> 0, 0);
  return out;
}

function settingsPayload(settings: readonly (readonly [number, number])[]): Buffer {
  const out = Buffer.allocUnsafe(settings.length * 6);
  settings.forEach(([id, value], i) => {
    out.writeUInt16BE(id, i * 6);
    out.writeUInt32BE(value, i * 6 + 2);
  });
  return out;
}

/** A PADDED frame's content: a pad length byte, the content, then that many bytes of padding. */
function unpad(payload: Buffer): Buffer {
  if (payload.length < 1 || payload[0]! >= payload.length) throw new ConnectionError(ErrorCode.PROTOCOL_ERROR, "bad padding");
  return payload.subarray(1, payload.length - payload[0]!);
}
