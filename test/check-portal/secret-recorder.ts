import { createServer, type Server } from "node:http";
import { type AddressInfo } from "node:net";
import { request } from "undici";

/**
 * A pass-through proxy in front of a portal that notes every secret on the wire, both ways: values under secret
 * keys in JSON bodies (tokens, webhook secrets, recording secrets, passwords) and the bearer token. A test then
 * checks that none of them reached the command's output.
 */
export interface SecretRecorder {
  /** The proxy's API URL (the portal's path on the proxy's origin). */
  readonly apiUrl: string;
  readonly secrets: ReadonlySet<string>;
  close(): Promise<void>;
}

const SECRET_KEY = /(token|secret|password|secret_access_key|connection_string|service_key|private_key)$/i;

function collect(value: unknown, into: Set<string>, underSecret = false): void {
  if (typeof value === "string") {
    if (underSecret && value.length >= 8) into.add(value);
    return;
  }
  if (Array.isArray(value)) value.forEach((v) => collect(v, into, underSecret));
  else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) collect(child, into, underSecret || SECRET_KEY.test(key));
  }
}

function collectJson(text: string, into: Set<string>): void {
  try {
    collect(JSON.parse(text), into);
  } catch {
    // not JSON: nothing structured to note
  }
}

export async function startSecretRecorder(portalApiUrl: string): Promise<SecretRecorder> {
  const target = new URL(portalApiUrl);
  const secrets = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      collectJson(body, secrets);
      const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
      if (bearer) secrets.add(bearer);
      const headers = { ...req.headers, host: target.host };
      request(`${target.origin}${req.url ?? "/"}`, { method: req.method as "GET", headers, body: body === "" ? null : body })
        .then(async (answer) => {
          const text = await answer.body.text();
          collectJson(text, secrets);
          res.writeHead(answer.statusCode, answer.headers as Record<string, string>);
          res.end(text);
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}${target.pathname}`,
    secrets,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
