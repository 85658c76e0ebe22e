import { spawn } from "node:child_process";
import { join } from "node:path";
import { build } from "esbuild";
import { accountResource } from "../../provider/src/core/resources/catalog";
import { createFromInput } from "../../provider/src/core/resources/validated-handlers";
import { type DriftReport } from "../../provider/src/drift/model";
import { type PortalFixture, startPortal } from "../support/portal";
import { expectNoSecretsIn, tempDir, terraformState } from "./support";

/** The bundled `voicegateway` bin, spawned the way CI runs it (asynchronously: the emulator lives in this process). */

function run(
  bin: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { PATH: process.env.PATH ?? "", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("the bundled voicegateway bin: drift", () => {
  const files = tempDir();
  let portal: PortalFixture;
  let bin: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    bin = join(files.dir, "voicegateway.js");
    await build({
      entryPoints: [join(__dirname, "..", "..", "provider", "src", "bin", "voicegateway.ts")],
      outfile: bin,
      bundle: true,
      platform: "node",
      target: "node20",
      format: "cjs",
      logLevel: "warning",
    });
    portal = await startPortal();
    const acme = await createFromInput(accountResource, portal.ctx, { name: "acme" });
    files.write("terraform.tfstate", terraformState([{ definition: accountResource, name: "acme", state: acme }]));
    env = { VOICEGATEWAY_API_URL: portal.emulator.apiUrl, VOICEGATEWAY_API_KEY: portal.emulator.adminKey };
  });
  afterAll(async () => {
    files.remove();
    await portal.close();
  });

  it("prints its usage with --help and exits 0", async () => {
    const result = await run(bin, ["drift", "--help"], env, files.dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: voicegateway drift [options]");
  });

  it("exits 0 in sync, 2 on drift with a JSON report on stdout and progress on stderr, 1 on a bad key", async () => {
    const args = ["drift", "--terraform-state", "terraform.tfstate", "--format", "json"];
    expect((await run(bin, args, env, files.dir)).code).toBe(0);

    await portal.admin("POST", "/Accounts", { name: "rogue", service_provider_sid: portal.emulator.serviceProviderSid });
    const drifted = await run(bin, args, env, files.dir);
    expect(drifted.code).toBe(2);
    const report = JSON.parse(drifted.stdout) as DriftReport;
    expect(report.environments[0]!.resources.filter((r) => r.status === "unmanaged").map((r) => r.accountName)).toEqual(["rogue"]);
    expect(drifted.stderr).toContain("[default] listing the accounts");

    const wrongKey = "00000000-0000-4000-8000-0000000bad01";
    const rejected = await run(bin, [...args, "--quiet"], { ...env, VOICEGATEWAY_API_KEY: wrongKey }, files.dir);
    expect(rejected.code).toBe(1);
    expect((JSON.parse(rejected.stdout) as DriftReport).environments[0]!.error!.code).toBe("VG_ERR_UNAUTHORIZED");
    expectNoSecretsIn([drifted.stdout, drifted.stderr, rejected.stdout, rejected.stderr], [portal.emulator.adminKey, wrongKey]);
  });

  it("exits 1 on a usage error", async () => {
    const result = await run(bin, ["drift", "--env"], env, files.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("voicegateway drift:");
  });
});
