import { connect } from "node:net";

export interface UploadRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Body bytes the client means to send. */
  readonly totalBytes: number;
  /** Send `Transfer-Encoding: chunked` instead of a Content-Length. */
  readonly chunked?: boolean;
}

export interface UploadOutcome {
  /** From the status line, or null when the connection ended without an answer. */
  readonly status: number | null;
  readonly body: string;
  /** Body bytes handed to the socket before the first byte of the answer arrived. */
  readonly bytesSentBeforeAnswer: number;
  /** The server ended or reset the connection (the client closes it only after a keep-alive answer). */
  readonly closedByServer: boolean;
}

const CHUNK_BYTES = 64 * 1024;

/**
 * Streams a large body over a raw socket, each write waiting for the socket to drain, and stops writing the moment
 * the answer begins. A server that reads the whole body before answering can only answer after the last byte; one
 * that refuses early answers while most of the body has not been sent.
 */
export function streamUpload(origin: string, request: UploadRequest): Promise<UploadOutcome> {
  const { hostname, port } = new URL(origin);
  const socket = connect(Number(port), hostname);
  let response = Buffer.alloc(0);
  let sent = 0;
  let sentBeforeAnswer: number | null = null;
  let closedByServer = false;
  let wake: () => void = () => undefined;

  socket.on("data", (chunk: Buffer) => {
    if (sentBeforeAnswer === null) sentBeforeAnswer = sent;
    response = Buffer.concat([response, chunk]);
    // A keep-alive answer leaves the connection open: close it once the answer is complete.
    if (isComplete(response) && !/\r\nconnection: close\r\n/i.test(response.toString("latin1"))) socket.destroy();
    wake();
  });
  socket.on("end", () => {
    closedByServer = true;
  });
  // A server that stops reading resets the connection while the client still writes (EPIPE, ECONNRESET).
  socket.on("error", () => {
    closedByServer = true;
  });
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  socket.on("close", () => wake());

  const upload = async (): Promise<void> => {
    await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
    socket.write(head(request, hostname, port));
    while (sent < request.totalBytes && sentBeforeAnswer === null && !socket.destroyed) {
      const size = Math.min(CHUNK_BYTES, request.totalBytes - sent);
      const data = Buffer.alloc(size, sent === 0 ? " " : "x");
      const flowing = socket.write(
        request.chunked ? Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), data, Buffer.from("\r\n")]) : data,
      );
      sent += size;
      if (!flowing)
        await new Promise<void>((resolve) => {
          wake = resolve;
          socket.once("drain", () => resolve());
        });
    }
    if (request.chunked && sent >= request.totalBytes && !socket.destroyed) socket.write("0\r\n\r\n");
  };

  return upload()
    .then(() => closed)
    .then(() => {
      const text = response.toString("latin1");
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text);
      const bodyAt = text.indexOf("\r\n\r\n");
      return {
        status: status ? Number(status[1]) : null,
        body: bodyAt === -1 ? "" : text.slice(bodyAt + 4),
        bytesSentBeforeAnswer: sentBeforeAnswer ?? sent,
        closedByServer,
      };
    });
}

function head(request: UploadRequest, hostname: string, port: string): string {
  const length = request.chunked ? { "transfer-encoding": "chunked" } : { "content-length": String(request.totalBytes) };
  const lines = Object.entries({ host: `${hostname}:${port}`, ...request.headers, ...length }).map(([k, v]) => `${k}: ${v}`);
  return `${request.method} ${request.path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}

/** The head and a Content-Length's worth of body have arrived (the emulator always sends a length or no body). */
function isComplete(response: Buffer): boolean {
  const text = response.toString("latin1");
  const bodyAt = text.indexOf("\r\n\r\n");
  if (bodyAt === -1) return false;
  const length = /\r\ncontent-length: (\d+)/i.exec(text.slice(0, bodyAt));
  return Buffer.byteLength(text.slice(bodyAt + 4), "latin1") >= Number(length?.[1] ?? 0);
}
