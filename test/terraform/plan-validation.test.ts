import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";

const SECRET = "secret with spaces is invalid";
const CONNECTION = "AccountName=voicerec;EndpointSuffix=core.windows.net;Sig=zz-private-zz";

describeWithTerraform("plan-time validation with real terraform", () => {
  let portal: PortalFixture;
  let tf: TerraformWorkdir;
  beforeAll(async () => {
    portal = await startPortal();
    tf = new TerraformWorkdir(portalEnv(portal));
    tf.write({ "main.tf": PROVIDER_BLOCK });
    await tf.init();
  });
  afterAll(async () => {
    tf.remove();
    await portal.close();
  });

  it("fails at plan on bad vendor fields, each with its attribute path, value and rule, before any request", async () => {
    tf.write({
      "main.tf": `${PROVIDER_BLOCK}
resource "voicegateway_account_recording" "bad" {
  account_sid   = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c"
  record_format = "ogg"
  aws_s3 = {
    bucket            = "Call_Recordings"
    region            = "moon-1"
    access_key_id     = "AKIAIOSFODNN7EXAMPLE"
    secret_access_key = "${SECRET}"
    tags              = { "" = "x" }
  }
}
resource "voicegateway_account_recording" "azure" {
  account_sid = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c"
  azure_blob  = { container = "call--recordings", connection_string = "${CONNECTION}" }
}
`,
    });
    portal.emulator.requests.clear();
    const result = await tf.expect(["plan", "-input=false"], 1);
    expect(result.stderr).toContain("with voicegateway_account_recording.bad,");
    // Terraform wraps long details; compare with the wrapping undone.
    const stderr = result.stderr.replace(/\s+/g, " ");
    expect(stderr).toContain('aws_s3.bucket: "Call_Recordings" may only contain lower-case letters');
    expect(stderr).toContain('aws_s3.region: "moon-1" is not one of the portal\'s regions');
    expect(stderr).toContain("set skip_region_validation to true");
    expect(stderr).toContain('record_format: must be "mp3" or "wav"');
    expect(stderr).toContain("aws_s3.secret_access_key: (sensitive value) must not contain white space");
    expect(stderr).toContain("aws_s3.tags: has a tag with an empty key");
    expect(stderr).toContain('azure_blob.container: "call--recordings"');
    expect(stderr).toContain("azure_blob.connection_string: (sensitive value) must hold AccountName and AccountKey");
    expect(result.output).not.toContain(SECRET);
    expect(result.output).not.toContain("zz-private-zz");
    expect(portal.emulator.requests.count()).toBe(0);
  });

  it("fails at plan when no vendor or two vendors are set, and when a secret is given twice", async () => {
    tf.write({
      "main.tf": `${PROVIDER_BLOCK}
resource "voicegateway_account_recording" "none" {
  account_sid = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c"
}
resource "voicegateway_account_recording" "both" {
  account_sid = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c"
  aws_s3      = { bucket = "rec-bucket", region = "us-east-1", access_key_id = "AKIAIOSFODNN7EXAMPLE", secret_access_key = "abc", secret_access_key_wo = "abc" }
  azure_blob  = { container = "recordings", connection_string_wo = "AccountName=a;AccountKey=b" }
}
`,
    });
    const stderr = (await tf.expect(["plan", "-input=false"], 1)).stderr.replace(/\s+/g, " ");
    expect(stderr).toContain("Exactly one bucket vendor is required: set one of aws_s3, s3_compatible, google_cloud_storage, azure_blob");
    expect(stderr).toContain("azure_blob: conflicts with aws_s3");
    expect(stderr).toContain("Set secret_access_key or secret_access_key_wo, not both");
  });

  it("fails at plan on a new recording without its secret, naming both ways to give it", async () => {
    tf.write({
      "main.tf": `${PROVIDER_BLOCK}
resource "voicegateway_account_recording" "no_secret" {
  account_sid = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c"
  aws_s3      = { bucket = "rec-bucket", region = "us-east-1", access_key_id = "AKIAIOSFODNN7EXAMPLE" }
}
`,
    });
    const stderr = (await tf.expect(["plan", "-input=false"], 1)).stderr.replace(/\s+/g, " ");
    expect(stderr).toContain(
      "aws_s3.secret_access_key: is required: the portal stores no aws_s3 credential for this account yet. Set secret_access_key or secret_access_key_wo.",
    );
  });

  it("accepts values not known until apply, checking them when they are", async () => {
    tf.write({
      "main.tf": `${PROVIDER_BLOCK}
resource "voicegateway_account" "a" {
  name = "unknowns-a"
}
resource "voicegateway_account" "b" {
  name      = "unknowns-\${voicegateway_account.a.id}"
  sip_realm = "\${voicegateway_account.a.id}.example.com"
}
`,
    });
    await tf.plan(2);
    await tf.apply();
    await tf.plan(0);
    await tf.destroy();
  });

  it("fails at plan on bad account fields", async () => {
    tf.write({
      "main.tf": `${PROVIDER_BLOCK}
resource "voicegateway_account" "a" {
  name              = ""
  sip_realm         = "not a realm"
  registration_hook = { url = "hooks.example.com", method = "PUT" }
}
`,
    });
    const stderr = (await tf.expect(["plan", "-input=false"], 1)).stderr.replace(/\s+/g, " ");
    expect(stderr).toContain(`name: "" must not be empty`);
    expect(stderr).toContain('sip_realm: "not a realm" must be a DNS name');
    expect(stderr).toContain('registration_hook.url: "hooks.example.com" must be an absolute URL');
    expect(stderr).toContain('registration_hook.method: "PUT" must be GET or POST');
  });

  it("fails at plan on limits beyond the portal's 32-bit quantity, also beyond 2^64, and applies nothing", async () => {
    const account = (await portal.admin("POST", "/Accounts", {
      name: uniqueName(),
      service_provider_sid: portal.emulator.serviceProviderSid,
    })) as { sid: string };
    tf.write({
      "main.tf": `${PROVIDER_BLOCK}
resource "voicegateway_account_limits" "too_big" {
  account_sid = "${account.sid}"
  max         = 3000000000
  licensed    = 99999999999999999999
}
`,
    });
    portal.emulator.requests.clear();
    for (const command of [
      ["plan", "-input=false"],
      ["apply", "-auto-approve", "-input=false"],
    ]) {
      const result = await tf.expect(command, 1);
      const stderr = result.stderr.replace(/\s+/g, " ");
      expect(stderr).toContain("Invalid max");
      expect(stderr).toContain("max: 3000000000 must be a whole number from 0 to 2147483647");
      expect(stderr).toContain("Invalid licensed");
      expect(stderr).toContain("licensed: 99999999999999999999 must be a whole number from 0 to 2147483647");
      expect(result.output).not.toContain("bigint");
    }
    expect(portal.emulator.requests.count()).toBe(0);
    expect(await portal.admin("GET", `/Accounts/${account.sid}/Limits`)).toEqual([]);
    expect((await tf.state()).values?.root_module?.resources ?? []).toEqual([]);
  });

  it("fails at plan on provider settings that are not whole where they must be, or out of range", async () => {
    tf.write({
      "main.tf": `${PROVIDER_BLOCK}
provider "voicegateway" {
  max_retries          = 2.5
  rate_limit_requests  = 99999999999999999999
  request_timeout_secs = 0
}
resource "voicegateway_account" "a" {
  name = "${uniqueName()}"
}
`,
    });
    portal.emulator.requests.clear();
    const stderr = (await tf.expect(["plan", "-input=false"], 1)).stderr.replace(/\s+/g, " ");
    expect(stderr).toContain("max_retries = 2.5 is not allowed: use a whole number from 0 to 20");
    expect(stderr).toContain("rate_limit_requests = 99999999999999999999 is not allowed: use a whole number from 1 to 1000000");
    expect(stderr).toContain("request_timeout_secs = 0 is not allowed: use a whole number from 1 to 600");
    expect(portal.emulator.requests.count()).toBe(0);
  });

  it("fails at plan on hook URLs with credentials or control characters, without showing the password", async () => {
    const password = "hook-Pa55-in-url";
    tf.write({
      "main.tf": `${PROVIDER_BLOCK}
resource "voicegateway_account" "a" {
  name              = "${uniqueName()}"
  registration_hook = { url = "https://bob:${password}@hooks.example.com/reg" }
  queue_event_hook  = { url = "https://hooks.example.com/q\\r\\nX-Injected: 1" }
}
resource "voicegateway_account_recording" "r" {
  account_sid   = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c"
  s3_compatible = { endpoint = "https://minio:${password}@minio.example.com", bucket = "rec", access_key_id = "minio", secret_access_key = "minio-secret" }
}
`,
    });
    portal.emulator.requests.clear();
    const result = await tf.expect(["plan", "-input=false"], 1);
    const stderr = result.stderr.replace(/\s+/g, " ");
    expect(stderr).toContain(
      'registration_hook.url: "https://bob:(redacted)@hooks.example.com/reg" must not hold a user name or password: set the hook\'s username and password instead',
    );
    expect(stderr).toContain(
      'queue_event_hook.url: "https://hooks.example.com/q\\r\\nX-Injected: 1" must not contain white space or control characters (found a carriage return (U+000D) at character 28)',
    );
    expect(stderr).toContain(
      's3_compatible.endpoint: "https://minio:(redacted)@minio.example.com" must not hold a user name or password: set access_key_id and secret_access_key instead',
    );
    expect(result.output).not.toContain(password);
    expect(portal.emulator.requests.count()).toBe(0);
  });

  it("fails at plan on a new account that names an application, which cannot belong to it yet", async () => {
    tf.write({
      "main.tf": `${PROVIDER_BLOCK}
resource "voicegateway_account" "a" {
  name                           = "with-app"
  device_calling_application_sid = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c"
}
`,
    });
    const stderr = (await tf.expect(["plan", "-input=false"], 1)).stderr.replace(/\s+/g, " ");
    expect(stderr).toContain("device_calling_application_sid: cannot be set while the account is created");
  });
});
