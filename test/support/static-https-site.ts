import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:https";
import { type AddressInfo } from "node:net";
import { join, normalize, sep } from "node:path";

export interface StaticHttpsSite {
  /** `https://localhost:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Every path requested, in order, with the status served. */
  readonly requests: { path: string; status: number }[];
  close(): Promise<void>;
}

/**
 * Serves a directory over HTTPS on loopback the way a plain static host does (S3, nginx, GitHub Pages): files
 * only, `.json` as application/json and anything without a known extension as application/octet-stream.
 */
export async function serveStaticHttps(root: string, tls: { cert: Buffer; key: Buffer }): Promise<StaticHttpsSite> {
  const requests: { path: string; status: number }[] = [];
  const types: Record<string, string> = { ".json": "application/json", ".zip": "application/zip", ".asc": "text/plain" };
  const server = createServer(tls, (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "https://localhost").pathname);
    const file = normalize(join(root, path));
    const found = file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile();
    requests.push({ path, status: found ? 200 : 404 });
    if (!found || (req.method !== "GET" && req.method !== "HEAD")) {
      res.writeHead(found ? 405 : 404).end();
      return;
    }
    const extension = /\.[a-z]+$/.exec(file)?.[0] ?? "";
    res.writeHead(200, { "content-type": types[extension] ?? "application/octet-stream", "content-length": statSync(file).size });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `https://localhost:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
