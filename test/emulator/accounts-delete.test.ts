import { type RunningEmulator } from "../../provider/src/emulator";
import {
  call,
  createAccount,
  createAccountWithKey,
  createApiKey,
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

async function status(method: string, path: string, token?: string): Promise<number> {
  return (await call(emu, method, path, token === undefined ? {} : { token })).status;
}

describe("DELETE /Accounts/:sid", () => {
  it("cascades over API keys, applications and limits", async () => {
    const { sid, token } = await createAccountWithKey(emu);
    const app = await createApplication(emu, sid);
    await call(emu, "POST", `/v1/Accounts/${sid}/Limits`, { body: { category: "voice_call_session", quantity: 5 } });

    const res = await call(emu, "DELETE", `/v1/Accounts/${sid}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(await status("GET", `/v1/Accounts/${sid}`)).toBe(404);
    expect(await status("GET", `/v1/Applications/${app}`)).toBe(404);
    expect((await call(emu, "GET", `/v1/Accounts/${sid}/Limits`)).json()).toEqual([]);
    expect(await status("GET", "/v1/Accounts", token)).toBe(401);
  });

  it("fails with 500 when an admin deletes an account that does not exist", async () => {
    const res = await call(emu, "DELETE", `/v1/Accounts/${MISSING_SID}`);
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ msg: "Cannot destructure property 'sip_realm' of 'account[0]' as it is undefined." });
  });

  it("fails with 403 for service-provider and account callers on a missing or foreign account", async () => {
    const sid = await createAccount(emu);
    const sp = await createServiceProvider(emu);
    const other = await createAccountWithKey(emu);
    for (const [target, token] of [
      [MISSING_SID, sp.token],
      [sid, sp.token],
      [MISSING_SID, other.token],
      [sid, other.token],
    ] as const) {
      const res = await call(emu, "DELETE", `/v1/Accounts/${target}`, { token });
      expect(res.status).toBe(403);
      expect(res.json()).toEqual({ msg: "insufficient permissions" });
    }
    expect(await status("GET", `/v1/Accounts/${sid}`)).toBe(200);
  });

  it("lets an account key delete its own account", async () => {
    const { sid, token } = await createAccountWithKey(emu);
    expect(await status("DELETE", `/v1/Accounts/${sid}`, token)).toBe(204);
    expect(await status("GET", `/v1/Accounts/${sid}`)).toBe(404);
  });

  it.each(["device_calling_application_sid", "siprec_hook_sid"])(
    "fails with 500 and deletes only the API keys when %s points at one of its own applications",
    async (field) => {
      const { sid, token } = await createAccountWithKey(emu);
      const app = await createApplication(emu, sid);
      await call(emu, "POST", `/v1/Accounts/${sid}/Limits`, { body: { category: "device", quantity: 2 } });
      expect((await putAccount(emu, sid, { [field]: app })).status).toBe(204);

      const res = await call(emu, "DELETE", `/v1/Accounts/${sid}`);
      expect(res.status).toBe(500);
      expect(res.json<{ msg: string }>().msg).toMatch(new RegExp(`^Cannot delete or update a parent row: .*\`${field}\``));

      // Partial delete (portal-behaviour.md §0.1): keys gone, account, application and limits still there.
      expect(await status("GET", "/v1/Accounts", token)).toBe(401);
      expect((await call(emu, "GET", `/v1/Accounts/${sid}/ApiKeys`)).json()).toEqual([]);
      expect(await status("GET", `/v1/Accounts/${sid}`)).toBe(200);
      expect(await status("GET", `/v1/Applications/${app}`)).toBe(200);
      expect((await call(emu, "GET", `/v1/Accounts/${sid}/Limits`)).json<Json[]>()).toHaveLength(1);

      expect((await putAccount(emu, sid, { [field]: null })).status).toBe(204);
      expect(await status("DELETE", `/v1/Accounts/${sid}`)).toBe(204);
    },
  );

  it("removes the registration hook's row but leaves the queue-event hook's row behind", async () => {
    const sid = await createAccount(emu, {
      registration_hook: { url: "https://example.com/reg" },
      queue_event_hook: { url: "https://example.com/queue" },
    });
    const before = await emu.webhookCount();
    expect(await status("DELETE", `/v1/Accounts/${sid}`)).toBe(204);
    expect(await emu.webhookCount()).toBe(before - 1);
  });

  it("also deletes keys the account made for itself", async () => {
    const { sid, token } = await createAccountWithKey(emu);
    const second = await createApiKey(emu, { account_sid: sid }, token);
    expect(await status("DELETE", `/v1/Accounts/${sid}`)).toBe(204);
    expect(await status("GET", "/v1/Accounts", second.token)).toBe(401);
  });
});
