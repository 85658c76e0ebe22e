import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleEmulatorCli } from "./cli-process";

/**
 * Issue 14: the shell recipe of the README and of examples/terraform/complete, run as written: start the emulator in
 * the background with --write-env-file, wait for the file, source it, use the portal, stop the emulator. Before, the
 * example's `eval "$(npx voicegateway-emulator ... & sleep 1)"` never returned.
 */

let dir: string;
let bundle: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "vg-env-file-"));
  bundle = bundleEmulatorCli(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sh(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", script], { cwd: dir, env: { PATH: process.env.PATH ?? "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("voicegateway-emulator --write-env-file", () => {
  it("issue 14: the documented recipe starts it, sources its variables, reaches it, and stops it leaving no file", async () => {
    // The README's lines, with `npx voicegateway-emulator` standing for the bundled bin; the health route is reached
    // through the sourced variables, as terraform would reach the API.
    const result = await sh(`
node ${JSON.stringify(bundle)} --write-env-file .emulator.env > /dev/null & emulator=$!
until [ -f .emulator.env ]; do sleep 0.2; done; . ./.emulator.env
node -e 'fetch(process.env.VOICEGATEWAY_API_URL + "/ServiceProviders", { headers: { authorization: "Bearer " + process.env.VOICEGATEWAY_API_KEY } }).then((r) => console.log("status", r.status))'
echo "sp $VOICEGATEWAY_SERVICE_PROVIDER_SID"
kill $emulator
wait
[ -f .emulator.env ] && echo "left behind" || echo "file removed"
`);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("status 200");
    expect(result.stdout).toMatch(/sp [0-9a-f-]{36}/);
    expect(result.stdout).toContain("file removed");
    expect(result.code).toBe(0);
  });

  it("writes the file whole and readable by its owner only, since it holds the admin key", async () => {
    const file = join(dir, "owner-only.env");
    const result = await sh(`
node ${JSON.stringify(bundle)} --write-env-file owner-only.env --admin-key 11111111-2222-4333-8444-555555555555 > /dev/null & emulator=$!
until [ -f owner-only.env ]; do sleep 0.2; done
cp owner-only.env copy.env; stat -c %a owner-only.env
kill $emulator; wait
`);
    expect(result.stdout.trim()).toBe("600");
    const copy = readFileSync(join(dir, "copy.env"), "utf8");
    expect(copy.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^export VOICEGATEWAY_API_URL=http:\/\/127\.0\.0\.1:\d+\/v1$/),
      "export VOICEGATEWAY_API_KEY=11111111-2222-4333-8444-555555555555",
      expect.stringMatching(/^export VOICEGATEWAY_SERVICE_PROVIDER_SID=[0-9a-f-]{36}$/),
    ]);
    expect(existsSync(file)).toBe(false);
  });
});
