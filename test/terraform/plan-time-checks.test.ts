import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";

/**
 * Issue 12, everything that can be known at plan time fails at plan time: a name another account holds (so nothing
 * is destroyed first), every problem of a configuration in one plan, and the credential size measured on what the
 * portal will really store.
 */

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

describeWithTerraform("plan-time checks with real terraform", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal.close());

  it("issue 12: after `terraform state rm` of an account, the plan stops at its name and nothing is destroyed", async () => {
    const name = uniqueName("state-rm");
    const tf = new TerraformWorkdir(portalEnv(portal)).write({
      "main.tf": `${PROVIDER_BLOCK}
resource "voicegateway_account" "acme" {
  name = "${name}"
}
resource "voicegateway_account_api_key" "ci" {
  account_sid = voicegateway_account.acme.id
}
resource "voicegateway_account_recording" "acme" {
  account_sid = voicegateway_account.acme.id
  aws_s3      = { bucket = "rec-bucket", region = "eu-west-1", access_key_id = "AKIAIOSFODNN7EXAMPLE", secret_access_key = "${SECRET}" }
}
resource "voicegateway_account_limits" "acme" {
  account_sid = voicegateway_account.acme.id
  max         = 7
}
`,
    });
    await tf.init();
    await tf.apply();
    const accountSid = (await tf.resource("voicegateway_account.acme")).id as string;
    const keySid = (await tf.resource("voicegateway_account_api_key.ci")).id as string;
    await tf.expect(["state", "rm", "voicegateway_account.acme"]);

    const result = await tf.run(["apply", "-auto-approve", "-input=false"]);
    expect(result.code).toBe(1);
    const detail = result.stderr.replace(/\s+/g, " ");
    expect(detail).toContain(`is already used by account ${accountSid}`);
    expect(detail).toContain(`terraform import <this resource's address> ${accountSid}`);
    expect(result.stdout).not.toMatch(/Destroying|Destruction complete/);
    // The key, the recording and the limits are as they were.
    expect(((await portal.admin("GET", `/Accounts/${accountSid}/ApiKeys`)) as { api_key_sid: string }[]).map((k) => k.api_key_sid)).toEqual(
      [keySid],
    );
    expect(await portal.admin("GET", `/Accounts/${accountSid}`)).toMatchObject({ bucket_credential: { vendor: "aws_s3" } });
    expect(await portal.admin("GET", `/Accounts/${accountSid}/Limits`)).toEqual([
      expect.objectContaining({ category: "voice_call_session", quantity: 7 }),
    ]);

    // The way out the message gives: import the account back, and the plan is clean.
    await tf.expect(["import", "-input=false", "voicegateway_account.acme", accountSid]);
    await tf.plan(0);
    await tf.destroy();
    tf.remove();
  });

  it("issue 12: reports field errors and the checks that need the prior state in one plan", async () => {
    const accountSid = (
      (await portal.admin("POST", "/Accounts", { name: uniqueName(), service_provider_sid: portal.emulator.serviceProviderSid })) as {
        sid: string;
      }
    ).sid;
    // A value read from the portal is unknown while terraform validates, so its checks run in the plan, beside the
    // checks that need the prior state. (A literal bad value stops terraform at validation, where no prior state is
    // known, before any plan.)
    const tf = new TerraformWorkdir(portalEnv(portal)).write({
      "main.tf": `${PROVIDER_BLOCK}
data "voicegateway_account" "owner" {
  id = "${accountSid}"
}
resource "voicegateway_account_recording" "r" {
  account_sid = data.voicegateway_account.owner.id
  aws_s3      = { bucket = "Bad_\${data.voicegateway_account.owner.record_format}", region = "eu-west-1", access_key_id = "AKIAIOSFODNN7EXAMPLE" }
}
`,
    });
    await tf.init();
    const result = await tf.run(["plan", "-input=false"]);
    expect(result.code).toBe(1);
    const stderr = result.stderr.replace(/\s+/g, " ");
    expect(stderr).toContain('aws_s3.bucket: "Bad_mp3"');
    expect(stderr).toContain("aws_s3.secret_access_key: is required: the portal stores no aws_s3 credential for this account yet");
    tf.remove();
  });

  it("issue 12: measures the credential with the stored secret when the configuration omits it", async () => {
    const accountSid = (
      (await portal.admin("POST", "/Accounts", { name: uniqueName(), service_provider_sid: portal.emulator.serviceProviderSid })) as {
        sid: string;
      }
    ).sid;
    // A long secret stored first (1,024 characters, the most the model allows); "keep the stored one" is a short
    // placeholder on the wire, which is what the plan used to measure.
    const longSecret = `Ab1${"x".repeat(1021)}`;
    const recording = (secret: string, tags: string) => `${PROVIDER_BLOCK}
resource "voicegateway_account_recording" "r" {
  account_sid = "${accountSid}"
  aws_s3      = { bucket = "rec-bucket", region = "eu-west-1", access_key_id = "AKIAIOSFODNN7EXAMPLE"${secret}${tags} }
}
`;
    const tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": recording(`, secret_access_key = "${longSecret}"`, "") });
    await tf.init();
    await tf.apply();
    // Omitted secret, plus tags that fit beside a short secret but not beside the stored one.
    const tags = `, tags = { ${Array.from({ length: 12 }, (_, i) => `t${i} = "${"v".repeat(240)}"`).join(", ")} }`;
    tf.write({ "main.tf": recording("", tags) });
    const result = await tf.run(["plan", "-input=false"]);
    expect(result.code).toBe(1);
    expect(result.stderr.replace(/\s+/g, " ")).toMatch(
      /aws_s3: makes a credential of \d{4} bytes of JSON; the portal stores at most about 4060/,
    );
    tf.write({ "main.tf": recording(`, secret_access_key = "${longSecret}"`, "") });
    await tf.destroy();

    // Written write-only, the stored secret is not in state: the apply measures it from the portal before writing.
    tf.write({ "main.tf": recording(`, secret_access_key_wo = "${longSecret}", secret_access_key_wo_version = "1"`, "") });
    await tf.apply();
    tf.write({ "main.tf": recording(`, secret_access_key_wo_version = "1"`, tags) });
    const applied = await tf.run(["apply", "-auto-approve", "-input=false"]);
    expect(applied.code).toBe(1);
    expect(applied.stderr.replace(/\s+/g, " ")).toMatch(/aws_s3: makes a credential of \d{4} bytes of JSON/);
    const stored = (await portal.admin("GET", `/Accounts/${accountSid}`)) as { bucket_credential: { tags?: unknown } };
    expect(stored.bucket_credential.tags).toBeUndefined();
    await tf.destroy();
    tf.remove();
  });

  it("a name check the portal cannot answer is reported as the portal's problem, not as a bug in the provider", async () => {
    const account = `${PROVIDER_BLOCK}
resource "voicegateway_account" "acme" {
  name = "${uniqueName("unanswered")}"
}
`;
    const wrongKey = "b2f0c7c4-0000-4000-8000-000000000bad";
    const refused = new TerraformWorkdir({ ...portalEnv(portal), VOICEGATEWAY_API_KEY: wrongKey }).write({ "main.tf": account });
    await refused.init();
    const planned = await refused.run(["plan", "-input=false"]);
    expect(planned.code).toBe(1);
    const said = planned.stderr.replace(/\s+/g, " ");
    expect(said).toContain("Portal Refused the API Key");
    expect(said).toContain("Could not check this account against the portal");
    expect(said).toContain("Check that api_key (VOICEGATEWAY_API_KEY) is an API key of this portal");
    expect(said).toContain("with voicegateway_account.acme");
    expect(planned.output).not.toMatch(/Unexpected Provider Error|bug in the provider/);
    expect(planned.output).not.toContain(wrongKey);
    refused.remove();

    // Nothing listens on port 1 (a freed ephemeral port could be taken by another test's server meanwhile).
    const unreachable = new TerraformWorkdir({ ...portalEnv(portal), VOICEGATEWAY_API_URL: "http://127.0.0.1:1/v1" }).write({
      "main.tf": `${account}provider "voicegateway" {\n  max_retries = 1\n}\n`,
    });
    await unreachable.init();
    const lost = await unreachable.run(["plan", "-input=false"]);
    expect(lost.code).toBe(1);
    expect(lost.stderr.replace(/\s+/g, " ")).toContain("Portal Unreachable");
    expect(lost.output).not.toMatch(/Unexpected Provider Error|bug in the provider/);
    unreachable.remove();
  });
});
