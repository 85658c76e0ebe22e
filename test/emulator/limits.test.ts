import { type RunningEmulator } from "../../provider/src/emulator";
import { call, createAccount, createAccountWithKey, createServiceProvider, type Json, MISSING_SID, start } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

const limitsPath = (sid: string, query = ""): string => `/v1/Accounts/${sid}/Limits${query}`;

describe("account limits", () => {
  it("starts empty, answers 201 {sid} and upserts by category", async () => {
    const sid = await createAccount(emu);
    expect((await call(emu, "GET", limitsPath(sid))).json()).toEqual([]);

    const first = await call(emu, "POST", limitsPath(sid), { body: { category: "voice_call_session", quantity: 200 } });
    expect(first.status).toBe(201);
    const second = await call(emu, "POST", limitsPath(sid), { body: { category: "voice_call_session", quantity: 205 } });
    expect(second.status).toBe(201);
    expect(second.json()).toEqual(first.json());

    const limits = (await call(emu, "GET", limitsPath(sid))).json<Json[]>();
    expect(limits).toEqual([{ account_limits_sid: first.json().sid, account_sid: sid, category: "voice_call_session", quantity: 205 }]);
  });

  it("filters by ?category, deletes one category, and wipes all without a category", async () => {
    const sid = await createAccount(emu);
    for (const category of ["voice_call_minutes", "voice_call_minutes_license", "device"]) {
      await call(emu, "POST", limitsPath(sid), { body: { category, quantity: 1 } });
    }
    expect((await call(emu, "GET", limitsPath(sid, "?category=device"))).json<Json[]>()).toHaveLength(1);

    expect((await call(emu, "DELETE", limitsPath(sid, "?category=device"))).status).toBe(204);
    expect(
      (await call(emu, "GET", limitsPath(sid)))
        .json<Json[]>()
        .map((l) => l.category)
        .sort(),
    ).toEqual(["voice_call_minutes", "voice_call_minutes_license"]);

    expect((await call(emu, "DELETE", limitsPath(sid))).status).toBe(204);
    expect((await call(emu, "GET", limitsPath(sid))).json()).toEqual([]);
    expect((await call(emu, "DELETE", limitsPath(sid, "?category=api_rate"))).status).toBe(204);
  });

  it("fails with 500 for a category outside the ENUM", async () => {
    const sid = await createAccount(emu);
    const res = await call(emu, "POST", limitsPath(sid), { body: { category: "api_limit", quantity: 1 } });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ msg: "Data truncated for column 'category' at row 1" });
  });

  it("fails with 500 when quantity is missing", async () => {
    const sid = await createAccount(emu);
    const res = await call(emu, "POST", limitsPath(sid), { body: { category: "device" } });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ msg: "Column 'quantity' cannot be null" });
  });

  it("fails with a 500 foreign-key error for an account that does not exist", async () => {
    const res = await call(emu, "POST", limitsPath(MISSING_SID), { body: { category: "device", quantity: 1 } });
    expect(res.status).toBe(500);
    expect(res.json<{ msg: string }>().msg).toMatch(/^Cannot add or update a child row/);
  });

  it("inserts a second row when the category differs only in case, because the upsert compares raw strings", async () => {
    const sid = await createAccount(emu);
    await call(emu, "POST", limitsPath(sid), { body: { category: "device", quantity: 1 } });
    await call(emu, "POST", limitsPath(sid), { body: { category: "DEVICE", quantity: 2 } });
    expect((await call(emu, "GET", limitsPath(sid))).json<Json[]>().map((l) => l.category)).toEqual(["device", "device"]);
  });

  it("lets an account key set and delete its own limits", async () => {
    const { sid, token } = await createAccountWithKey(emu);
    expect((await call(emu, "POST", limitsPath(sid), { token, body: { category: "voice_call_session", quantity: 9 } })).status).toBe(201);
    expect((await call(emu, "DELETE", limitsPath(sid), { token })).status).toBe(204);
  });

  it("fails with 403 {status:'fail'} for another account's or another SP's limits", async () => {
    const sid = await createAccount(emu);
    const other = await createAccountWithKey(emu);
    const sp = await createServiceProvider(emu);
    for (const token of [other.token, sp.token]) {
      const res = await call(emu, "GET", limitsPath(sid), { token });
      expect(res.status).toBe(403);
      expect(res.json()).toEqual({ status: "fail", message: "insufficient privileges" });
    }
  });

  it("fails with 400 {status:'fail'} for a malformed SID from a non-admin, and {msg:'Bad request'} from an admin", async () => {
    const { token } = await createAccountWithKey(emu);
    const nonAdmin = await call(emu, "POST", limitsPath("invalid-sid"), { token, body: { category: "device", quantity: 1 } });
    expect(nonAdmin.status).toBe(400);
    expect(nonAdmin.json()).toEqual({ status: "fail", message: "invalid AccountsSid format" });
    const admin = await call(emu, "POST", limitsPath("invalid-sid"), { body: { category: "device", quantity: 1 } });
    expect(admin.status).toBe(400);
    expect(admin.json()).toEqual({ msg: "Bad request" });
  });
});
