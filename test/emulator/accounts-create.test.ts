import { type RunningEmulator } from "../../provider/src/emulator";
import {
  call,
  createAccount,
  createAccountWithKey,
  createServiceProvider,
  getAccount,
  listedAccount,
  MISSING_SID,
  start,
  UUID_V4,
  uniqueName,
} from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

const ACCOUNT_FIELDS = [
  "account_sid",
  "name",
  "sip_realm",
  "service_provider_sid",
  "device_calling_application_sid",
  "is_active",
  "created_at",
  "plan_type",
  "stripe_customer_id",
  "webhook_secret",
  "disable_cdrs",
  "trial_end_date",
  "deactivated_reason",
  "device_to_call_ratio",
  "subspace_client_id",
  "subspace_client_secret",
  "subspace_sip_teleport_id",
  "subspace_sip_teleport_destinations",
  "siprec_hook_sid",
  "record_all_calls",
  "record_format",
  "bucket_credential",
  "enable_debug_log",
  "registration_hook",
  "queue_event_hook",
];

describe("POST /Accounts", () => {
  it("creates an account and answers 201 with only its sid", async () => {
    const res = await call(emu, "POST", "/v1/Accounts", {
      body: { name: uniqueName(), service_provider_sid: emu.serviceProviderSid },
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.json())).toEqual(["sid"]);
    expect(res.json().sid).toMatch(UUID_V4);
  });

  it("fills every column with the portal defaults and returns booleans as 0/1 and dates as ISO strings", async () => {
    const sid = await createAccount(emu);
    const account = await getAccount(emu, sid);
    expect(Object.keys(account).sort()).toEqual([...ACCOUNT_FIELDS].sort());
    expect(account).toMatchObject({
      account_sid: sid,
      service_provider_sid: emu.serviceProviderSid,
      sip_realm: null,
      is_active: 1,
      plan_type: "trial",
      disable_cdrs: 0,
      device_to_call_ratio: 5,
      record_all_calls: 0,
      record_format: "mp3",
      enable_debug_log: 0,
      bucket_credential: null,
      registration_hook: null,
      queue_event_hook: null,
      device_calling_application_sid: null,
      siprec_hook_sid: null,
    });
    expect(account.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
  });

  it("discards a client-supplied webhook_secret and generates wh_secret_ plus 22 base58 characters", async () => {
    const sid = await createAccount(emu, { webhook_secret: "foobar" });
    const { webhook_secret } = await getAccount(emu, sid);
    expect(webhook_secret).toMatch(/^wh_secret_[1-9a-km-zA-HJ-NP-Z]{22}$/);
  });

  it("ignores an account_sid in the body", async () => {
    const sid = await createAccount(emu, { account_sid: MISSING_SID });
    expect(sid).not.toBe(MISSING_SID);
    expect((await call(emu, "GET", `/v1/Accounts/${MISSING_SID}`)).status).toBe(404);
  });

  it("lowercases sip_realm", async () => {
    const realm = `${uniqueName("Realm")}.Example.COM`;
    const sid = await createAccount(emu, { sip_realm: realm });
    expect((await getAccount(emu, sid)).sip_realm).toBe(realm.toLowerCase());
  });

  it("lets two accounts share a name", async () => {
    const name = uniqueName("same");
    const a = await createAccount(emu, { name });
    const b = await createAccount(emu, { name });
    expect(a).not.toBe(b);
  });

  it("fails with 422 Duplicate entry when another account already has the realm, whatever its case", async () => {
    const realm = `${uniqueName("dup")}.example.com`;
    await createAccount(emu, { sip_realm: realm });
    const res = await call(emu, "POST", "/v1/Accounts", {
      body: { name: uniqueName(), service_provider_sid: emu.serviceProviderSid, sip_realm: realm.toUpperCase() },
    });
    expect(res.status).toBe(422);
    expect(res.json()).toEqual({ msg: `Duplicate entry '${realm}' for key 'sip_realm'` });
  });

  it("stores an empty realm as an empty string, so a second empty realm collides", async () => {
    const other = await createServiceProvider(emu);
    const sid = await createAccount(emu, { sip_realm: "" }, other.token);
    expect((await getAccount(emu, sid)).sip_realm).toBe("");
    const res = await call(emu, "POST", "/v1/Accounts", { token: other.token, body: { name: uniqueName(), sip_realm: "" } });
    expect(res.status).toBe(422);
    expect(res.json<{ msg: string }>().msg).toBe("Duplicate entry '' for key 'sip_realm'");
  });

  it("corrupts a bucket_credential sent on create, which then reads back as {}", async () => {
    const sid = await createAccount(emu, {
      bucket_credential: { vendor: "aws_s3", name: "b", region: "us-east-1", access_key_id: "AK", secret_access_key: "secret123" },
    });
    expect((await getAccount(emu, sid)).bucket_credential).toEqual({});
    expect((await listedAccount(emu, sid)).bucket_credential).toEqual({});
  });

  it("stores hooks with a url and reads their method back upper-case", async () => {
    const sid = await createAccount(emu, {
      registration_hook: { url: "https://example.com/reg", method: "get" },
      queue_event_hook: { url: "", method: "POST" },
    });
    const account = await getAccount(emu, sid);
    expect(account.registration_hook).toEqual({ url: "https://example.com/reg", method: "GET", username: null, password: null });
    expect(account.queue_event_hook).toBeNull();
  });

  it("fails with 400 when a hook is not an object", async () => {
    const res = await call(emu, "POST", "/v1/Accounts", {
      body: { name: uniqueName(), service_provider_sid: emu.serviceProviderSid, registration_hook: "https://example.com" },
    });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: "'registration_hook' must be an object when adding an account" });
  });

  it("fails with 400 missing field name", async () => {
    const res = await call(emu, "POST", "/v1/Accounts", { body: { service_provider_sid: emu.serviceProviderSid } });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: "missing field name" });
  });

  it("fails with 400 missing field service_provider_sid when an admin leaves it out", async () => {
    const res = await call(emu, "POST", "/v1/Accounts", { body: { name: uniqueName() } });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: "missing field service_provider_sid" });
  });

  it("fails with 400 when the service provider does not exist", async () => {
    const res = await call(emu, "POST", "/v1/Accounts", { body: { name: uniqueName(), service_provider_sid: MISSING_SID } });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: `service_provider not found for sid ${MISSING_SID}` });
  });

  it("overwrites the body's service_provider_sid with a service-provider caller's own", async () => {
    const sp = await createServiceProvider(emu);
    const sid = await createAccount(emu, { service_provider_sid: emu.serviceProviderSid }, sp.token);
    expect((await getAccount(emu, sid)).service_provider_sid).toBe(sp.sid);
  });

  it("fails with 403 insufficient permissions for an account-scope key", async () => {
    const { token } = await createAccountWithKey(emu);
    const res = await call(emu, "POST", "/v1/Accounts", { token, body: { name: uniqueName() } });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ msg: "insufficient permissions" });
  });

  it("fails with 500 Unknown column for a key that is not a column", async () => {
    const res = await call(emu, "POST", "/v1/Accounts", {
      body: { name: uniqueName(), service_provider_sid: emu.serviceProviderSid, foo: 1 },
    });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ msg: "Unknown column 'foo' in 'field list'" });
  });

  it("fails with 500 on a foreign-key violation for an unknown application SID", async () => {
    const res = await call(emu, "POST", "/v1/Accounts", {
      body: { name: uniqueName(), service_provider_sid: emu.serviceProviderSid, device_calling_application_sid: MISSING_SID },
    });
    expect(res.status).toBe(500);
    expect(res.json<{ msg: string }>().msg).toMatch(/^Cannot add or update a child row: .*device_calling_application_sid/);
  });

  it("writes any real column, with no field whitelist", async () => {
    const sid = await createAccount(emu, { plan_type: "paid", is_active: false, device_to_call_ratio: 9, disable_cdrs: true });
    expect(await getAccount(emu, sid)).toMatchObject({ plan_type: "paid", is_active: 0, device_to_call_ratio: 9, disable_cdrs: 1 });
  });

  it("leaves an orphaned webhook row behind when the insert fails after the hook was written", async () => {
    const before = await emu.webhookCount();
    const res = await call(emu, "POST", "/v1/Accounts", {
      body: { name: uniqueName(), service_provider_sid: emu.serviceProviderSid, registration_hook: { url: "https://x" }, bogus: 1 },
    });
    expect(res.status).toBe(500);
    expect(await emu.webhookCount()).toBe(before + 1);
  });
});
