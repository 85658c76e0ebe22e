import { type RunningEmulator } from "../../provider/src/emulator";
import {
  call,
  createAccount,
  createAccountWithKey,
  createApplication,
  createServiceProvider,
  getAccount,
  MISSING_SID,
  putAccount,
  start,
  uniqueName,
} from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

describe("PUT /Accounts/:sid", () => {
  it("applies a partial update with 204 and coerces booleans to 0/1", async () => {
    const sid = await createAccount(emu);
    const res = await putAccount(emu, sid, { name: "renamed", record_all_calls: true, record_format: "wav", enable_debug_log: true });
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(await getAccount(emu, sid)).toMatchObject({
      name: "renamed",
      record_all_calls: 1,
      record_format: "wav",
      enable_debug_log: 1,
      plan_type: "trial",
    });
  });

  it("treats an empty body as a successful no-op", async () => {
    const sid = await createAccount(emu);
    const before = await getAccount(emu, sid);
    expect((await putAccount(emu, sid, {})).status).toBe(204);
    expect(await getAccount(emu, sid)).toEqual(before);
  });

  it("fails with 400 when the body carries account_sid", async () => {
    const sid = await createAccount(emu);
    const res = await putAccount(emu, sid, { account_sid: sid, name: "x" });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: "primary key account_sid is immutable" });
  });

  it("fails with 400 when the body carries service_provider_sid, even unchanged", async () => {
    const sid = await createAccount(emu);
    const res = await putAccount(emu, sid, { service_provider_sid: emu.serviceProviderSid });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: "service_provider_sid may not be modified" });
  });

  it("fails with 400 account not found for an admin updating a missing account", async () => {
    const res = await putAccount(emu, MISSING_SID, { name: "x" });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: `account not found for sid ${MISSING_SID}` });
  });

  it("fails with 403 for a service provider updating another SP's account and for an account key updating another account", async () => {
    const sid = await createAccount(emu);
    const sp = await createServiceProvider(emu);
    const other = await createAccountWithKey(emu);
    for (const token of [sp.token, other.token]) {
      const res = await putAccount(emu, sid, { name: "x" }, token);
      expect(res.status).toBe(403);
      expect(res.json()).toEqual({ msg: "insufficient permissions" });
    }
  });

  it("fails with 500 Unknown column for a key that is not a column", async () => {
    const sid = await createAccount(emu);
    const res = await putAccount(emu, sid, { colour: "blue" });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ msg: "Unknown column 'colour' in 'field list'" });
  });

  it("fails with 500 Column cannot be null when clearing name", async () => {
    const sid = await createAccount(emu);
    const res = await putAccount(emu, sid, { name: null });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ msg: "Column 'name' cannot be null" });
  });

  it.each([
    ["a missing application SID", MISSING_SID],
    ["an empty string", ""],
  ])("fails with a 500 foreign-key error for %s in an application reference", async (_label, value) => {
    const sid = await createAccount(emu);
    for (const field of ["device_calling_application_sid", "siprec_hook_sid"]) {
      const res = await putAccount(emu, sid, { [field]: value });
      expect(res.status).toBe(500);
      expect(res.json<{ msg: string }>().msg).toMatch(new RegExp(`^Cannot add or update a child row: .*\`${field}\``));
    }
  });

  it("accepts an application of another account, because only the foreign key is checked", async () => {
    const sid = await createAccount(emu);
    const foreignApp = await createApplication(emu, await createAccount(emu));
    expect((await putAccount(emu, sid, { device_calling_application_sid: foreignApp, siprec_hook_sid: foreignApp })).status).toBe(204);
    expect(await getAccount(emu, sid)).toMatchObject({ device_calling_application_sid: foreignApp, siprec_hook_sid: foreignApp });
    expect((await putAccount(emu, sid, { device_calling_application_sid: null, siprec_hook_sid: null })).status).toBe(204);
  });

  it("lowercases sip_realm, refuses a duplicate with 422 and clears it with null", async () => {
    const taken = `${uniqueName("taken")}.example.com`;
    await createAccount(emu, { sip_realm: taken });
    const sid = await createAccount(emu);
    expect((await putAccount(emu, sid, { sip_realm: "MiXeD.Example.com" })).status).toBe(204);
    expect((await getAccount(emu, sid)).sip_realm).toBe("mixed.example.com");

    const dup = await putAccount(emu, sid, { sip_realm: taken });
    expect(dup.status).toBe(422);
    expect(dup.json()).toEqual({ msg: `Duplicate entry '${taken}' for key 'sip_realm'` });

    expect((await putAccount(emu, sid, { sip_realm: null })).status).toBe(204);
    expect((await getAccount(emu, sid)).sip_realm).toBeNull();
  });

  it("lets an account key rename its account, clear its realm and set billing flags, but not set a realm", async () => {
    const { sid, token } = await createAccountWithKey(emu);
    expect((await putAccount(emu, sid, { name: "mine", sip_realm: null, plan_type: "paid", is_active: 0 }, token)).status).toBe(204);
    expect(await getAccount(emu, sid)).toMatchObject({ name: "mine", sip_realm: null, plan_type: "paid", is_active: 0 });

    const res = await putAccount(emu, sid, { sip_realm: "mine.example.com" }, token);
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: "use POST /Accounts/:sid/sip_realm/:realm to set or change the sip realm" });
  });

  it("lets PUT set any webhook_secret", async () => {
    const sid = await createAccount(emu);
    expect((await putAccount(emu, sid, { webhook_secret: "my-own-secret" })).status).toBe(204);
    expect((await getAccount(emu, sid)).webhook_secret).toBe("my-own-secret");
  });

  it("fails with 500 for a bad ENUM or integer value", async () => {
    const sid = await createAccount(emu);
    const plan = await putAccount(emu, sid, { plan_type: "gold" });
    expect(plan.status).toBe(500);
    expect(plan.json()).toEqual({ msg: "Data truncated for column 'plan_type' at row 1" });
    const flag = await putAccount(emu, sid, { record_all_calls: "yes" });
    expect(flag.status).toBe(500);
    expect(flag.json<{ msg: string }>().msg).toMatch(/^Incorrect integer value: 'yes' for column 'record_all_calls'/);
  });
});

describe("PUT /Accounts/:sid hooks", () => {
  const hook = { url: "https://example.com/reg", method: "post", username: "u", password: "p" };

  it("creates a new webhook row on every PUT that carries a hook, even an unchanged one", async () => {
    const sid = await createAccount(emu);
    const before = await emu.webhookCount();
    await putAccount(emu, sid, { registration_hook: hook });
    await putAccount(emu, sid, { registration_hook: hook });
    expect(await emu.webhookCount()).toBe(before + 2);
    expect((await getAccount(emu, sid)).registration_hook).toEqual({ url: hook.url, method: "POST", username: "u", password: "p" });
  });

  it("clears the hook with null but never deletes the old row", async () => {
    const sid = await createAccount(emu, { queue_event_hook: { url: "https://example.com/q" } });
    const before = await emu.webhookCount();
    expect((await putAccount(emu, sid, { queue_event_hook: null })).status).toBe(204);
    expect((await getAccount(emu, sid)).queue_event_hook).toBeNull();
    expect(await emu.webhookCount()).toBe(before);
  });

  it("silently clears the hook when it is sent as a string", async () => {
    const sid = await createAccount(emu, { registration_hook: { url: "https://example.com/old" } });
    expect((await putAccount(emu, sid, { registration_hook: "https://example.com/new" })).status).toBe(204);
    expect((await getAccount(emu, sid)).registration_hook).toBeNull();
  });

  it("fails with 400 when the hook carries webhook_sid", async () => {
    const sid = await createAccount(emu);
    const res = await putAccount(emu, sid, { registration_hook: { ...hook, webhook_sid: MISSING_SID } });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: "primary key webhook_sid is immutable" });
  });

  it("fails with 500 for a method outside the ENUM", async () => {
    const sid = await createAccount(emu);
    const res = await putAccount(emu, sid, { registration_hook: { url: "https://x", method: "PUT" } });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ msg: "Data truncated for column 'method' at row 1" });
  });

  it("writes the hook row before validation, so a PUT refused with 400 still adds one", async () => {
    const sid = await createAccount(emu);
    const before = await emu.webhookCount();
    const res = await putAccount(emu, sid, { registration_hook: hook, service_provider_sid: emu.serviceProviderSid });
    expect(res.status).toBe(400);
    expect(await emu.webhookCount()).toBe(before + 1);
    expect((await getAccount(emu, sid)).registration_hook).toBeNull();
  });

  it("returns hooks with exactly url, method, username and password", async () => {
    const sid = await createAccount(emu);
    await putAccount(emu, sid, { registration_hook: hook, queue_event_hook: { url: "https://example.com/q" } });
    const account = await getAccount(emu, sid);
    expect(Object.keys(account.registration_hook as object).sort()).toEqual(["method", "password", "url", "username"]);
    expect(account.queue_event_hook).toEqual({ url: "https://example.com/q", method: "POST", username: null, password: null });
  });
});

describe("PUT /Accounts/:sid routing", () => {
  it("answers the lower-case path with 400 because the SID is not parsed", async () => {
    const sid = await createAccount(emu);
    const res = await call(emu, "PUT", `/v1/accounts/${sid}`, { body: { name: "x" } });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: "account not found for sid undefined" });
  });
});
