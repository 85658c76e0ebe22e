import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import { type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MockAgent } from "undici";

import { PortalClient, PortalClientConfigError, PortalNetworkError } from "../../../provider/src/core/client";
import { throwawayCa } from "../../support/throwaway-ca";

const API_KEY = "6c0b8f0e-3d9a-4f3c-8e37-2b7c1d9e5a44";

// A portal over https whose certificate comes from a CA that only `extraCaCertificates` names.
describe("PortalClient extraCaCertificates", () => {
  let dir: string;
  let caPem: string;
  let server: Server;
  let apiUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "vg-extra-ca-"));
    const ca = throwawayCa(dir);
    caPem = readFileSync(ca.caFile, "utf8");
    server = createServer({ cert: ca.cert, key: ca.key }, (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    apiUrl = `https://localhost:${(server.address() as AddressInfo).port}/v1`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const client = (extra?: string) =>
    new PortalClient({
      apiUrl,
      apiKey: API_KEY,
      rateLimit: false,
      retry: { maxRetries: 0 },
      ...(extra ? { extraCaCertificates: extra } : {}),
    });

  it("trusts a portal certificate issued by one of those CAs", async () => {
    const trusting = client(caPem);
    try {
      await expect(trusting.get(["Accounts"])).resolves.toEqual({ ok: true });
    } finally {
      await trusting.close();
    }
  });

  it("still refuses that certificate without them", async () => {
    const plain = client();
    try {
      const failure = plain.get(["Accounts"]);
      await expect(failure).rejects.toBeInstanceOf(PortalNetworkError);
      await expect(failure).rejects.toThrow(
        /presented a TLS certificate that was not accepted for GET \/v1\/Accounts \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)\. If it is issued by a private CA, set NODE_EXTRA_CA_CERTS/,
      );
      await expect(failure).rejects.toThrow(/The request was not sent/);
    } finally {
      await plain.close();
    }
  });

  it("refuses text without a certificate, and the option together with a dispatcher, naming the option", () => {
    expect(() => client("not a certificate")).toThrow(PortalClientConfigError);
    expect(() => client("not a certificate")).toThrow(/extraCaCertificates: got text without a PEM certificate/);
    const dispatcher = new MockAgent();
    expect(() => new PortalClient({ apiUrl, apiKey: API_KEY, dispatcher, extraCaCertificates: caPem })).toThrow(
      /extraCaCertificates: applies to the client's own Agent only/,
    );
    void dispatcher.close();
  });
});
