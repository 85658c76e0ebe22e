import { mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { bundleEmulatorCli, type EmulatorProcess, launchEmulatorCli, stopEmulator } from "./cli-process";

let dir: string;
let bundle: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vg-emulator-shared-"));
  bundle = bundleEmulatorCli(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function createAccount(emulator: EmulatorProcess, name: string): Promise<{ status: number; sid?: string }> {
  const { env } = emulator;
  const res = await request(`${env.VOICEGATEWAY_API_URL}/Accounts`, {
    method: "POST",
    headers: { authorization: `Bearer ${env.VOICEGATEWAY_API_KEY}`, "content-type": "application/json" },
    body: JSON.stringify({ name, service_provider_sid: env.VOICEGATEWAY_SERVICE_PROVIDER_SID }),
  });
  const body = (await res.body.json()) as { sid?: string };
  return { status: res.statusCode, ...(res.statusCode === 201 ? { sid: body.sid } : {}) };
}

async function listedSids(emulator: EmulatorProcess): Promise<Set<string>> {
  const { env } = emulator;
  const res = await request(`${env.VOICEGATEWAY_API_URL}/Accounts`, { headers: { authorization: `Bearer ${env.VOICEGATEWAY_API_KEY}` } });
  return new Set(((await res.body.json()) as Array<{ account_sid: string }>).map((a) => a.account_sid));
}

describe("two emulator processes on one --state file", () => {
  it("keeps every acknowledged create while both take over abandoned locks", async () => {
    const file = join(dir, "state.json");
    const first = await launchEmulatorCli(bundle, ["--state", file, "--no-rate-limit"]);
    const second = await launchEmulatorCli(bundle, ["--state", file, "--no-rate-limit"]);
    try {
      const acknowledged: string[] = [];
      const statuses = new Set<number>();
      for (let round = 0; round < 5; round += 1) {
        // A lock left by an emulator that died mid-request: both processes find it abandoned at once.
        await writeFile(`${file}.lock`, `${JSON.stringify({ token: `dead-${round}`, pid: 999999 })}\n`, { flag: "wx" });
        await utimes(`${file}.lock`, new Date(0), new Date(0));
        const results = await Promise.all(
          Array.from({ length: 96 }, (_, i) => createAccount(i % 2 === 0 ? first : second, `shared-${round}-${i}`)),
        );
        for (const { status, sid } of results) {
          statuses.add(status);
          if (sid) acknowledged.push(sid);
        }
      }
      expect([...statuses]).toEqual([201]);
      for (const emulator of [first, second]) {
        const listed = await listedSids(emulator);
        expect(acknowledged.filter((sid) => !listed.has(sid))).toEqual([]);
      }
      expect(acknowledged).toHaveLength(5 * 96);
    } finally {
      await stopEmulator(first);
      await stopEmulator(second);
    }
    // No lock, pin or private file is left behind.
    expect((await readdir(dir)).filter((name) => name.startsWith("state.json."))).toEqual([]);
  });
});
