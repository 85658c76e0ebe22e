import {
  DEFAULT_CONCURRENCY,
  PortalAuthError,
  PortalClient,
  PortalForbiddenError,
  PortalInsecureUrlError,
  PortalNotFoundError,
  PortalRouteNotFoundError,
} from "../../../provider/src/core/client";
import {
  ClientPool,
  type FakePortal,
  rateLimitHeaders,
  sendExpressNotFound,
  sendJson,
  sendText,
  startFakePortal,
  TEST_API_KEY,
} from "./portal-server";

const SID = "8a4e0a6e-6f4e-4a59-a1ad-3b2f2f6f1f00";
const clients = new ClientPool();
let portal: FakePortal | undefined;

afterEach(async () => {
  await clients.closeAll();
  await portal?.close();
  portal = undefined;
});

/** Routes like the portal's: exact casing, one segment per SID, Express's HTML page for anything else. */
async function startRoutedPortal(): Promise<FakePortal> {
  return startFakePortal((request, res) => {
    const [path] = request.url.split("?");
    const match = /^\/v1\/Accounts\/([^/]+)$/.exec(path ?? "");
    if (request.headers.authorization !== `Bearer ${TEST_API_KEY}`) {
      sendText(res, 401, "Unauthorized", { "WWW-Authenticate": 'Bearer realm="Users", error="invalid_token"' });
    } else if (match && request.method === "GET") {
      const sid = decodeURIComponent(match[1]!);
      if (sid === SID) sendJson(res, 200, { account_sid: sid }, rateLimitHeaders(590, 250));
      else sendText(res, 404, "", rateLimitHeaders(590, 250));
    } else if (path === "/v1/Accounts/" + SID + "/ApiKeys" && request.method === "GET") {
      sendJson(res, 403, { status: "fail", message: "insufficient privileges" });
    } else {
      sendExpressNotFound(res, request.method, request.url);
    }
  });
}

describe("client transport against a real HTTP server", () => {
  it("sends the bearer token, Accept, User-Agent and a JSON Content-Type only with a body", async () => {
    portal = await startFakePortal((request, res) => (request.method === "PUT" ? sendText(res, 204, "") : sendJson(res, 200, {})));
    const client = clients.create(portal.origin);
    await client.get(["Accounts", SID]);
    await client.put(["Accounts", SID], { name: "acme" });
    const [get, put] = portal.requests;
    expect(get!.headers).toMatchObject({
      authorization: `Bearer ${TEST_API_KEY}`,
      accept: "application/json",
      "user-agent": "voicegateway-iac/0.0.0-test",
    });
    expect(get!.headers["content-type"]).toBeUndefined();
    expect(put!.headers["content-type"]).toBe("application/json");
    expect(put!.body).toBe('{"name":"acme"}');
  });

  it("never appends a query string unless one is given", async () => {
    portal = await startFakePortal((_request, res) => sendJson(res, 200, []));
    const client = clients.create(portal.origin);
    await client.get(["Accounts", SID]);
    await client.delete(["Accounts", SID, "Limits"], { query: { category: "voice_call_session" } });
    expect(portal.requests.map((r) => r.url)).toEqual([`/v1/Accounts/${SID}`, `/v1/Accounts/${SID}/Limits?category=voice_call_session`]);
  });

  it("fails with not found, not a route miss, for a SID containing / or ?, which stays one encoded segment", async () => {
    portal = await startRoutedPortal();
    const client = clients.create(portal.origin);
    const error = await client.get(["Accounts", "evil/../x?regenerate=true"]).catch((e: unknown) => e);
    expect(portal.requests[0]!.url).toBe("/v1/Accounts/evil%2F..%2Fx%3Fregenerate%3Dtrue");
    // one segment, so the account route matched and answered "not found", not a route miss
    expect(PortalNotFoundError.is(error)).toBe(true);
  });

  it("keeps the exact path casing it was given", async () => {
    portal = await startFakePortal((_request, res) => sendJson(res, 200, []));
    const client = clients.create(portal.origin);
    await client.get(["Accounts", SID, "ApiKeys"]);
    expect(portal.requests[0]!.url).toBe(`/v1/Accounts/${SID}/ApiKeys`);
  });

  it("caps the requests in flight at the configured concurrency", async () => {
    portal = await startFakePortal((_request, res) => {
      setTimeout(() => sendJson(res, 200, {}), 40);
    });
    const client = clients.create(portal.origin, { concurrency: 3 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.get(["Accounts", `sid-${i}`])));
    expect(portal.requests).toHaveLength(10);
    expect(portal.maxInFlight).toBe(3);
  });

  it("allows DEFAULT_CONCURRENCY (10) requests in flight by default", async () => {
    portal = await startFakePortal((_request, res) => {
      setTimeout(() => sendJson(res, 200, {}), 40);
    });
    const client = clients.create(portal.origin);
    expect(DEFAULT_CONCURRENCY).toBe(10);
    await Promise.all(Array.from({ length: DEFAULT_CONCURRENCY + 4 }, (_, i) => client.get(["Accounts", `sid-${i}`])));
    expect(portal.maxInFlight).toBe(DEFAULT_CONCURRENCY);
  });

  it("fails with VG_ERR_NOT_FOUND for an empty 404 where a known SID reads fine", async () => {
    portal = await startRoutedPortal();
    const client = clients.create(portal.origin);
    await expect(client.get(["Accounts", SID])).resolves.toEqual({ account_sid: SID });
    const error = await client.get(["Accounts", "00000000-0000-4000-8000-000000000000"]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "VG_ERR_NOT_FOUND", status: 404 });
  });

  it("fails with VG_ERR_NO_ROUTE, not 'not found', when api_url lacks the version path", async () => {
    portal = await startRoutedPortal();
    const client = clients.create(portal.origin, { apiUrl: portal.origin }); // missing /v1
    const error = await client.get(["Accounts", SID]).catch((e: unknown) => e);
    expect(PortalRouteNotFoundError.is(error)).toBe(true);
    expect(PortalNotFoundError.is(error)).toBe(false);
    expect(error).toMatchObject({ code: "VG_ERR_NO_ROUTE", serverMessage: `Cannot GET /Accounts/${SID}` });
    expect((error as Error).message).toMatch(
      /check that api_url includes the API version path, for example https:\/\/vg\.example\.com\/api\/v1 or http:\/\/127\.0\.0\.1:3000\/v1/,
    );
  });

  it("fails with VG_ERR_NO_ROUTE for wrong path casing", async () => {
    portal = await startRoutedPortal();
    const client = clients.create(portal.origin);
    await expect(client.get(["accounts", SID, "limits"])).rejects.toBeInstanceOf(PortalRouteNotFoundError);
  });

  it("fails with VG_ERR_UNAUTHORIZED for a wrong key, without showing either key", async () => {
    portal = await startRoutedPortal();
    const wrongKey = "11111111-2222-4333-8444-555555555555";
    const client = clients.create(portal.origin, { apiKey: wrongKey });
    const error = await client.get(["Accounts", SID]).catch((e: unknown) => e);
    expect(PortalAuthError.is(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, serverMessage: "Unauthorized" });
    expect(JSON.stringify(error) + (error as Error).stack).not.toContain(wrongKey);
  });

  it("fails with VG_ERR_FORBIDDEN quoting the middleware's {status,message} body", async () => {
    portal = await startRoutedPortal();
    const client = clients.create(portal.origin);
    const error = await client.get(["Accounts", SID, "ApiKeys"]).catch((e: unknown) => e);
    expect(PortalForbiddenError.is(error)).toBe(true);
    expect(error).toMatchObject({ serverMessage: "insufficient privileges" });
  });

  it("pauses new requests until RateLimit-Reset when the server's remaining budget is gone", async () => {
    portal = await startFakePortal((request, res) => {
      sendJson(res, 200, {}, request.index === 0 ? rateLimitHeaders(0, 1) : rateLimitHeaders(599, 300));
    });
    const client = clients.create(portal.origin, { rateLimit: { requests: 600, windowMs: 300_000 } });
    await client.get(["Accounts"]);
    await client.get(["Accounts"]);
    const [first, second] = portal.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(client.stats.limiterWaitMs).toBeGreaterThanOrEqual(950);
    expect(client.stats.rateLimited).toBe(0);
  });

  it("keeps a burst inside the local sliding window", async () => {
    portal = await startFakePortal((_request, res) => sendJson(res, 200, {}));
    const client = clients.create(portal.origin, { rateLimit: { requests: 3, windowMs: 300 } });
    await Promise.all(Array.from({ length: 6 }, () => client.get(["Accounts"])));
    // the 4th start waits for the 1st to leave the 300 ms window; arrival times also include the first
    // requests' connect time, hence the slack
    const times = portal.requests.map((r) => r.at);
    expect(times[3]! - times[0]!).toBeGreaterThanOrEqual(250);
    expect(client.stats.limiterWaitMs).toBeGreaterThan(0);
  });

  it("fails to create a client for plain http to a remote host without insecureHttp", () => {
    expect(() => new PortalClient({ apiUrl: "http://vg.example.com/api/v1", apiKey: TEST_API_KEY })).toThrow(PortalInsecureUrlError);
    expect(() => new PortalClient({ apiUrl: "http://vg.example.com/api/v1", apiKey: TEST_API_KEY })).toThrow(/set insecureHttp: true/);
  });

  it("talks plain http to loopback without opting in", async () => {
    portal = await startFakePortal((_request, res) => sendJson(res, 200, { ok: true }));
    const client = clients.create(portal.origin.replace("127.0.0.1", "localhost"));
    await expect(client.get(["Accounts"])).resolves.toEqual({ ok: true });
  });
});
