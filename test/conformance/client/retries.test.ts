import { createServer } from "node:http";
import { PortalNetworkError, PortalRateLimitError, PortalServerError } from "../../../provider/src/core/client";
import {
  ClientPool,
  type FakePortal,
  rateLimitHeaders,
  sendJson,
  sendTooManyRequests,
  startFakePortal,
  TEST_API_KEY,
  unusedPort,
} from "./portal-server";

const SID = "8a4e0a6e-6f4e-4a59-a1ad-3b2f2f6f1f00";
const clients = new ClientPool();
let portal: FakePortal | undefined;

afterEach(async () => {
  await clients.closeAll();
  await portal?.close();
  portal = undefined;
});

describe("client retries against a real HTTP server", () => {
  it("retries a GET on 503 and then succeeds", async () => {
    portal = await startFakePortal((request, res) => {
      if (request.index < 2) sendJson(res, 503, { msg: "busy" });
      else sendJson(res, 200, { account_sid: SID }, rateLimitHeaders(597, 200));
    });
    const client = clients.create(portal.origin);
    await expect(client.get(["Accounts", SID])).resolves.toEqual({ account_sid: SID });
    expect(portal.requests).toHaveLength(3);
    expect(client.stats).toMatchObject({ requestsSent: 3, retries: 2, rateLimited: 0 });
  });

  it("honours Retry-After on a 429 before trying again", async () => {
    portal = await startFakePortal((request, res) => {
      if (request.index === 0) sendTooManyRequests(res, 1);
      else sendJson(res, 200, []);
    });
    const client = clients.create(portal.origin);
    await expect(client.get(["Accounts"])).resolves.toEqual([]);
    const [first, second] = portal.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(client.stats).toMatchObject({ requestsSent: 2, retries: 1, rateLimited: 1 });
  });

  it("fails with VG_ERR_RATE_LIMITED when 429s outlast the retries", async () => {
    portal = await startFakePortal((_request, res) => sendTooManyRequests(res, 0));
    const client = clients.create(portal.origin, { retry: { maxRetries: 2, baseDelayMs: 5 } });
    const error = await client.get(["Accounts"]).catch((e: unknown) => e);
    expect(PortalRateLimitError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: "VG_ERR_RATE_LIMITED", attempts: 3, serverMessage: "Too many requests, please try again later." });
    expect(portal.requests).toHaveLength(3);
  });

  it("fails at once on a 500, which the portal uses for bad input", async () => {
    portal = await startFakePortal((_request, res) =>
      sendJson(res, 500, { msg: "invalid aws S3 bucket credential: access_key_id is required" }),
    );
    const client = clients.create(portal.origin);
    const error = await client.put(["Accounts", SID], { bucket_credential: { vendor: "aws_s3" } }).catch((e: unknown) => e);
    expect(PortalServerError.is(error)).toBe(true);
    expect(error).toMatchObject({
      code: "VG_ERR_SERVER",
      status: 500,
      serverMessage: "invalid aws S3 bucket credential: access_key_id is required",
    });
    expect(portal.requests).toHaveLength(1);
  });

  it("fails without retrying a POST that was written before the connection was reset", async () => {
    portal = await startFakePortal((_request, _res, req) => {
      req.socket.destroy(); // the body has arrived: the account may now exist
    });
    const client = clients.create(portal.origin);
    const error = await client.post(["Accounts"], { name: "acme", service_provider_sid: SID }).catch((e: unknown) => e);
    expect(PortalNetworkError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: "VG_ERR_NETWORK", mayHaveReachedServer: true, attempts: 1 });
    expect((error as Error).message).toMatch(/may have reached the portal and been applied/);
    expect(portal.requests).toHaveLength(1);
    expect(portal.requests[0]!.body).toBe('{"name":"acme","service_provider_sid":"' + SID + '"}');
  });

  it("retries a GET after the connection was reset", async () => {
    portal = await startFakePortal((request, res, req) => {
      if (request.index === 0) req.socket.destroy();
      else sendJson(res, 200, { account_sid: SID });
    });
    const client = clients.create(portal.origin);
    await expect(client.get(["Accounts", SID])).resolves.toEqual({ account_sid: SID });
    expect(portal.requests).toHaveLength(2);
  });

  it("fails with VG_ERR_NETWORK after retrying a refused POST when nobody ever listens", async () => {
    const port = await unusedPort();
    const client = clients.create(`http://127.0.0.1:${port}`, { retry: { maxRetries: 2, baseDelayMs: 5 } });
    const error = await client.post(["Accounts"], { name: "acme" }).catch((e: unknown) => e);
    expect(PortalNetworkError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: "VG_ERR_NETWORK", causeCode: "ECONNREFUSED", mayHaveReachedServer: false, attempts: 3 });
    expect((error as { cause?: { code?: string } }).cause?.code).toBe("ECONNREFUSED");
    expect((error as Error).message).toMatch(
      /Could not connect to the portal at http:\/\/127\.0\.0\.1:\d+ for POST \/v1\/Accounts \(ECONNREFUSED\) \(3 attempts\)/,
    );
    expect((error as Error).message).toMatch(/The request was not sent/);
    expect(client.stats).toMatchObject({ requestsSent: 3, retries: 2 });
  });

  it("retries a refused POST and succeeds once the portal starts listening", async () => {
    const port = await unusedPort();
    let started: Promise<FakePortal> | undefined;
    const client = clients.create(`http://127.0.0.1:${port}`, {
      retry: { maxRetries: 3, baseDelayMs: 300, maxDelayMs: 300 },
      random: () => 0.99,
      logger: {
        debug: (message) => {
          if (message === "portal request failed" && started === undefined) {
            started = startFakePortal((_request, res) => sendJson(res, 201, { sid: SID }), port);
          }
        },
      },
    });
    await expect(client.post(["Accounts"], { name: "acme" })).resolves.toEqual({ sid: SID });
    portal = await started;
    expect(portal!.requests).toHaveLength(1);
    expect(client.stats.requestsSent).toBe(2);
  });

  it("fails a GET with VG_ERR_NETWORK after each attempt times out", async () => {
    portal = await startFakePortal(() => {
      // never answers
    });
    const client = clients.create(portal.origin, { timeoutMs: 150, retry: { maxRetries: 1, baseDelayMs: 5 } });
    const started = performance.now();
    const error = await client.get(["Accounts"]).catch((e: unknown) => e);
    expect(PortalNetworkError.is(error)).toBe(true);
    expect(error).toMatchObject({ causeCode: "UND_ERR_HEADERS_TIMEOUT", attempts: 2 });
    expect((error as Error).message).toMatch(/did not answer GET \/v1\/Accounts within 150 ms \(2 attempts\)/);
    expect(portal.requests).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("fails a POST that timed out without retrying it", async () => {
    portal = await startFakePortal(() => {
      // never answers
    });
    const client = clients.create(portal.origin, { timeoutMs: 150 });
    const error = await client.post(["ApiKeys"], { account_sid: SID }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VG_ERR_NETWORK", mayHaveReachedServer: true, attempts: 1 });
    expect(portal.requests).toHaveLength(1);
  });

  it("fails with a body timeout when the body stops arriving", async () => {
    portal = await startFakePortal((_request, res) => {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Length": "100" });
      res.write('{"account_sid":');
    });
    const client = clients.create(portal.origin, { timeoutMs: 150, retry: { maxRetries: 0 } });
    const error = await client.get(["Accounts", SID]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VG_ERR_NETWORK", causeCode: "UND_ERR_BODY_TIMEOUT" });
  });

  it("fails with a network error that does not contain the API key", async () => {
    const server = createServer((req) => req.socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const { port } = server.address() as { port: number };
    try {
      const client = clients.create(`http://127.0.0.1:${port}`, { retry: { maxRetries: 0 } });
      const error = await client.get(["Accounts"]).catch((e: unknown) => e);
      expect(PortalNetworkError.is(error)).toBe(true);
      const { inspect } = await import("node:util");
      for (const view of [
        (error as Error).message,
        (error as Error).stack,
        inspect(error, { depth: 10, showHidden: true }),
        JSON.stringify(error),
      ]) {
        expect(view).not.toContain(TEST_API_KEY);
      }
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
