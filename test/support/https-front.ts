import { request } from "node:http";
import { createServer } from "node:https";
import { type AddressInfo } from "node:net";

export interface HttpsFront {
  /** `https://localhost:<port>` */
  readonly origin: string;
  close(): Promise<void>;
}

/**
 * An HTTPS server on loopback that passes every request on to a plain-http `target` origin (the emulator) and its
 * answer back: a portal behind TLS with a certificate of our choosing.
 */
export async function httpsFront(target: string, tls: { cert: Buffer; key: Buffer }): Promise<HttpsFront> {
  const server = createServer(tls, (incoming, outgoing) => {
    const forwarded = request(new URL(incoming.url ?? "/", target), { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    forwarded.on("error", () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
