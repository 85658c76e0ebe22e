import { type RunningEmulator } from "../../provider/src/emulator";
import { call, createAccount, start } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

describe("bearer authentication", () => {
  it("fails with 401 Unauthorized, no content type and a bare challenge when there is no token", async () => {
    const res = await call(emu, "GET", "/v1/Accounts", { token: null });
    expect(res.status).toBe(401);
    expect(res.text).toBe("Unauthorized");
    expect(res.headers["content-type"]).toBeUndefined();
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="Users"');
  });

  it('fails with 401 and error="invalid_token" for an unknown token', async () => {
    const res = await call(emu, "GET", "/v1/Accounts", { token: "00000000-0000-4000-8000-000000000000" });
    expect(res.status).toBe(401);
    expect(res.text).toBe("Unauthorized");
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="Users", error="invalid_token"');
  });

  it("accepts the scheme in any case", async () => {
    const res = await call(emu, "GET", "/v1/Accounts", { token: null, headers: { authorization: `bEaReR ${emu.adminKey}` } });
    expect(res.status).toBe(200);
  });

  it("fails with 400 Bad Request for an Authorization header that is not two parts", async () => {
    const res = await call(emu, "GET", "/v1/Accounts", { token: null, headers: { authorization: `Bearer ${emu.adminKey} extra` } });
    expect(res.status).toBe(400);
    expect(res.text).toBe("Bad Request");
  });
});

describe("routing", () => {
  it("answers an unknown /v1 route with Express's HTML page once authenticated", async () => {
    const res = await call(emu, "GET", "/v1/Nope?x=1");
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.text).toContain("<pre>Cannot GET /v1/Nope</pre>");
  });

  it("authenticates before routing, so an unknown /v1 route without a token is a 401", async () => {
    expect((await call(emu, "GET", "/v1/Nope", { token: null })).status).toBe(401);
  });

  it("answers a known path with an unsupported method with the HTML page", async () => {
    const sid = await createAccount(emu);
    const res = await call(emu, "PATCH", `/v1/Accounts/${sid}`, { body: { name: "x" } });
    expect(res.status).toBe(404);
    expect(res.text).toContain(`Cannot PATCH /v1/Accounts/${sid}`);
  });

  it("serves /health without a token", async () => {
    const res = await call(emu, "GET", "/health", { token: null });
    expect(res.status).toBe(200);
    expect(res.text).toBe("OK");
  });

  it("fails with 400 {msg} for malformed JSON, before authentication", async () => {
    const res = await call(emu, "POST", "/v1/Accounts", {
      token: null,
      rawBody: '{"name":',
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
    expect(res.json<{ msg: string }>().msg).toMatch(/JSON/);
  });

  it("fails with 413 for a body over 100 kB", async () => {
    const res = await call(emu, "POST", "/v1/Accounts", { body: { name: "x".repeat(110 * 1024) } });
    expect(res.status).toBe(413);
  });

  it("answers CORS preflights without authentication", async () => {
    const headers = { origin: "http://localhost:3000", "access-control-request-headers": "authorization" };
    const res = await call(emu, "OPTIONS", "/v1/Accounts", { token: null, headers });
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-origin"]).toBe("http://localhost:3000");
    expect(res.headers["access-control-allow-headers"]).toBe("authorization");
  });

  it("matches static path segments case-insensitively, like Express", async () => {
    expect((await call(emu, "GET", "/V1/ACCOUNTS")).status).toBe(200);
  });
});
