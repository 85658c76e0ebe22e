import { spawn } from "node:child_process";
import { join } from "node:path";
import { TERRAFORM, TERRAFORM_TEST_TIMEOUT_MS } from "./support/terraform-cli";

const ROOT = join(__dirname, "..");

/** The README's first command, run as a user would run it. */
describe("npm run demo", () => {
  it(
    "plans and applies the example against the emulator, finds the out-of-band change and cleans up",
    async () => {
      const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
        const child = spawn("npm", ["run", "-s", "demo"], { cwd: ROOT, env: process.env });
        let output = "";
        child.stdout.on("data", (c: Buffer) => (output += c.toString()));
        child.stderr.on("data", (c: Buffer) => (output += c.toString()));
        child.on("close", (exit) => resolve({ code: exit, output }));
      });
      expect([code, output]).toEqual([0, expect.any(String)]);
      if (TERRAFORM) {
        expect(output).toContain("Apply complete! Resources: 6 added");
        expect(output).toContain("No changes. Your infrastructure matches the configuration.");
        expect(output).toMatch(/enable_debug_log\s+false -> true/);
        expect(output).toMatch(/aws_s3\.secret_access_key\s+\(sensitive value changed\)/);
        expect(output).toContain('account "prod-hand-made"');
        expect(output).toMatch(/Destroy complete! Resources: 6 destroyed\.[\s\S]*Destroy complete! Resources: 6 destroyed\./);
      } else {
        expect(output).toContain("No terraform on PATH: running the Pulumi example");
        expect(output).toContain("diff: an update will set max back to 100");
      }
      expect(output).toMatch(/\(0 429s\)/);
      expect(output).not.toContain("demo/Secret/Access/Key");
    },
    TERRAFORM_TEST_TIMEOUT_MS,
  );
});
