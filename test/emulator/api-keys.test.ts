import { type RunningEmulator } from "../../provider/src/emulator";
import {
  call,
  createAccount,
  createAccountWithKey,
  createApiKey,
  createServiceProvider,
  type Json,
  MISSING_SID,
  putAccount,
  start,
  UUID_V4,
} from "./support";

let now = Date.parse("2026-03-01T12:00:00.000Z");
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start({ clock: () => now });
});
afterAll(() => emu.close());

const SAME_SP = "a service provider token can only be used to create tokens for the same service provider";
const SAME_ACCOUNT = "an account level token can only be used to create account level tokens for the same account";

async function keysOf(sid: string, token?: string): Promise<Json[]> {
  const res = await call(emu, "GET", `/v1/Accounts/${sid}/ApiKeys`, token === undefined ? {} : { token });
  expect(res.status).toBe(200);
  return res.json<Json[]>();
}

describe("POST /ApiKeys", () => {
  it("creates an account key with a server-generated UUID v4 token that authenticates as that account", async () => {
    const sid = await createAccount(emu);
    const res = await call(emu, "POST", "/v1/ApiKeys", { body: { account_sid: sid, token: "mine" } });
    expect(res.status).toBe(201);
    const key = res.json<{ sid: string; token: string }>();
    expect(Object.keys(key).sort()).toEqual(["sid", "token"]);
    expect(key.token).toMatch(UUID_V4);
    const listed = (await call(emu, "GET", "/v1/Accounts", { token: key.token })).json<Json[]>();
    expect(listed.map((a) => a.account_sid)).toEqual([sid]);
  });

  it("creates an admin key from an empty body when the caller is admin", async () => {
    const key = await createApiKey(emu, {});
    expect((await call(emu, "GET", "/v1/TtsCache", { token: key.token })).status).toBe(200);
  });

  it("makes a service-provider key when an admin sends both account_sid and service_provider_sid", async () => {
    const sid = await createAccount(emu);
    const key = await createApiKey(emu, { account_sid: sid, service_provider_sid: emu.serviceProviderSid });
    const res = await call(emu, "POST", "/v1/Accounts", { token: key.token, body: { name: "by-sp-scope" } });
    expect(res.status).toBe(201);
  });

  it.each([
    ["an SP key asks for an admin key", "sp", {}, "service provider token may not be used to create admin token"],
    ["an SP key asks for a key of another SP", "sp", { service_provider_sid: "seeded" }, SAME_SP],
    ["an SP key asks for a key of another SP's account", "sp", { account_sid: "seeded-account" }, SAME_SP],
    ["an account key asks for a key of another account", "account", { account_sid: "seeded-account" }, SAME_ACCOUNT],
    ["an account key asks for an SP key", "account", { service_provider_sid: "seeded" }, SAME_ACCOUNT],
    ["an account key asks for an admin key", "account", {}, SAME_ACCOUNT],
  ])("fails with 400 when %s", async (_label, caller, template, message) => {
    const seededAccount = await createAccount(emu);
    const token = caller === "sp" ? (await createServiceProvider(emu)).token : (await createAccountWithKey(emu)).token;
    const body = Object.fromEntries(Object.entries(template).map(([k, v]) => [k, v === "seeded" ? emu.serviceProviderSid : seededAccount]));
    const res = await call(emu, "POST", "/v1/ApiKeys", { token, body });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: message });
  });

  it("lets a service provider create keys for itself and its accounts, and an account key for its own account", async () => {
    const sp = await createServiceProvider(emu);
    const spAccount = await createAccount(emu, {}, sp.token);
    await createApiKey(emu, { service_provider_sid: sp.sid }, sp.token);
    const accountKey = await createApiKey(emu, { account_sid: spAccount, service_provider_sid: sp.sid }, sp.token);
    // The SP SID is dropped, so the new key has account scope.
    expect((await call(emu, "POST", "/v1/Accounts", { token: accountKey.token, body: { name: "x" } })).status).toBe(403);
    await createApiKey(emu, { account_sid: spAccount }, accountKey.token);
  });

  it("fails with 500 Unknown column 'expiry_secs'", async () => {
    const sid = await createAccount(emu);
    const res = await call(emu, "POST", "/v1/ApiKeys", { body: { account_sid: sid, expiry_secs: 3600 } });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ msg: "Unknown column 'expiry_secs' in 'field list'" });
  });

  it("fails with a 500 foreign-key error for an account that does not exist", async () => {
    const res = await call(emu, "POST", "/v1/ApiKeys", { body: { account_sid: MISSING_SID } });
    expect(res.status).toBe(500);
    expect(res.json<{ msg: string }>().msg).toMatch(/^Cannot add or update a child row/);
  });

  it("never enforces expires_at", async () => {
    const sid = await createAccount(emu);
    const key = await createApiKey(emu, { account_sid: sid, expires_at: "2000-01-01 00:00:00" });
    expect((await keysOf(sid)).find((k) => k.api_key_sid === key.sid)?.expires_at).toBe("2000-01-01T00:00:00.000Z");
    expect((await call(emu, "GET", `/v1/Accounts/${sid}`, { token: key.token })).status).toBe(200);
  });
});

describe("GET /Accounts/:sid/ApiKeys", () => {
  it("returns every key with its full token and the portal fields", async () => {
    const { sid, token, keySid } = await createAccountWithKey(emu);
    const [key] = await keysOf(sid);
    expect(key).toEqual({
      api_key_sid: keySid,
      token,
      account_sid: sid,
      service_provider_sid: null,
      expires_at: null,
      last_used: null,
      created_at: new Date(Math.floor(now / 1000) * 1000).toISOString(),
    });
  });

  it("bumps last_used on all keys of the account after an account-scope read, at most once a minute", async () => {
    const { sid, token } = await createAccountWithKey(emu);
    await createApiKey(emu, { account_sid: sid });
    expect((await keysOf(sid, token)).map((k) => k.last_used)).toEqual([null, null]);
    const firstBump = new Date(now).toISOString();
    expect((await keysOf(sid)).map((k) => k.last_used)).toEqual([firstBump, firstBump]);

    now += 30_000;
    await keysOf(sid, token);
    expect((await keysOf(sid)).map((k) => k.last_used)).toEqual([firstBump, firstBump]);

    now += 31_000;
    await putAccount(emu, sid, { name: "touched" }, token);
    const secondBump = new Date(now).toISOString();
    expect((await keysOf(sid)).map((k) => k.last_used)).toEqual([secondBump, secondBump]);
  });

  it("does not bump last_used for admin or service-provider reads", async () => {
    const { sid } = await createAccountWithKey(emu);
    await keysOf(sid);
    now += 61_000;
    await keysOf(sid);
    expect((await keysOf(sid)).map((k) => k.last_used)).toEqual([null]);
  });

  it("fails with 403 for another account's keys", async () => {
    const sid = await createAccount(emu);
    const other = await createAccountWithKey(emu);
    const res = await call(emu, "GET", `/v1/Accounts/${sid}/ApiKeys`, { token: other.token });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ msg: "insufficient permissions" });
  });
});

describe("GET /ServiceProviders/:sp/ApiKeys", () => {
  it("lists SP keys only, not the account keys the SP created", async () => {
    const sp = await createServiceProvider(emu);
    const account = await createAccount(emu, {}, sp.token);
    await createApiKey(emu, { account_sid: account }, sp.token);
    const res = await call(emu, "GET", `/v1/ServiceProviders/${sp.sid}/ApiKeys`, { token: sp.token });
    expect(res.status).toBe(200);
    const keys = res.json<Json[]>();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ service_provider_sid: sp.sid, account_sid: null, token: sp.token });
  });
});

describe("DELETE /ApiKeys/:sid", () => {
  it("deletes a key, which then stops authenticating", async () => {
    const { token, keySid } = await createAccountWithKey(emu);
    const res = await call(emu, "DELETE", `/v1/ApiKeys/${keySid}`);
    expect(res.status).toBe(204);
    expect((await call(emu, "GET", "/v1/Accounts", { token })).status).toBe(401);
  });

  it("fails with a plain-text 404 Not Found for an unknown key, without validating the SID", async () => {
    for (const sid of [MISSING_SID, "not-a-uuid"]) {
      const res = await call(emu, "DELETE", `/v1/ApiKeys/${sid}`);
      expect(res.status).toBe(404);
      expect(res.text).toBe("Not Found");
      expect(res.headers["content-type"]).toMatch(/^text\/plain/);
    }
  });

  it("lets a service provider delete an account key of another SP's account (the portal's bug)", async () => {
    const victim = await createAccountWithKey(emu);
    const sp = await createServiceProvider(emu);
    expect((await call(emu, "DELETE", `/v1/ApiKeys/${victim.keySid}`, { token: sp.token })).status).toBe(204);
  });

  it.each([
    ["an SP deletes an admin key", "a service provider user may not delete an admin token"],
    ["an SP deletes another SP's key", "a service provider user may not delete api key from another service provider"],
    ["an account deletes another account's key", "a user may not delete a token associated with a different account"],
  ])("fails with 400 when %s", async (label, message) => {
    let target: string;
    let token: string;
    if (label.includes("admin")) {
      target = (await createApiKey(emu, {})).sid;
      token = (await createServiceProvider(emu)).token;
    } else if (label.includes("SP")) {
      const owner = await createServiceProvider(emu);
      target = (await createApiKey(emu, { service_provider_sid: owner.sid })).sid;
      token = (await createServiceProvider(emu)).token;
    } else {
      target = (await createAccountWithKey(emu)).keySid;
      token = (await createAccountWithKey(emu)).token;
    }
    const res = await call(emu, "DELETE", `/v1/ApiKeys/${target}`, { token });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: message });
  });

  it("has no GET route for keys, so GET /ApiKeys is the HTML 404", async () => {
    const res = await call(emu, "GET", "/v1/ApiKeys");
    expect(res.status).toBe(404);
    expect(res.text).toContain("<pre>Cannot GET /v1/ApiKeys</pre>");
  });
});
