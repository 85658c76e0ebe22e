import { type RunningEmulator } from "../../provider/src/emulator";
import { call, createAccount, createAccountWithKey, createServiceProvider, type Json, MISSING_SID, start, uniqueName } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start({ serviceProviderName: "Seeded SP" });
});
afterAll(() => emu.close());

describe("service providers", () => {
  it("starts with the seeded service provider", async () => {
    const res = await call(emu, "GET", `/v1/ServiceProviders/${emu.serviceProviderSid}`);
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ service_provider_sid: emu.serviceProviderSid, name: "Seeded SP" });
  });

  it("creates a service provider and refuses a duplicate name with 422", async () => {
    const name = uniqueName("sp");
    expect((await call(emu, "POST", "/v1/ServiceProviders", { body: { name } })).status).toBe(201);
    const dup = await call(emu, "POST", "/v1/ServiceProviders", { body: { name } });
    expect(dup.status).toBe(422);
    expect(dup.json()).toEqual({ msg: `Duplicate entry '${name}' for key 'name'` });
  });

  it("fails with 403 when a non-admin key creates a service provider", async () => {
    const sp = await createServiceProvider(emu);
    const res = await call(emu, "POST", "/v1/ServiceProviders", { token: sp.token, body: { name: uniqueName("sp") } });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ msg: "only admin users can add a service provider" });
  });

  it("shows a service provider only itself in the list and refuses other SPs with 403", async () => {
    const sp = await createServiceProvider(emu);
    const list = (await call(emu, "GET", "/v1/ServiceProviders", { token: sp.token })).json<Json[]>();
    expect(list.map((s) => s.service_provider_sid)).toEqual([sp.sid]);
    const other = await call(emu, "GET", `/v1/ServiceProviders/${emu.serviceProviderSid}`, { token: sp.token });
    expect(other.status).toBe(403);
  });

  it("answers an admin with an empty 404 for a missing service provider", async () => {
    const res = await call(emu, "GET", `/v1/ServiceProviders/${MISSING_SID}`);
    expect(res.status).toBe(404);
    expect(res.text).toBe("");
  });
});

describe("GET /Availability", () => {
  it("reports a taken realm as unavailable and a free one as available", async () => {
    const realm = `${uniqueName("avail")}.example.com`;
    await createAccount(emu, { sip_realm: realm });
    const taken = await call(emu, "GET", `/v1/Availability?type=subdomain&value=${realm}`);
    expect(taken.json()).toEqual({ available: false });
    const free = await call(emu, "GET", `/v1/Availability?type=subdomain&value=free-${realm}`);
    expect(free.json()).toEqual({ available: true });
  });

  it("works for account keys and requires a token", async () => {
    const { token } = await createAccountWithKey(emu);
    expect((await call(emu, "GET", "/v1/Availability?type=subdomain&value=x", { token })).status).toBe(200);
    expect((await call(emu, "GET", "/v1/Availability?type=subdomain&value=x", { token: null })).status).toBe(401);
  });

  it("fails with 400 for an unknown type", async () => {
    const res = await call(emu, "GET", "/v1/Availability?type=domain&value=x");
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: "invalid type: domain" });
  });
});
