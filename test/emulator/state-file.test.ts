import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningEmulator } from "../../provider/src/emulator";
import { call, createAccount, getAccount, type Json, putAccount, start } from "./support";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vg-emulator-state-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("state file", () => {
  let first: RunningEmulator;
  let second: RunningEmulator;
  let file: string;
  beforeAll(async () => {
    file = join(dir, "shared.json");
    first = await start({ stateFile: file });
    second = await start({ stateFile: file });
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it("reuses the service provider and admin key already in the file", () => {
    expect(second.adminKey).toBe(first.adminKey);
    expect(second.serviceProviderSid).toBe(first.serviceProviderSid);
  });

  it("shows one emulator the writes of the other", async () => {
    const sid = await createAccount(first);
    await putAccount(second, sid, { name: "renamed-by-second" });
    expect((await getAccount(first, sid)).name).toBe("renamed-by-second");
  });

  it("loses no update when both emulators write concurrently", async () => {
    const before = (await call(first, "GET", "/v1/Accounts")).json<Json[]>().length;
    await Promise.all(Array.from({ length: 20 }, (_, i) => createAccount(i % 2 === 0 ? first : second)));
    expect((await call(second, "GET", "/v1/Accounts")).json<Json[]>()).toHaveLength(before + 20);
  });

  it("keeps TTS prompts and webhook rows in the file", async () => {
    const sid = await createAccount(first, { registration_hook: { url: "https://example.com" } });
    await first.seedTtsCache(sid, 3);
    expect((await call(second, "GET", `/v1/Accounts/${sid}/TtsCache`)).json()).toEqual({ size: 3 });
    expect(await second.webhookCount()).toBe(await first.webhookCount());
  });

  it("does not write recording secrets to the file in clear", async () => {
    const sid = await createAccount(first);
    const secret = "VerySecretAccessKeyValue42";
    const credential = { vendor: "aws_s3", name: "b", region: "r", access_key_id: "a", secret_access_key: secret };
    expect((await putAccount(first, sid, { bucket_credential: credential })).status).toBe(204);
    expect(await readFile(file, "utf8")).not.toContain(secret);
  });
});

describe("state file with an admin key", () => {
  it("adds a given admin key to an existing file", async () => {
    const file = join(dir, "keys.json");
    const original = await start({ stateFile: file });
    await original.close();
    const withKey = await start({ stateFile: file, adminKey: "11111111-2222-4333-8444-555555555555" });
    try {
      expect(withKey.adminKey).toBe("11111111-2222-4333-8444-555555555555");
      expect(withKey.serviceProviderSid).toBe(original.serviceProviderSid);
      expect((await call(withKey, "GET", "/v1/Accounts")).status).toBe(200);
      expect((await call(withKey, "GET", "/v1/Accounts", { token: original.adminKey })).status).toBe(200);
    } finally {
      await withKey.close();
    }
  });
});
