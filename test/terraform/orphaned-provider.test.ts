import { spawn } from "node:child_process";
import { type RequestRecord } from "../../provider/src/emulator/request-log";
import { BUNDLE_FILE } from "../../provider/src/terraform/install/provider-address";
import { testCliConfig } from "../support/global-setup";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { childProcesses, isRunning, type ProcessInfo, waitFor } from "../support/processes";
import { describeWithTerraform, PROVIDER_BLOCK, TERRAFORM, TerraformWorkdir } from "../support/terraform-cli";

/**
 * Every portal answer is this late. An account create reads twice (is the name free? the realm?) before it
 * writes, so when terraform dies as the first answer arrives, the provider is in the middle of reads and has
 * this long to notice before its next write would go out.
 */
const DELAY_MS = 3_000;
const WRITES = new Set(["POST", "PUT", "DELETE"]);

function stack(prefix: string): string {
  const accounts = Array.from(
    { length: 4 },
    (_, i) => `
resource "voicegateway_account" "a${i}" {
  name      = "${prefix}-${i}"
  sip_realm = "${prefix}-${i}.sip.example.com"
}
resource "voicegateway_account_limits" "a${i}" {
  account_sid = voicegateway_account.a${i}.id
  max         = ${10 + i}
}`,
  );
  return `${PROVIDER_BLOCK}\n${accounts.join("\n")}\n`;
}

describeWithTerraform("the provider does not outlive terraform", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal.close());

  it("exits without sending another write when terraform is killed with SIGKILL mid-apply", async () => {
    const tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": stack(uniqueName("orphan")) });
    await tf.init();
    portal.emulator.requests.clear();
    portal.emulator.faults.inject({ kind: "delay", delayMs: DELAY_MS, count: 10_000 });

    const terraform = spawn(TERRAFORM!, ["apply", "-auto-approve", "-input=false", "-no-color"], {
      cwd: tf.dir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: tf.dir,
        TF_CLI_CONFIG_FILE: testCliConfig(),
        TF_IN_AUTOMATION: "1",
        CHECKPOINT_DISABLE: "1",
        ...portalEnv(portal),
      },
      // stdin stays an open pipe, as it does under a CI runner: go-plugin hands it to the provider unchanged,
      // so it says nothing about terraform being alive.
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    terraform.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    terraform.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const closed = new Promise((resolve) => terraform.on("close", resolve));

    let providers: ProcessInfo[] = [];
    let killedAt = 0;
    try {
      // The first portal answer: the apply's provider process is now busy with the account creates.
      if (!(await waitFor(() => portal.emulator.requests.count() > 0, 60_000, 20))) {
        throw new Error(`terraform sent no portal request:\n${output}`);
      }
      providers = childProcesses(terraform.pid!).filter((p) => p.cmdline.includes(BUNDLE_FILE));
      killedAt = Date.now();
      terraform.kill("SIGKILL");
      await closed;
      expect(providers.length).toBeGreaterThan(0);
      expect(portal.emulator.requests.all().every((r) => r.method === "GET")).toBe(true);

      const exited = await waitFor(() => providers.every((p) => !isRunning(p)), 20_000);
      // A write the provider sent before it exited is answered DELAY_MS later; wait for it to show in the log.
      await new Promise((resolve) => setTimeout(resolve, DELAY_MS + 1_000));
      const lateWrites = portal.emulator.requests
        .all()
        .filter((r: RequestRecord) => WRITES.has(r.method) && r.startedAt >= killedAt)
        .map((r) => `${r.method} ${r.path} (+${r.startedAt - killedAt} ms)`);
      expect({ lateWrites, stillRunning: providers.filter(isRunning).map((p) => p.pid), exited }).toEqual({
        lateWrites: [],
        stillRunning: [],
        exited: true,
      });
    } finally {
      portal.emulator.faults.clear();
      terraform.kill("SIGKILL");
      for (const provider of providers) if (isRunning(provider)) process.kill(provider.pid, "SIGKILL");
      tf.remove();
    }
  }, 120_000);
});
