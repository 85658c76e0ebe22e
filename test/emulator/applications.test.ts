import { type RunningEmulator } from "../../provider/src/emulator";
import {
  call,
  createAccount,
  createAccountWithKey,
  createApplication,
  createServiceProvider,
  type Json,
  MISSING_SID,
  putAccount,
  start,
} from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

describe("applications", () => {
  it("creates an application and returns its hooks with webhook_sid", async () => {
    const account = await createAccount(emu);
    const sid = await createApplication(emu, account, { name: "ivr" });
    const res = await call(emu, "GET", `/v1/Applications/${sid}`);
    expect(res.status).toBe(200);
    const app = res.json<Json>();
    expect(app).toMatchObject({ application_sid: sid, name: "ivr", account_sid: account, messaging_hook: null });
    expect(app.call_hook).toEqual({
      webhook_sid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      url: "https://example.com/call",
      method: "POST",
      username: null,
      password: null,
    });
  });

  it("scopes the list by caller and hides other accounts\u2019 applications", async () => {
    const sp = await createServiceProvider(emu);
    const spAccount = await createAccount(emu, {}, sp.token);
    const own = await createAccountWithKey(emu);
    const spApp = await createApplication(emu, spAccount, {}, sp.token);
    const ownApp = await createApplication(emu, own.sid, {}, own.token);

    const all = (await call(emu, "GET", "/v1/Applications")).json<Json[]>().map((a) => a.application_sid);
    expect(all).toEqual(expect.arrayContaining([spApp, ownApp]));
    expect((await call(emu, "GET", "/v1/Applications", { token: sp.token })).json<Json[]>().map((a) => a.application_sid)).toEqual([spApp]);
    expect((await call(emu, "GET", "/v1/Applications", { token: own.token })).json<Json[]>().map((a) => a.application_sid)).toEqual([
      ownApp,
    ]);
    expect((await call(emu, "GET", `/v1/Applications/${spApp}`, { token: own.token })).status).toBe(404);
  });

  it("fails with 403 when a service provider creates an application under another SP's account", async () => {
    const sp = await createServiceProvider(emu);
    const foreign = await createAccount(emu);
    const res = await call(emu, "POST", "/v1/Applications", { token: sp.token, body: { name: "x", account_sid: foreign } });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ msg: "insufficient privileges" });
  });

  it("lists an account\u2019s applications as an array, or paginated by name when page is given", async () => {
    const account = await createAccount(emu);
    for (const name of ["charlie", "alpha", "bravo"]) await createApplication(emu, account, { name });
    const plain = await call(emu, "GET", `/v1/Accounts/${account}/Applications`);
    expect(plain.json<Json[]>().map((a) => a.name)).toEqual(["charlie", "alpha", "bravo"]);

    const paged = (await call(emu, "GET", `/v1/Accounts/${account}/Applications?page=1&page_size=2`)).json<Json>();
    expect(paged).toMatchObject({ total: 3, page: 1, page_size: 2 });
    expect((paged.data as Json[]).map((a) => a.name)).toEqual(["alpha", "bravo"]);

    const filtered = (await call(emu, "GET", `/v1/Accounts/${account}/Applications?page=1&name=rav`)).json<Json>();
    expect(filtered).toMatchObject({ total: 1, page: 1, page_size: 50 });
  });

  it("deletes an application with 204", async () => {
    const sid = await createApplication(emu, await createAccount(emu));
    expect((await call(emu, "DELETE", `/v1/Applications/${sid}`)).status).toBe(204);
    expect((await call(emu, "GET", `/v1/Applications/${sid}`)).status).toBe(404);
  });

  it("fails with a 500 foreign-key error when deleting an application an account still references", async () => {
    const account = await createAccount(emu);
    const sid = await createApplication(emu, account);
    await putAccount(emu, account, { siprec_hook_sid: sid });
    const res = await call(emu, "DELETE", `/v1/Applications/${sid}`);
    expect(res.status).toBe(500);
    expect(res.json<{ msg: string }>().msg).toMatch(/^Cannot delete or update a parent row/);
  });

  it("fails with 400 for an account key deleting an application that does not exist", async () => {
    const { token } = await createAccountWithKey(emu);
    const res = await call(emu, "DELETE", `/v1/Applications/${MISSING_SID}`, { token });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: "application does not exist" });
  });
});
