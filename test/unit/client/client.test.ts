import { MockAgent } from "undici";
import { z } from "zod";
import {
  PortalAuthError,
  PortalClient,
  type PortalClientOptions,
  PortalNetworkError,
  PortalRateLimitError,
  PortalServerError,
  PortalUnexpectedResponseError,
  REDACTED,
} from "../../../provider/src/core/client";
import { FakeClock } from "./fake-clock";
import { expectNoSecrets } from "./no-secrets";

const ORIGIN = "https://vg.example.com";
const TOKEN = "0b5f8c52-3b1e-4b7a-9a57-6a2e2f3c9d11";
const SID = "8a4e0a6e-6f4e-4a59-a1ad-3b2f2f6f1f00";
const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

type Line = { message: string; level: "debug" | "warn" } & Record<string, unknown>;

function setup(options: Partial<PortalClientOptions> = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const clock = new FakeClock();
  const lines: Line[] = [];
  const client = new PortalClient({
    apiUrl: `${ORIGIN}/api/v1`,
    apiKey: TOKEN,
    dispatcher: agent,
    clock,
    random: () => 0.5,
    userAgent: "voicegateway-iac/9.9.9",
    logger: {
      debug: (message, fields) => lines.push({ message, level: "debug", ...fields }),
      warn: (message, fields) => lines.push({ message, level: "warn", ...fields }),
    },
    retry: { baseDelayMs: 100 },
    ...options,
  });
  return { agent, pool, clock, client, lines };
}

let current: ReturnType<typeof setup> | undefined;
function fresh(options: Partial<PortalClientOptions> = {}): ReturnType<typeof setup> {
  current = setup(options);
  return current;
}

afterEach(async () => {
  current?.agent.assertNoPendingInterceptors();
  await current?.agent.close();
  current = undefined;
});

describe("PortalClient requests", () => {
  it("sends the bearer token, Accept and User-Agent, and no Content-Type without a body", async () => {
    const { pool, client } = fresh();
    let seen: Record<string, string> = {};
    pool.intercept({ path: `/api/v1/Accounts/${SID}`, method: "GET" }).reply((options) => {
      seen = options.headers as Record<string, string>;
      return { statusCode: 200, data: { account_sid: SID }, responseOptions: { headers: JSON_HEADERS } };
    });
    await expect(client.get(["Accounts", SID])).resolves.toEqual({ account_sid: SID });
    expect(seen).toMatchObject({ authorization: `Bearer ${TOKEN}`, accept: "application/json", "user-agent": "voicegateway-iac/9.9.9" });
    expect(seen["content-type"]).toBeUndefined();
  });

  it("sends a JSON body with Content-Type", async () => {
    const { pool, client } = fresh();
    let body: unknown;
    let contentType: string | undefined;
    pool.intercept({ path: "/api/v1/Accounts", method: "POST" }).reply((options) => {
      body = JSON.parse(String(options.body));
      contentType = (options.headers as Record<string, string>)["content-type"];
      return { statusCode: 201, data: { sid: SID }, responseOptions: { headers: JSON_HEADERS } };
    });
    await expect(client.post(["Accounts"], { name: "acme" })).resolves.toEqual({ sid: SID });
    expect(body).toEqual({ name: "acme" });
    expect(contentType).toBe("application/json");
  });

  it("resolves a 204 to undefined", async () => {
    const { pool, client } = fresh();
    pool.intercept({ path: `/api/v1/Accounts/${SID}`, method: "PUT" }).reply(204, "");
    await expect(client.put(["Accounts", SID], { name: "acme" })).resolves.toBeUndefined();
  });

  it("returns status, headers and body from request()", async () => {
    const { pool, client } = fresh();
    pool
      .intercept({ path: "/api/v1/Accounts", method: "GET" })
      .reply(200, [{ account_sid: SID }], { headers: { ...JSON_HEADERS, "ratelimit-remaining": "599" } });
    const response = await client.request("GET", ["Accounts"]);
    expect(response.status).toBe(200);
    expect(response.headers["ratelimit-remaining"]).toBe("599");
    expect(response.body).toEqual([{ account_sid: SID }]);
  });

  it("parses a JSON body sent without a JSON content type, and returns other text as a string", async () => {
    const { pool, client } = fresh();
    pool.intercept({ path: "/api/v1/A", method: "GET" }).reply(200, '{"a":1}', { headers: { "content-type": "text/plain" } });
    pool.intercept({ path: "/api/v1/B", method: "GET" }).reply(200, "pong", { headers: { "content-type": "text/plain" } });
    await expect(client.get(["A"])).resolves.toEqual({ a: 1 });
    await expect(client.get(["B"])).resolves.toBe("pong");
  });

  it("sends the query only when given", async () => {
    const { pool, client } = fresh();
    const paths: string[] = [];
    pool
      .intercept({ path: (path) => path.startsWith(`/api/v1/Accounts/${SID}`), method: "GET" })
      .reply((options) => {
        paths.push(options.path);
        return { statusCode: 200, data: [], responseOptions: { headers: JSON_HEADERS } };
      })
      .times(3);
    await client.get(["Accounts", SID]);
    await client.get(["Accounts", SID, "Limits"], { query: { category: "voice_call_session" } });
    await client.get(["Accounts", SID, "Limits"], { query: { category: undefined } });
    expect(paths).toEqual([
      `/api/v1/Accounts/${SID}`,
      `/api/v1/Accounts/${SID}/Limits?category=voice_call_session`,
      `/api/v1/Accounts/${SID}/Limits`,
    ]);
  });

  it("validates a body with a schema and returns the parsed value", async () => {
    const { pool, client } = fresh();
    pool
      .intercept({ path: `/api/v1/Accounts/${SID}`, method: "GET" })
      .reply(200, { account_sid: SID, record_all_calls: 1 }, { headers: JSON_HEADERS });
    const schema = z.object({ account_sid: z.string(), record_all_calls: z.number().transform((n) => n === 1) });
    const account = await client.get(["Accounts", SID], { schema });
    expect(account).toEqual({ account_sid: SID, record_all_calls: true });
  });

  it("fails with an unexpected-response error when the body does not match the schema", async () => {
    const { pool, client } = fresh();
    pool
      .intercept({ path: `/api/v1/Accounts/${SID}/ApiKeys`, method: "GET" })
      .reply(200, [{ api_key_sid: 5, token: TOKEN }], { headers: JSON_HEADERS });
    const schema = z.array(z.object({ api_key_sid: z.string(), token: z.string() }));
    const error = await client.get(["Accounts", SID, "ApiKeys"], { schema }).catch((e: unknown) => e);
    expect(PortalUnexpectedResponseError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(/GET \/api\/v1\/Accounts\/.*\/ApiKeys did not have the expected shape \(0\.api_key_sid: /);
    expectNoSecrets(error, [TOKEN]);
  });

  it("fails with an unexpected-response error for invalid JSON", async () => {
    const { pool, client } = fresh();
    pool.intercept({ path: "/api/v1/Accounts", method: "GET" }).reply(200, "{not json", { headers: JSON_HEADERS });
    await expect(client.get(["Accounts"])).rejects.toThrow(/not valid JSON/);
  });

  it("fails with an unexpected-response error when a success is an HTML page (api_url points at the web app)", async () => {
    const { pool, client } = fresh();
    pool
      .intercept({ path: "/api/v1/Accounts", method: "GET" })
      .reply(200, "<!doctype html><html><body>portal</body></html>", { headers: { "content-type": "text/html" } });
    const error = await client.get(["Accounts"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortalUnexpectedResponseError);
    expect((error as Error).message).toMatch(/HTML page instead of JSON.*api_url/);
  });

  it("fails for an unsupported method", async () => {
    const { client } = fresh();
    await expect(client.request("PATCH" as "GET", ["Accounts"])).rejects.toThrow(/method PATCH is not supported/);
  });

  it("fails after close()", async () => {
    const { client } = fresh();
    await client.close();
    await expect(client.get(["Accounts"])).rejects.toThrow(/closed/);
  });

  it("fails with the signal's reason when cancelled", async () => {
    const { client } = fresh();
    const controller = new AbortController();
    controller.abort(new Error("stopped by Terraform"));
    await expect(client.get(["Accounts"], { signal: controller.signal })).rejects.toThrow("stopped by Terraform");
  });
});

describe("PortalClient retries (fake clock, no real sleeping)", () => {
  it("retries a GET after a 429, waiting Retry-After, and counts it", async () => {
    const { pool, client, clock } = fresh();
    const start = clock.now();
    pool
      .intercept({ path: "/api/v1/Accounts", method: "GET" })
      .reply(429, "Too many requests, please try again later.", { headers: { "retry-after": "2", "content-type": "text/html" } });
    pool.intercept({ path: "/api/v1/Accounts", method: "GET" }).reply(200, [], { headers: JSON_HEADERS });
    await expect(client.get(["Accounts"])).resolves.toEqual([]);
    expect(clock.now() - start).toBeGreaterThanOrEqual(2_000);
    expect(client.stats).toMatchObject({ requestsSent: 2, retries: 1, rateLimited: 1 });
  });

  it("fails with a rate-limit error after the retries run out", async () => {
    const { pool, client } = fresh({ retry: { maxRetries: 2, baseDelayMs: 1 } });
    pool
      .intercept({ path: "/api/v1/Accounts", method: "GET" })
      .reply(429, "Too many requests, please try again later.", { headers: { "retry-after": "1" } })
      .times(3);
    const error = await client.get(["Accounts"]).catch((e: unknown) => e);
    expect(PortalRateLimitError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: "VG_ERR_RATE_LIMITED", retryAfterMs: 1_000, attempts: 3, status: 429 });
    expect(client.stats).toMatchObject({ requestsSent: 3, retries: 2, rateLimited: 3 });
  });

  it("fails a POST on 503 without retrying", async () => {
    const { pool, client } = fresh();
    pool.intercept({ path: "/api/v1/Accounts", method: "POST" }).reply(503, "");
    await expect(client.post(["Accounts"], { name: "a" })).rejects.toBeInstanceOf(PortalServerError);
    expect(client.stats.requestsSent).toBe(1);
  });

  it("pauses for RateLimit-Reset when the server says nothing remains", async () => {
    const { pool, client, clock, lines } = fresh();
    pool
      .intercept({ path: "/api/v1/Accounts", method: "GET" })
      .reply(200, [], { headers: { ...JSON_HEADERS, "ratelimit-remaining": "0", "ratelimit-reset": "30" } });
    pool.intercept({ path: "/api/v1/Accounts", method: "GET" }).reply(200, [], { headers: JSON_HEADERS });
    await client.get(["Accounts"]);
    const before = clock.now();
    await client.get(["Accounts"]);
    expect(clock.now() - before).toBe(30_000);
    expect(client.stats.limiterWaitMs).toBe(30_000);
    expect(lines.find((line) => line.level === "warn")).toMatchObject({ message: "waiting for the portal rate limit", waitMs: 30_000 });
  });

  it("backs off with the injected randomness", async () => {
    const { pool, client, clock } = fresh({ retry: { baseDelayMs: 1_000 } });
    pool.intercept({ path: "/api/v1/Accounts", method: "GET" }).reply(502, "").times(2);
    pool.intercept({ path: "/api/v1/Accounts", method: "GET" }).reply(200, [], { headers: JSON_HEADERS });
    await client.get(["Accounts"]);
    expect(clock.sleeps).toEqual([500, 1_000]); // 0.5 × 1000, 0.5 × 2000
  });
});

describe("PortalClient logging and redaction", () => {
  it("logs one line per attempt with method, path, status, duration and attempt, and never the token", async () => {
    const { pool, client, lines } = fresh();
    pool.intercept({ path: `/api/v1/Accounts/${SID}`, method: "GET" }).reply(503, "");
    pool
      .intercept({ path: `/api/v1/Accounts/${SID}`, method: "GET" })
      .reply(200, { webhook_secret: "wh_secret_xyz" }, { headers: JSON_HEADERS });
    await client.get(["Accounts", SID]);
    const requests = lines.filter((line) => line.message === "portal request");
    expect(requests).toEqual([
      expect.objectContaining({ method: "GET", path: `/api/v1/Accounts/${SID}`, status: 503, attempt: 1, durationMs: expect.any(Number) }),
      expect.objectContaining({ method: "GET", path: `/api/v1/Accounts/${SID}`, status: 200, attempt: 2 }),
    ]);
    expect(lines.filter((line) => line.message === "portal retry")).toHaveLength(1);
    const text = JSON.stringify(lines);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain("wh_secret_xyz");
  });

  it("redacts secret query values in logged paths", async () => {
    const { pool, client, lines } = fresh();
    pool.intercept({ path: (path) => path.startsWith("/api/v1/Things"), method: "GET" }).reply(200, [], { headers: JSON_HEADERS });
    await client.get(["Things"], { query: { token: "abc-secret-1" } });
    expect(lines[0]?.path).toBe(`/api/v1/Things?token=${REDACTED}`);
  });

  it("fails a 401 with an error that does not contain the token", async () => {
    const { pool, client } = fresh();
    pool
      .intercept({ path: "/api/v1/Accounts", method: "GET" })
      .reply(401, `Unauthorized ${TOKEN}`, { headers: { "www-authenticate": 'Bearer realm="Users", error="invalid_token"' } });
    const error = await client.get(["Accounts"]).catch((e: unknown) => e);
    expect(PortalAuthError.is(error)).toBe(true);
    expectNoSecrets(error, [TOKEN]);
  });

  it("fails a broken connection with an error that does not contain the token", async () => {
    const { pool, client } = fresh({ retry: { maxRetries: 0 } });
    pool
      .intercept({ path: "/api/v1/Accounts", method: "GET" })
      .replyWithError(Object.assign(new Error(`socket closed while sending Bearer ${TOKEN}`), { code: "UND_ERR_SOCKET" }));
    const error = await client.get(["Accounts"]).catch((e: unknown) => e);
    expect(PortalNetworkError.is(error)).toBe(true);
    expect(error).toMatchObject({ causeCode: "UND_ERR_SOCKET", mayHaveReachedServer: true });
    expectNoSecrets(error, [TOKEN]);
  });

  it("fails with an error that redacts request-body secrets the portal echoes", async () => {
    const { pool, client } = fresh();
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    pool
      .intercept({ path: `/api/v1/Accounts/${SID}`, method: "PUT" })
      .reply(400, { msg: `invalid credential ${secret}` }, { headers: JSON_HEADERS });
    const error = await client
      .put(["Accounts", SID], { bucket_credential: { vendor: "aws_s3", secret_access_key: secret } })
      .catch((e: unknown) => e);
    expect((error as { serverMessage?: string }).serverMessage).toBe(`invalid credential ${REDACTED}`);
    expectNoSecrets(error, [secret, TOKEN]);
  });

  it("fails with an error that redacts a token the portal returned earlier", async () => {
    const { pool, client } = fresh();
    const otherKey = "7e57ab1e-0000-4000-8000-00000000beef";
    pool
      .intercept({ path: `/api/v1/Accounts/${SID}/ApiKeys`, method: "GET" })
      .reply(200, [{ api_key_sid: "k1", token: otherKey }], { headers: JSON_HEADERS });
    pool
      .intercept({ path: "/api/v1/ApiKeys/k1", method: "DELETE" })
      .reply(400, { msg: `a user may not delete token ${otherKey}` }, { headers: JSON_HEADERS });
    await client.get(["Accounts", SID, "ApiKeys"]);
    const error = await client.delete(["ApiKeys", "k1"]).catch((e: unknown) => e);
    expect((error as { serverMessage?: string }).serverMessage).toBe(`a user may not delete token ${REDACTED}`);
    expectNoSecrets(error, [otherKey]);
  });

  it("fails with an error that redacts secrets given per request", async () => {
    const { pool, client } = fresh();
    pool
      .intercept({ path: "/api/v1/Things", method: "POST" })
      .reply(422, { msg: "duplicate value my-webhook-pass" }, { headers: JSON_HEADERS });
    const error = await client.post(["Things"], { note: "x" }, { secrets: ["my-webhook-pass"] }).catch((e: unknown) => e);
    expectNoSecrets(error, ["my-webhook-pass"]);
  });
});
