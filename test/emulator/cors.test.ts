import { type RunningEmulator } from "../../provider/src/emulator";
import { call, start } from "./support";

const preflight = (emu: RunningEmulator, origin: string) =>
  call(emu, "OPTIONS", "/v1/Accounts", {
    token: null,
    headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization,content-type" },
  });

describe("CORS by default: pages served from this machine only", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start();
  });
  afterAll(() => emu.close());

  it.each(["http://localhost:5173", "http://127.0.0.1:3000", "http://[::1]:8080", "https://localhost"])(
    "allows a preflight and the request itself from %s",
    async (origin) => {
      const pre = await preflight(emu, origin);
      expect(pre.status).toBe(204);
      expect(pre.headers["access-control-allow-origin"]).toBe(origin);
      expect(pre.headers["access-control-allow-headers"]).toBe("authorization,content-type");
      expect(pre.headers["access-control-allow-methods"]).toBe("GET,HEAD,PUT,PATCH,POST,DELETE");

      const res = await call(emu, "GET", "/v1/Accounts", { headers: { origin } });
      expect(res.status).toBe(200);
      expect(res.headers["access-control-allow-origin"]).toBe(origin);
      expect(res.headers.vary).toBe("Origin");
    },
  );

  it.each(["https://evil.example", "http://localhost.evil.example", "http://127.0.0.1.evil.example", "null", "file://"])(
    "gives a page from %s no allow-* headers, so the browser blocks it",
    async (origin) => {
      const pre = await preflight(emu, origin);
      expect(pre.status).toBe(204);
      expect(Object.keys(pre.headers).filter((name) => name.startsWith("access-control-"))).toEqual([]);

      const res = await call(emu, "GET", "/v1/Accounts", { headers: { origin } });
      expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    },
  );

  it("adds no allow-origin header for clients that send no Origin (terraform, curl)", async () => {
    const res = await call(emu, "GET", "/v1/Accounts");
    expect(res.status).toBe(200);
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("CORS with corsOrigins", () => {
  it("also allows each listed origin, and no other", async () => {
    const emu = await start({ corsOrigins: ["http://portal.test:3000"] });
    try {
      expect((await preflight(emu, "http://portal.test:3000")).headers["access-control-allow-origin"]).toBe("http://portal.test:3000");
      expect((await preflight(emu, "http://localhost:3000")).headers["access-control-allow-origin"]).toBe("http://localhost:3000");
      expect((await preflight(emu, "http://portal.test:3001")).headers["access-control-allow-origin"]).toBeUndefined();
    } finally {
      await emu.close();
    }
  });

  it("allows every origin with '*', as the portal does", async () => {
    const emu = await start({ corsOrigins: ["*"] });
    try {
      expect((await preflight(emu, "https://anywhere.example")).headers["access-control-allow-origin"]).toBe("*");
      expect((await call(emu, "GET", "/v1/Accounts")).headers["access-control-allow-origin"]).toBe("*");
    } finally {
      await emu.close();
    }
  });

  it("refuses to start with an origin that is not scheme://host[:port]", async () => {
    await expect(start({ corsOrigins: ["http://portal.test/app"] })).rejects.toThrow(
      "a CORS origin is * or scheme://host[:port], e.g. http://portal.test:3000 (got http://portal.test/app)",
    );
  });
});
