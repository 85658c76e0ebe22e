import { providerProcesses } from "../support/plugin-log";
import { type PortalFixture, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, type RunResult, TerraformWorkdir } from "../support/terraform-cli";

const HOOK_PASSWORD = "HOOKPASSWORD-4d1f9";
const AWS_SECRET = "AWSSECRET/4d1f9/wJalrXUtnFEMI";
const AZURE = "DefaultEndpointsProtocol=https;AccountName=voicerec;AccountKey=QVpVUkVLRVktNGQxZjk=";

describeWithTerraform("secrets and provider processes under real terraform", () => {
  let portal: PortalFixture;
  let tf: TerraformWorkdir;
  let apiKey: string;
  const runs: RunResult[] = [];
  const traced = async (args: string[], code = 0) => {
    const result = await tf.expect(args, code, { TF_LOG: "trace" });
    runs.push(result);
    return result;
  };

  beforeAll(async () => {
    portal = await startPortal();
    apiKey = portal.emulator.adminKey;
    tf = new TerraformWorkdir({
      VOICEGATEWAY_API_URL: portal.emulator.apiUrl,
      VOICEGATEWAY_API_KEY: apiKey,
      VOICEGATEWAY_SERVICE_PROVIDER_SID: portal.emulator.serviceProviderSid,
    });
    tf.write({
      "main.tf": `${PROVIDER_BLOCK}
resource "voicegateway_account" "acme" {
  name              = "${uniqueName()}"
  registration_hook = { url = "https://hooks.example.com/reg", username = "u", password = "${HOOK_PASSWORD}" }
}
resource "voicegateway_account_api_key" "ci" {
  account_sid = voicegateway_account.acme.id
}
resource "voicegateway_account_recording" "acme" {
  account_sid = voicegateway_account.acme.id
  aws_s3      = { bucket = "rec-bucket", region = "us-east-1", access_key_id = "AKIAIOSFODNN7EXAMPLE", secret_access_key = "${AWS_SECRET}" }
}
`,
    });
    await tf.init();
  });
  afterAll(async () => {
    tf.remove();
    await portal.close();
  });

  it("never shows a secret in plan, apply, refresh or error output, even with TF_LOG=trace", async () => {
    await traced(["apply", "-auto-approve", "-input=false"]);
    await traced(["plan", "-detailed-exitcode", "-input=false"]);
    // A failing apply: the portal rejects the request, and the error must not echo the secret it was sent.
    const accountSid = (await tf.resource("voicegateway_account.acme")).id as string;
    portal.emulator.faults.inject({ kind: "status", status: 500, count: 1, match: { method: "PUT", path: `/v1/Accounts/${accountSid}` } });
    tf.write({
      "main.tf": tf.read("main.tf").replace(/aws_s3 .*/, `azure_blob  = { container = "recordings", connection_string = "${AZURE}" }`),
    });
    const failed = await traced(["apply", "-auto-approve", "-input=false"], 1);
    expect(failed.stderr).toContain("Portal Error");

    const token = (await tf.resource("voicegateway_account_api_key.ci")).token as string;
    const webhookSecret = (await tf.resource("voicegateway_account.acme")).webhook_secret as string;
    const everything = runs.map((r) => r.output).join("\n");
    expect(everything.length).toBeGreaterThan(10_000);
    for (const secret of [HOOK_PASSWORD, AWS_SECRET, AZURE, "QVpVUkVLRVktNGQxZjk=", apiKey, token, webhookSecret]) {
      expect(everything).not.toContain(secret);
    }
  });

  // How fast it exits is a figure of npm run bench; here, that it exits by itself, cleanly, every time.
  it("lets every provider process exit by itself, cleanly, when terraform is done with it", async () => {
    const log = runs.map((r) => r.stderr).join("\n");
    const processes = providerProcesses(log);
    expect(processes.length).toBeGreaterThanOrEqual(8);
    // closed with GRPCProvider.Close, or (after the failed apply) stopped by terraform's clean-up: either way exited
    for (const process of processes) {
      expect(process).toMatchObject({ pid: expect.any(String), exitedAt: expect.any(Number) });
      expect(process.exitError).toBeUndefined();
    }
    expect(log).not.toMatch(/plugin failed to exit gracefully/);
  });

  it("logs at the level TF_LOG asks for, in terraform's format", async () => {
    const log = runs.map((r) => r.stderr).join("\n");
    expect(log).toMatch(
      /\[DEBUG\] provider\.terraform-provider-voicegateway_v[\d.]+: plugin shutting down: @module=provider\.voicegateway/,
    );
    const quiet = await tf.expect(["plan", "-input=false"], 0, { TF_LOG: "warn" });
    expect(quiet.stderr).not.toContain("plugin shutting down");
  });
});
