import { spawn } from "node:child_process";
import { type FaultSpec } from "../../provider/src/emulator";
import { testCliConfig } from "../support/global-setup";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TERRAFORM, TerraformWorkdir } from "../support/terraform-cli";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

/** Three accounts, each with a key, recording and limits: twelve resources, about forty requests to apply. */
function stack(prefix: string, count = 3): string {
  const accounts = Array.from(
    { length: count },
    (_, i) => `
resource "voicegateway_account" "a${i}" {
  name      = "${prefix}-${i}"
  sip_realm = "${prefix}-${i}.sip.example.com"
}
resource "voicegateway_account_api_key" "a${i}" {
  account_sid = voicegateway_account.a${i}.id
}
resource "voicegateway_account_recording" "a${i}" {
  account_sid = voicegateway_account.a${i}.id
  aws_s3      = { bucket = "rec-bucket", region = "us-east-1", access_key_id = "AKIAIOSFODNN7EXAMPLE", secret_access_key = "${SECRET}" }
}
resource "voicegateway_account_limits" "a${i}" {
  account_sid = voicegateway_account.a${i}.id
  max         = ${10 + i}
}`,
  );
  return `${PROVIDER_BLOCK}\nprovider "voicegateway" {\n  request_timeout_secs = 2\n}\n${accounts.join("\n")}\n`;
}

describeWithTerraform("terraform apply converges under portal faults", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal.close());

  /** Applies (re-running after a failure, as a pipeline would) until it succeeds, then checks what the portal holds. */
  async function converge(faults: FaultSpec[], options: { reruns?: number } = {}) {
    const prefix = uniqueName("fault");
    const tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": stack(prefix) });
    await tf.init();
    for (const fault of faults) portal.emulator.faults.inject(fault);
    const outputs: string[] = [];
    let runs = 0;
    for (;;) {
      const result = await tf.run(["apply", "-auto-approve", "-input=false"]);
      outputs.push(result.output);
      runs++;
      if (result.code === 0) break;
      if (runs > (options.reruns ?? 2)) throw new Error(`did not converge:\n${outputs.join("\n----\n")}`);
    }
    portal.emulator.faults.clear();
    await tf.plan(0);
    const accounts = (
      (await portal.admin("GET", `/ServiceProviders/${portal.emulator.serviceProviderSid}/Accounts`)) as {
        account_sid: string;
        name: string;
      }[]
    ).filter((a) => a.name.startsWith(`${prefix}-`));
    expect(accounts.map((a) => a.name).sort()).toEqual([0, 1, 2].map((i) => `${prefix}-${i}`));
    for (const account of accounts) {
      expect((await portal.admin("GET", `/Accounts/${account.account_sid}/ApiKeys`)) as unknown[]).toHaveLength(1);
    }
    await tf.destroy();
    tf.remove();
    if (process.env.VG_DEBUG_FAULTS) console.log(outputs.join("\n----\n"));
    return { runs, output: outputs.join("\n") };
  }

  it("absorbs a burst of 429s without showing one to the user", async () => {
    const { runs, output } = await converge([{ kind: "rate-limit", count: 4, retryAfterSecs: 1 }]);
    expect(runs).toBe(1);
    // \b429\b: a random UUID in the output may hold the digits 429.
    expect(output).not.toMatch(/\b429\b|rate limit/i);
  });

  it("retries 502 and 503 on reads and converges on re-run when a create got one", async () => {
    const { output } = await converge([
      { kind: "status", status: 502, count: 2, match: { method: "GET" } },
      { kind: "status", status: 503, count: 1, match: { method: "POST", path: "/v1/Accounts" } },
    ]);
    expect(output).not.toContain("already exists");
  });

  it("converges after connection resets", async () => {
    await converge([
      { kind: "reset", count: 2, match: { method: "GET" } },
      { kind: "reset", count: 1, match: { method: "POST", path: "/v1/ApiKeys" } },
    ]);
  });

  it("survives slow responses: reads retried after their timeout, a create that lands after its timeout adopted", async () => {
    const { runs } = await converge([
      { kind: "delay", delayMs: 3000, count: 2, match: { method: "GET" } },
      { kind: "delay", delayMs: 3000, count: 1, match: { method: "POST", path: "/v1/Accounts" } },
    ]);
    // The create gave up after 2 s and landed at 3 s, as on a slow server: the provider kept looking for it for a
    // few seconds, found it, and adopted it in the same run (converge checks there is exactly one per name).
    expect(runs).toBe(1);
  });

  it("adopts accounts and keys whose create answers were lost", async () => {
    const { runs } = await converge([
      { kind: "lost-response", count: 1, match: { method: "POST", path: "/v1/Accounts" } },
      { kind: "lost-response", count: 1, match: { method: "POST", path: "/v1/ApiKeys" } },
    ]);
    expect(runs).toBe(1);
  });

  it("converges after terraform is interrupted mid-apply (SIGTERM, as a cancelled CI job sends)", async () => {
    const prefix = uniqueName("killed");
    const tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": stack(prefix, 6) });
    await tf.init();
    // Slow every request down so the interruption lands while creates are in flight.
    portal.emulator.faults.inject({ kind: "delay", delayMs: 150, count: 1000 });
    const child = spawn(TERRAFORM!, ["apply", "-auto-approve", "-input=false", "-no-color"], {
      cwd: tf.dir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: tf.dir,
        TF_CLI_CONFIG_FILE: testCliConfig(),
        TF_IN_AUTOMATION: "1",
        CHECKPOINT_DISABLE: "1",
        VOICEGATEWAY_API_URL: portal.emulator.apiUrl,
        VOICEGATEWAY_API_KEY: portal.emulator.adminKey,
        VOICEGATEWAY_SERVICE_PROVIDER_SID: portal.emulator.serviceProviderSid,
      },
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    await new Promise<void>((resolve) => {
      const watch = setInterval(() => {
        if ((output.match(/Creation complete/g) ?? []).length >= 3) {
          clearInterval(watch);
          child.kill("SIGTERM");
          resolve();
        }
      }, 20);
    });
    await new Promise((resolve) => child.on("close", resolve));
    portal.emulator.faults.clear();
    expect(output).toContain("Creation complete");
    await tf.apply();
    await tf.plan(0);
    const accounts = (
      (await portal.admin("GET", `/ServiceProviders/${portal.emulator.serviceProviderSid}/Accounts`)) as {
        account_sid: string;
        name: string;
      }[]
    ).filter((a) => a.name.startsWith(`${prefix}-`));
    expect(accounts).toHaveLength(6);
    for (const account of accounts) {
      expect((await portal.admin("GET", `/Accounts/${account.account_sid}/ApiKeys`)) as unknown[]).toHaveLength(1);
    }
    await tf.destroy();
    tf.remove();
  });
});
