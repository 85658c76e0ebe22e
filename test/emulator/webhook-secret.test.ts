import { type RunningEmulator } from "../../provider/src/emulator";
import { call, createAccount, createAccountWithKey, createServiceProvider, getAccount, MISSING_SID, start } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

const SECRET = /^wh_secret_[1-9a-km-zA-HJ-NP-Z]{22}$/;

async function secretOf(sid: string, query = "", token?: string): Promise<string> {
  const res = await call(emu, "GET", `/v1/Accounts/${sid}/WebhookSecret${query}`, token === undefined ? {} : { token });
  expect(res.status).toBe(200);
  return res.json<{ webhook_secret: string }>().webhook_secret;
}

describe("GET /Accounts/:sid/WebhookSecret", () => {
  it("returns the same secret as the account", async () => {
    const sid = await createAccount(emu);
    expect(await secretOf(sid)).toBe((await getAccount(emu, sid)).webhook_secret);
  });

  it.each(["?regenerate=true", "?regenerate=false", "?regenerate=0"])("regenerates and stores a new secret with %s", async (query) => {
    const sid = await createAccount(emu);
    const old = await secretOf(sid);
    const fresh = await secretOf(sid, query);
    expect(fresh).toMatch(SECRET);
    expect(fresh).not.toBe(old);
    expect((await getAccount(emu, sid)).webhook_secret).toBe(fresh);
  });

  it("does not regenerate for an empty regenerate value", async () => {
    const sid = await createAccount(emu);
    const old = await secretOf(sid);
    expect(await secretOf(sid, "?regenerate=")).toBe(old);
  });

  it("lets an account key read and regenerate its own secret", async () => {
    const { sid, token } = await createAccountWithKey(emu);
    expect(await secretOf(sid, "?regenerate=yes", token)).toMatch(SECRET);
  });

  it("answers an admin with an empty 404 and a service provider with 403 for a missing account", async () => {
    const missing = await call(emu, "GET", `/v1/Accounts/${MISSING_SID}/WebhookSecret`);
    expect(missing.status).toBe(404);
    expect(missing.text).toBe("");
    const sp = await createServiceProvider(emu);
    const refused = await call(emu, "GET", `/v1/Accounts/${MISSING_SID}/WebhookSecret`, { token: sp.token });
    expect(refused.status).toBe(403);
    expect(refused.json()).toEqual({ msg: "insufficient permissions" });
  });
});
