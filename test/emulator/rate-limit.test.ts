import { type RunningEmulator, startEmulator } from "../../provider/src/emulator";
import { call, createAccountWithKey, start } from "./support";

describe("rate limit", () => {
  let now = Date.parse("2026-05-01T00:00:00.000Z");
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start({ rateLimit: { max: 5, windowSecs: 60 }, clock: () => now });
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.resetRateLimit());

  it("puts the RateLimit headers on every response", async () => {
    const res = await call(emu, "GET", "/v1/Accounts");
    expect(res.headers).toMatchObject({
      "ratelimit-policy": "5;w=60",
      "ratelimit-limit": "5",
      "ratelimit-remaining": "4",
      "ratelimit-reset": "60",
    });
  });

  it("counts every request, health checks and unauthenticated ones included, and then answers 429", async () => {
    await call(emu, "GET", "/health", { token: null });
    await call(emu, "GET", "/v1/Accounts", { token: null });
    await call(emu, "GET", "/v1/Nope");
    await call(emu, "GET", "/v1/Accounts");
    await call(emu, "GET", "/v1/Accounts");
    now += 10_000;
    const limited = await call(emu, "GET", "/health", { token: null });
    expect(limited.status).toBe(429);
    expect(limited.text).toBe("Too many requests, please try again later.");
    expect(limited.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(limited.headers["retry-after"]).toBe("50");
    expect(limited.headers["ratelimit-remaining"]).toBe("0");
  });

  it("shares one window between all callers and reopens when it ends", async () => {
    const { token } = await createAccountWithKey(emu);
    emu.resetRateLimit();
    for (let i = 0; i < 3; i += 1) await call(emu, "GET", "/v1/Accounts");
    for (let i = 0; i < 2; i += 1) await call(emu, "GET", "/v1/Accounts", { token });
    expect((await call(emu, "GET", "/v1/Accounts", { token })).status).toBe(429);
    expect((await call(emu, "GET", "/v1/Accounts")).status).toBe(429);
    now += 60_000;
    expect((await call(emu, "GET", "/v1/Accounts", { token })).status).toBe(200);
  });

  it("counts requests that fail authentication", async () => {
    for (let i = 0; i < 5; i += 1) await call(emu, "GET", "/v1/Accounts", { token: "wrong" });
    expect((await call(emu, "GET", "/v1/Accounts", { token: "wrong" })).status).toBe(429);
  });
});

describe("rate limit disabled", () => {
  it("sends no RateLimit headers and never answers 429", async () => {
    const emu = await start({ rateLimit: false });
    try {
      for (let i = 0; i < 20; i += 1) await call(emu, "GET", "/health", { token: null });
      const res = await call(emu, "GET", "/v1/Accounts");
      expect(res.status).toBe(200);
      expect(res.headers["ratelimit-policy"]).toBeUndefined();
    } finally {
      await emu.close();
    }
  });

  it("uses the portal default of 600 per 300 s when not configured", async () => {
    const emu = await startEmulator();
    try {
      expect((await call(emu, "GET", "/health", { token: null })).headers["ratelimit-policy"]).toBe("600;w=300");
    } finally {
      await emu.close();
    }
  });
});
