import { once } from "node:events";
import { connect } from "node:net";
import { startEmulator } from "../../provider/src/emulator";
import { call, type Json } from "./support";

describe("startEmulator", () => {
  it("listens on 127.0.0.1 and seeds one service provider and one admin key with a random UUID v4 token", async () => {
    const emu = await startEmulator({ rateLimit: false });
    try {
      expect(emu.apiUrl).toBe(`http://127.0.0.1:${emu.port}/v1`);
      expect(emu.adminKey).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const sps = (await call(emu, "GET", "/v1/ServiceProviders")).json<Json[]>();
      expect(sps.map((sp) => sp.service_provider_sid)).toEqual([emu.serviceProviderSid]);
      expect((await call(emu, "GET", "/v1/Accounts")).json()).toEqual([]);
    } finally {
      await emu.close();
    }
  });

  it("seeds the given admin key and extra rows", async () => {
    const accountSid = "3f8e9a2c-1d4b-4e6f-8a7b-9c0d1e2f3a4b";
    const accountKey = "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d";
    const emu = await startEmulator({
      rateLimit: false,
      adminKey: "c0ffee00-0000-4000-8000-000000000001",
      seed: {
        serviceProviders: [{ name: "Second SP" }],
        accounts: [{ account_sid: accountSid, name: "seeded", sip_realm: "seeded.example.com" }],
        apiKeys: [{ token: accountKey, account_sid: accountSid }],
      },
    });
    try {
      expect(emu.adminKey).toBe("c0ffee00-0000-4000-8000-000000000001");
      expect((await call(emu, "GET", "/v1/ServiceProviders")).json<Json[]>().map((sp) => sp.name)).toContain("Second SP");
      const own = (await call(emu, "GET", "/v1/Accounts", { token: accountKey })).json<Json[]>();
      expect(own).toEqual([
        expect.objectContaining({
          account_sid: accountSid,
          service_provider_sid: emu.serviceProviderSid,
          webhook_secret: expect.stringMatching(/^wh_secret_/),
        }),
      ]);
    } finally {
      await emu.close();
    }
  });

  it("fails to start when a seed row breaks a constraint", async () => {
    const orphan = { name: "orphan", service_provider_sid: "9d1c3c0e-1f4b-4c2a-9e55-0a5f2b7c1d00" };
    await expect(startEmulator({ seed: { accounts: [orphan] } })).rejects.toThrow(/^Cannot add or update a child row/);
  });

  it("closes even while a client holds a connection open in the middle of a request", async () => {
    const emu = await startEmulator();
    const socket = connect(emu.port, "127.0.0.1");
    socket.on("error", () => undefined);
    await once(socket, "connect");
    // headers never finished: a plain server.close() waits for such a connection (up to its headers timeout)
    socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const socketClosed = new Promise((resolve) => socket.once("close", resolve));
    await emu.close();
    await socketClosed;
    expect(socket.destroyed).toBe(true);
  });
});
