import { type RunningEmulator } from "../../provider/src/emulator";
import { call, createAccount, createAccountWithKey, createServiceProvider, start } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

async function size(path: string, token?: string): Promise<number> {
  const res = await call(emu, "GET", path, token === undefined ? {} : { token });
  expect(res.status).toBe(200);
  return res.json<{ size: number }>().size;
}

describe("TTS cache", () => {
  it("counts the prompts seeded for an account and purges only that account", async () => {
    const a = await createAccount(emu);
    const b = await createAccount(emu);
    expect(await emu.seedTtsCache(a, 3)).toBe(3);
    await emu.seedTtsCache(b, 5);
    expect(await size(`/v1/Accounts/${a}/TtsCache`)).toBe(3);

    const res = await call(emu, "DELETE", `/v1/Accounts/${a}/TtsCache`);
    expect(res.status).toBe(204);
    expect(res.text).toBe("");
    expect(await size(`/v1/Accounts/${a}/TtsCache`)).toBe(0);
    expect(await size(`/v1/Accounts/${b}/TtsCache`)).toBe(5);
  });

  it("lets admin read and purge the global cache", async () => {
    const a = await createAccount(emu);
    await emu.seedTtsCache(a, 8);
    expect(await size("/v1/TtsCache")).toBeGreaterThanOrEqual(8);
    expect((await call(emu, "DELETE", "/v1/TtsCache")).status).toBe(204);
    expect(await size("/v1/TtsCache")).toBe(0);
  });

  it("lets an account key read its own cache size", async () => {
    const { sid, token } = await createAccountWithKey(emu);
    await emu.seedTtsCache(sid, 2);
    expect(await size(`/v1/Accounts/${sid}/TtsCache`, token)).toBe(2);
  });

  it("fails with 403 {status:'fail'} on the global cache for non-admin keys", async () => {
    const { token } = await createAccountWithKey(emu);
    const sp = await createServiceProvider(emu);
    for (const t of [token, sp.token]) {
      const res = await call(emu, "GET", "/v1/TtsCache", { token: t });
      expect(res.status).toBe(403);
      expect(res.json()).toEqual({ status: "fail", message: "insufficient privileges" });
    }
  });

  it("fails with 403 {status:'fail'} for a service provider on another SP's account", async () => {
    const sid = await createAccount(emu);
    const sp = await createServiceProvider(emu);
    const res = await call(emu, "DELETE", `/v1/Accounts/${sid}/TtsCache`, { token: sp.token });
    expect(res.status).toBe(403);
    expect(res.json()).toEqual({ status: "fail", message: "insufficient privileges" });
  });
});
