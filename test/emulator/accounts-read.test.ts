import { type RunningEmulator } from "../../provider/src/emulator";
import {
  call,
  createAccount,
  createAccountWithKey,
  createServiceProvider,
  getAccount,
  type Json,
  listedAccount,
  MISSING_SID,
  putAccount,
  start,
} from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
const googleKey = (extra: Json = {}): string =>
  JSON.stringify({ type: "service_account", project_id: "p", client_email: "x@p.iam", private_key: PRIVATE_KEY, ...extra }, null, 2);

async function accountWithCredential(credential: Json): Promise<string> {
  const sid = await createAccount(emu);
  const res = await putAccount(emu, sid, { bucket_credential: credential });
  expect(res.status).toBe(204);
  return sid;
}

describe("account masking", () => {
  it("masks secret_access_key on GET /Accounts/:sid but not on the list endpoints", async () => {
    const sid = await accountWithCredential({
      vendor: "aws_s3",
      name: "rec",
      region: "us-east-1",
      access_key_id: "AKIA1",
      secret_access_key: AWS_SECRET,
    });
    const single = (await getAccount(emu, sid)).bucket_credential as Json;
    expect(single).toEqual({
      vendor: "aws_s3",
      region: "us-east-1",
      name: "rec",
      access_key_id: "AKIA1",
      secret_access_key: `wJalrX${"X".repeat(AWS_SECRET.length - 6)}`,
    });
    expect(((await listedAccount(emu, sid)).bucket_credential as Json).secret_access_key).toBe(AWS_SECRET);
    const bySp = await call(emu, "GET", `/v1/ServiceProviders/${emu.serviceProviderSid}/Accounts`);
    const listed = bySp.json<Json[]>().find((a) => a.account_sid === sid);
    expect((listed?.bucket_credential as Json).secret_access_key).toBe(AWS_SECRET);
  });

  it("returns a secret of six characters or fewer unmasked", async () => {
    const sid = await accountWithCredential({
      vendor: "s3_compatible",
      name: "b",
      endpoint: "https://s3.local",
      access_key_id: "a",
      secret_access_key: "abc123",
    });
    expect(((await getAccount(emu, sid)).bucket_credential as Json).secret_access_key).toBe("abc123");
  });

  it("masks an azure connection_string the same way", async () => {
    const conn = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=k;EndpointSuffix=core.windows.net";
    const sid = await accountWithCredential({ vendor: "azure", name: "c", connection_string: conn });
    expect(((await getAccount(emu, sid)).bucket_credential as Json).connection_string).toBe(`Defaul${"X".repeat(conn.length - 6)}`);
  });

  it("masks the Google private_key after the header and re-serialises the key compactly", async () => {
    const sid = await accountWithCredential({ vendor: "google", name: "g", service_key: googleKey() });
    const credential = (await getAccount(emu, sid)).bucket_credential as Json;
    const serviceKey = credential.service_key as string;
    expect(serviceKey).not.toContain("\n  ");
    const body = PRIVATE_KEY.slice("-----BEGIN PRIVATE KEY-----\n".length);
    expect(JSON.parse(serviceKey)).toEqual({
      type: "service_account",
      project_id: "p",
      client_email: "x@p.iam",
      private_key: `-----BEGIN PRIVATE KEY-----\nMIIEvQ${"X".repeat(body.length - 6)}`,
    });
  });

  it.each([
    ["an object", { private_key: PRIVATE_KEY }, /^"\[object Object\]" is not valid JSON/],
    ["invalid JSON", "{not json", /JSON/],
    ["JSON without private_key", JSON.stringify({ client_email: "x@p.iam" }), /^Cannot read properties of undefined \(reading 'slice'\)$/],
  ])(
    "fails every GET /Accounts/:sid with 500 after a Google service_key that is %s, while the lists still work",
    async (_label, serviceKey, message) => {
      const sid = await accountWithCredential({ vendor: "google", name: "g", service_key: serviceKey });
      const res = await call(emu, "GET", `/v1/Accounts/${sid}`);
      expect(res.status).toBe(500);
      expect(res.json<Json>().msg).toMatch(message);
      expect((await listedAccount(emu, sid)).account_sid).toBe(sid);

      const repaired = { vendor: "google", name: "g", service_key: googleKey() };
      expect((await putAccount(emu, sid, { bucket_credential: repaired })).status).toBe(204);
      expect((await call(emu, "GET", `/v1/Accounts/${sid}`)).status).toBe(200);
    },
  );
});

describe("GET /Accounts/:sid", () => {
  it("answers an admin with an empty 404 for a missing account", async () => {
    const res = await call(emu, "GET", `/v1/Accounts/${MISSING_SID}`);
    expect(res.status).toBe(404);
    expect(res.text).toBe("");
    expect(res.headers["content-type"]).toBeUndefined();
  });

  it("fails with 403 for service-provider and account callers when the account is missing", async () => {
    const sp = await createServiceProvider(emu);
    const acct = await createAccountWithKey(emu);
    for (const token of [sp.token, acct.token]) {
      const res = await call(emu, "GET", `/v1/Accounts/${MISSING_SID}`, { token });
      expect(res.status).toBe(403);
      expect(res.json()).toEqual({ msg: "insufficient permissions" });
    }
  });

  it("fails with 403 for a service provider reading another SP\u2019s account", async () => {
    const sp = await createServiceProvider(emu);
    const sid = await createAccount(emu);
    expect((await call(emu, "GET", `/v1/Accounts/${sid}`, { token: sp.token })).status).toBe(403);
  });

  it("answers the lower-case path /v1/accounts/<sid> with an empty 404", async () => {
    const sid = await createAccount(emu);
    const res = await call(emu, "GET", `/v1/accounts/${sid}`);
    expect(res.status).toBe(404);
    expect(res.text).toBe("");
  });

  it("accepts an upper-case SID and reads it back lower-case", async () => {
    const sid = await createAccount(emu);
    const res = await call(emu, "GET", `/v1/Accounts/${sid.toUpperCase()}`);
    expect(res.status).toBe(200);
    expect(res.json<Json>().account_sid).toBe(sid);
  });

  it("fails with 400 Bad request when a query string follows the SID", async () => {
    const sid = await createAccount(emu);
    const res = await call(emu, "GET", `/v1/Accounts/${sid}?foo=bar`);
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: "Bad request" });
  });

  it("fails with 400 Bad request for a SID that is not a UUID", async () => {
    const res = await call(emu, "GET", "/v1/Accounts/not-a-sid");
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: "Bad request" });
  });
});

describe("account lists by scope", () => {
  it("gives admin every account, a service provider its own and an account key only itself", async () => {
    const sp = await createServiceProvider(emu);
    const spAccount = await createAccount(emu, {}, sp.token);
    const own = await createAccountWithKey(emu);

    const all = (await call(emu, "GET", "/v1/Accounts")).json<Json[]>().map((a) => a.account_sid);
    expect(all).toEqual(expect.arrayContaining([spAccount, own.sid]));

    const bySp = (await call(emu, "GET", "/v1/Accounts", { token: sp.token })).json<Json[]>();
    expect(bySp.map((a) => a.account_sid)).toEqual([spAccount]);

    const byAccount = (await call(emu, "GET", "/v1/Accounts", { token: own.token })).json<Json[]>();
    expect(byAccount.map((a) => a.account_sid)).toEqual([own.sid]);
  });

  it("lets an account key list its own SP\u2019s accounts, filtered to itself, and refuses other SPs", async () => {
    const own = await createAccountWithKey(emu);
    await createAccount(emu);
    const res = await call(emu, "GET", `/v1/ServiceProviders/${emu.serviceProviderSid}/Accounts`, { token: own.token });
    expect(res.json<Json[]>().map((a) => a.account_sid)).toEqual([own.sid]);

    const sp = await createServiceProvider(emu);
    const refused = await call(emu, "GET", `/v1/ServiceProviders/${sp.sid}/Accounts`, { token: own.token });
    expect(refused.status).toBe(403);
    expect(refused.json()).toEqual({ msg: "insufficient permissions" });
  });

  it("fails with 403 when a service provider lists another SP\u2019s accounts", async () => {
    const sp = await createServiceProvider(emu);
    const res = await call(emu, "GET", `/v1/ServiceProviders/${emu.serviceProviderSid}/Accounts`, { token: sp.token });
    expect(res.status).toBe(403);
  });
});
