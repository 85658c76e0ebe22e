import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { bundleEmulatorCli, type EmulatorProcess, launchEmulatorCli, stopEmulator } from "./cli-process";

let dir: string;
let bundle: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vg-emulator-cli-"));
  bundle = bundleEmulatorCli(dir);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const launch = (args: string[]): Promise<EmulatorProcess> => launchEmulatorCli(bundle, args);
const stop = (started: EmulatorProcess): Promise<number | null> => stopEmulator(started);

async function get(env: Record<string, string>, path: string): Promise<{ status: number; body: string }> {
  const res = await request(`${env.VOICEGATEWAY_API_URL}${path}`, { headers: { authorization: `Bearer ${env.VOICEGATEWAY_API_KEY}` } });
  return { status: res.statusCode, body: await res.body.text() };
}

describe("voicegateway-emulator CLI", () => {
  it("prints exactly the three environment lines first, serves, and exits 0 on SIGTERM", async () => {
    const started = await launch(["--port", "0", "--admin-key", "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"]);
    expect(started.lines[0]).toMatch(/^VOICEGATEWAY_API_URL=http:\/\/127\.0\.0\.1:\d+\/v1$/);
    expect(started.lines[1]).toBe("VOICEGATEWAY_API_KEY=aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
    expect(started.lines[2]).toMatch(/^VOICEGATEWAY_SERVICE_PROVIDER_SID=[0-9a-f-]{36}$/);
    const sp = await get(started.env, `/ServiceProviders/${started.env.VOICEGATEWAY_SERVICE_PROVIDER_SID}`);
    expect(sp.status).toBe(200);
    expect(await stop(started)).toBe(0);
    expect(started.stdout().split("\n").filter(Boolean)).toHaveLength(3);
  });

  it("shares one portal between two processes through --state", async () => {
    const file = join(dir, "state.json");
    const a = await launch(["--port", "0", "--state", file]);
    const b = await launch(["--port", "0", "--state", file, "--no-rate-limit"]);
    try {
      expect(b.env.VOICEGATEWAY_API_KEY).toBe(a.env.VOICEGATEWAY_API_KEY);
      expect(b.env.VOICEGATEWAY_SERVICE_PROVIDER_SID).toBe(a.env.VOICEGATEWAY_SERVICE_PROVIDER_SID);
      const created = await request(`${a.env.VOICEGATEWAY_API_URL}/Accounts`, {
        method: "POST",
        headers: { authorization: `Bearer ${a.env.VOICEGATEWAY_API_KEY}`, "content-type": "application/json" },
        body: JSON.stringify({ name: "shared", service_provider_sid: a.env.VOICEGATEWAY_SERVICE_PROVIDER_SID }),
      });
      const { sid } = (await created.body.json()) as { sid: string };
      const seen = await get(b.env, `/Accounts/${sid}`);
      expect(seen.status).toBe(200);
      expect(JSON.parse(seen.body)).toMatchObject({ account_sid: sid, name: "shared" });
      expect((await get(b.env, "/Accounts")).status).toBe(200);
    } finally {
      await stop(a);
      await stop(b);
    }
  });

  it("warns on stderr when it listens where other machines can reach it", async () => {
    const started = await launch(["--host", "0.0.0.0"]);
    expect((await get(started.env, "/Accounts")).status).toBe(200);
    await stop(started);
    expect(started.stderr()).toMatch(/^voicegateway-emulator: WARNING: listening on 0\.0\.0\.0:\d+, where other machines can reach it\./);
    expect(started.stderr()).toContain("Keep the default --host 127.0.0.1");
    expect(started.stderr()).not.toContain(started.env.VOICEGATEWAY_API_KEY);
  });

  it("prints nothing on stderr when it listens on loopback", async () => {
    const started = await launch(["--host", "localhost"]);
    await stop(started);
    expect(started.stderr()).toBe("");
  });

  it("applies --rate-limit MAX/SECS", async () => {
    const started = await launch(["--rate-limit", "2/30"]);
    try {
      await get(started.env, "/Accounts");
      await get(started.env, "/Accounts");
      expect((await get(started.env, "/Accounts")).status).toBe(429);
    } finally {
      await stop(started);
    }
  });

  it("prints usage for --help", () => {
    const out = execFileSync(process.execPath, [bundle, "--help"]).toString();
    expect(out).toMatch(/^Usage: voicegateway-emulator/);
    expect(out).toContain("--state FILE");
  });

  it("fails with exit code 2 and usage on stderr for an unknown option", () => {
    let status: number | null = null;
    let stderr = "";
    try {
      execFileSync(process.execPath, [bundle, "--bogus"], { stdio: "pipe" });
    } catch (err) {
      status = (err as { status: number }).status;
      stderr = String((err as { stderr: Buffer }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toContain("unknown option: --bogus");
  });

  it("logs requests to stderr, not stdout, with --verbose", async () => {
    const started = await launch(["--verbose"]);
    let stderr = "";
    started.child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await get(started.env, "/Accounts");
    await new Promise((r) => setTimeout(r, 50));
    await stop(started);
    expect(stderr).toMatch(/GET \/v1\/Accounts 200 \d+ms/);
    expect(started.stdout().split("\n").filter(Boolean)).toHaveLength(3);
  });
});
