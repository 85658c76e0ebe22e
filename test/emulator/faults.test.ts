import { request } from "undici";
import { type RunningEmulator } from "../../provider/src/emulator";
import { call, createAccount, createAccountWithKey, type Json, start, uniqueName } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());
afterEach(() => emu.faults.clear());

/** Resolves once every injected fault has been taken by a request that arrived. */
async function untilTaken(): Promise<void> {
  while (emu.faults.pending().length > 0) await new Promise((resolve) => setImmediate(resolve));
}

async function accountNames(): Promise<unknown[]> {
  return (await call(emu, "GET", "/v1/Accounts")).json<Json[]>().map((a) => a.name);
}

describe("in-process fault injection", () => {
  it("answers the next N requests with 429 and Retry-After, then recovers", async () => {
    emu.faults.inject({ kind: "rate-limit", count: 2, retryAfterSecs: 7 });
    for (let i = 0; i < 2; i += 1) {
      const res = await call(emu, "GET", "/v1/Accounts");
      expect(res.status).toBe(429);
      expect(res.headers["retry-after"]).toBe("7");
      expect(res.text).toBe("Too many requests, please try again later.");
    }
    expect((await call(emu, "GET", "/v1/Accounts")).status).toBe(200);
    expect(emu.faults.pending()).toEqual([]);
  });

  it("answers only matching method and path with a 5xx and does not apply the request", async () => {
    const sid = await createAccount(emu);
    emu.faults.inject({ kind: "status", status: 503, count: 1, match: { method: "PUT", path: "/v1/Accounts/*" } });
    expect((await call(emu, "GET", `/v1/Accounts/${sid}`)).status).toBe(200);
    const res = await call(emu, "PUT", `/v1/Accounts/${sid}`, { body: { name: "never" } });
    expect(res.status).toBe(503);
    expect(res.text).toBe("Service Unavailable");
    expect((await call(emu, "GET", `/v1/Accounts/${sid}`)).json<Json>().name).not.toBe("never");
    expect((await call(emu, "PUT", `/v1/Accounts/${sid}`, { body: { name: "later" } })).status).toBe(204);
  });

  it("answers an injected 500 in the portal {msg} shape", async () => {
    emu.faults.inject({ kind: "status", status: 500, match: { path: /\/Accounts$/ } });
    const res = await call(emu, "GET", "/v1/Accounts");
    expect(res.status).toBe(500);
    expect(res.json()).toHaveProperty("msg");
  });

  it("resets the connection without applying the request", async () => {
    const name = uniqueName("reset");
    emu.faults.inject({ kind: "reset", match: { method: "POST", path: "/v1/Accounts" } });
    await expect(call(emu, "POST", "/v1/Accounts", { body: { name, service_provider_sid: emu.serviceProviderSid } })).rejects.toThrow();
    expect(await accountNames()).not.toContain(name);
  });

  it("applies the request and then drops the response for a lost response", async () => {
    const name = uniqueName("lost");
    emu.faults.inject({ kind: "lost-response", match: { method: "POST", path: "/v1/Accounts" } });
    await expect(call(emu, "POST", "/v1/Accounts", { body: { name, service_provider_sid: emu.serviceProviderSid } })).rejects.toThrow();
    expect(await accountNames()).toContain(name);
  });

  it("holds a matching request back: one that arrives after it, undelayed, is answered first", async () => {
    emu.faults.inject({ kind: "delay", delayMs: 1000, match: { path: "/health" } });
    let delayedAnswered = false;
    const delayed = call(emu, "GET", "/health", { token: null }).then((res) => {
      delayedAnswered = true;
      return res;
    });
    await untilTaken();
    expect((await call(emu, "GET", "/", { token: null })).status).toBe(200);
    expect(delayedAnswered).toBe(false);
    expect((await delayed).status).toBe(200);
  });

  it("applies a delayed create even though its client gave up waiting, like a slow server would", async () => {
    const name = uniqueName("slow");
    const delayMs = 300;
    emu.faults.inject({ kind: "delay", delayMs, match: { method: "POST", path: "/v1/Accounts" } });
    emu.requests.clear();
    const client = new AbortController();
    const create = request(`${emu.apiUrl}/Accounts`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name, service_provider_sid: emu.serviceProviderSid }),
      signal: client.signal,
    });
    await untilTaken();
    // A round trip on another connection, so the server has read the create's body by now.
    await call(emu, "GET", "/", { token: null });
    client.abort();
    await expect(create).rejects.toThrow();

    // Held back just as long, and started later, this request is answered after the create has been applied.
    emu.faults.inject({ kind: "delay", delayMs, match: { path: "/health" } });
    await call(emu, "GET", "/health", { token: null });
    expect(await accountNames()).toContain(name);
    expect(emu.requests.count({ method: "POST", path: "/v1/Accounts", status: 201 })).toBe(1);
  });

  it("counts faults down and clears them on demand", async () => {
    emu.faults.inject({ kind: "status", status: 502, count: 3 });
    await call(emu, "GET", "/health", { token: null });
    expect(emu.faults.pending()).toEqual([expect.objectContaining({ kind: "status", remaining: 2 })]);
    emu.faults.clear();
    expect((await call(emu, "GET", "/health", { token: null })).status).toBe(200);
  });

  it("fails to inject a fault that makes no sense", () => {
    expect(() => emu.faults.inject({ kind: "status", status: 404 })).toThrow("status must be a 5xx code");
    expect(() => emu.faults.inject({ kind: "delay", delayMs: -1 })).toThrow("delayMs must be a non-negative number");
  });
});

describe("HTTP fault control", () => {
  const control = (method: string, body?: unknown, token: string | null = emu.adminKey) =>
    call(emu, method, "/_emulator/faults", body === undefined ? { token } : { token, body });

  it("injects, lists and clears faults for a test in another process", async () => {
    const injected = await control("POST", [
      { kind: "status", status: 502, count: 2, match: { method: "GET", path: "/v1/Accounts" } },
      { kind: "rate-limit", retryAfterSecs: 3 },
    ]);
    expect(injected.status).toBe(201);
    expect(injected.json<{ ids: number[] }>().ids).toHaveLength(2);
    expect((await control("GET")).json<{ faults: Json[] }>().faults.map((f) => f.kind)).toEqual(["status", "rate-limit"]);

    expect((await call(emu, "GET", "/v1/Accounts")).status).toBe(502);
    expect((await control("DELETE")).status).toBe(204);
    expect((await call(emu, "GET", "/v1/Accounts")).status).toBe(200);
  });

  it("fails with 401 without a key and 403 with a non-admin key", async () => {
    expect((await control("GET", undefined, null)).status).toBe(401);
    const { token } = await createAccountWithKey(emu);
    expect((await control("GET", undefined, token)).status).toBe(403);
  });

  it("fails with 400 for an invalid fault", async () => {
    const res = await control("POST", { kind: "explode" });
    expect(res.status).toBe(400);
    expect(res.json<{ msg: string }>().msg).toMatch(/^kind must be one of/);
  });

  it("is neither rate limited nor logged nor faulted", async () => {
    emu.requests.clear();
    emu.faults.inject({ kind: "status", status: 503, count: 5 });
    expect((await control("GET")).status).toBe(200);
    expect(emu.requests.count()).toBe(0);
  });

  it("seeds the TTS cache and reports the webhook count over HTTP", async () => {
    const sid = await createAccount(emu);
    const seeded = await call(emu, "POST", "/_emulator/tts-cache", { body: { account_sid: sid, count: 4 } });
    expect(seeded.json()).toEqual({ size: 4 });
    const webhooks = await call(emu, "GET", "/_emulator/webhooks");
    expect(webhooks.json()).toEqual({ count: await emu.webhookCount() });
  });
});

describe("request log and latency", () => {
  it("records method, path without query, status and outcome of each portal request", async () => {
    emu.requests.clear();
    await call(emu, "GET", "/v1/Accounts?x=1");
    emu.faults.inject({ kind: "reset" });
    await expect(call(emu, "GET", "/v1/Accounts")).rejects.toThrow();
    const records = emu.requests.all();
    expect(records.map(({ method, path, status, outcome, fault }) => ({ method, path, status, outcome, fault }))).toEqual([
      { method: "GET", path: "/v1/Accounts", status: 200, outcome: "response", fault: null },
      { method: "GET", path: "/v1/Accounts", status: 0, outcome: "reset", fault: "reset" },
    ]);
    expect(emu.requests.count({ status: 200 })).toBe(1);
  });

  it("adds latencyMs to every request", async () => {
    const slow = await start({ latencyMs: 120 });
    try {
      const started = Date.now();
      const res = await request(`${slow.url}/health`);
      await res.body.text();
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    } finally {
      await slow.close();
    }
  });
});
