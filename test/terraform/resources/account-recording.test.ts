import { type PortalFixture, startPortal, uniqueName } from "../../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../../support/terraform-cli";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const AZURE = "DefaultEndpointsProtocol=https;AccountName=voicerec;AccountKey=c2VjcmV0LWtleS1mb3ItdGVzdHM=;EndpointSuffix=core.windows.net";

describeWithTerraform("voicegateway_account_recording with real terraform", () => {
  let portal: PortalFixture;
  let tf: TerraformWorkdir;
  let accountSid: string;
  let otherAccountSid: string;
  const stored = async (sid = accountSid) => {
    // The list endpoint shows the stored secret in plaintext (portal-behaviour.md §3.2): the test's window into the portal.
    const list = (await portal.admin("GET", "/Accounts")) as {
      account_sid: string;
      bucket_credential: Record<string, unknown> | null;
      record_all_calls: number;
    }[];
    return list.find((a) => a.account_sid === sid)!;
  };
  const config = (account: string, body: string) =>
    `${PROVIDER_BLOCK}
variable "aws_secret" {
  type      = string
  sensitive = true
}
resource "voicegateway_account_recording" "acme" {
  account_sid = "${account}"
${body}
}
`;
  const aws = (extra = "", version = "1") => `  record_all_calls = true
  aws_s3 = {
    bucket                       = "call-recordings"
    region                       = "eu-west-1"
    access_key_id                = "AKIAIOSFODNN7EXAMPLE"
    secret_access_key_wo         = var.aws_secret
    secret_access_key_wo_version = "${version}"
    tags                         = { team = "voice" }
  }
${extra}`;

  beforeAll(async () => {
    portal = await startPortal();
    const make = async () =>
      (
        (await portal.admin("POST", "/Accounts", { name: uniqueName(), service_provider_sid: portal.emulator.serviceProviderSid })) as {
          sid: string;
        }
      ).sid;
    accountSid = await make();
    otherAccountSid = await make();
    tf = new TerraformWorkdir({
      VOICEGATEWAY_API_URL: portal.emulator.apiUrl,
      VOICEGATEWAY_API_KEY: portal.emulator.adminKey,
      TF_VAR_aws_secret: SECRET,
    });
    tf.write({ "main.tf": config(accountSid, aws()) });
    await tf.init();
  });
  afterAll(async () => {
    tf.remove();
    await portal.close();
  });

  it("writes the secret through its write-only form, never into state, and plans clean", async () => {
    const applied = await tf.apply();
    expect(await stored()).toMatchObject({
      record_all_calls: 1,
      bucket_credential: { vendor: "aws_s3", secret_access_key: SECRET, tags: [{ Key: "team", Value: "voice" }] },
    });
    expect(tf.read("terraform.tfstate")).not.toContain(SECRET);
    expect(tf.read("terraform.tfstate")).not.toContain(SECRET.slice(0, 6) + "X");
    expect(applied.output).not.toContain(SECRET);
    await tf.plan(0);
  });

  it("detects a secret changed in the portal without storing it, and writes it again", async () => {
    const credential = (await stored()).bucket_credential!;
    await portal.admin("PUT", `/Accounts/${accountSid}`, {
      bucket_credential: { ...credential, secret_access_key: "AKIAOTHERSECRET0000000000000000000000000" },
    });
    const planned = await tf.plan(2);
    expect(planned.stdout).toMatch(/secret_access_key_wo_version = "changed-outside-terraform" -> "1"/);
    await tf.apply();
    expect((await stored()).bucket_credential).toMatchObject({ secret_access_key: SECRET });
    await tf.plan(0);
  });

  it("imports the recording by account SID and plans clean with the secret omitted, as generated config has it", async () => {
    await tf.expect(["state", "rm", "voicegateway_account_recording.acme"]);
    await tf.expect(["import", "-input=false", "voicegateway_account_recording.acme", accountSid]);
    expect(tf.read("terraform.tfstate")).not.toContain(SECRET);
    const withoutSecret = aws().replace(/ +secret_access_key_wo.*\n/g, "");
    tf.write({ "main.tf": config(accountSid, withoutSecret) });
    await tf.plan(0);
    // Terraform never stored the write-only secret, so going back to it sends it once more.
    tf.write({ "main.tf": config(accountSid, aws()) });
    expect((await tf.plan(2)).stdout).toMatch(/\+ secret_access_key_wo_version = "1"/);
    await tf.apply();
    await tf.plan(0);
  });

  it("updates the format in place, keeping the stored secret", async () => {
    tf.write({ "main.tf": config(accountSid, aws('  record_format = "wav"')) });
    expect((await tf.plan(2)).stdout).toContain("will be updated in-place");
    await tf.apply();
    expect(await stored()).toMatchObject({ bucket_credential: { secret_access_key: SECRET } });
    await tf.plan(0);
  });

  it("switches to Azure with a sensitive (not write-only) connection string that plans clean", async () => {
    tf.write({ "main.tf": config(accountSid, `  azure_blob = { container = "recordings", connection_string = "${AZURE}" }`) });
    const applied = await tf.apply();
    expect(applied.output).not.toContain("AccountKey=");
    expect(await stored()).toMatchObject({ record_all_calls: 0, bucket_credential: { vendor: "azure", connection_string: AZURE } });
    await tf.plan(0);
  });

  it("shows a recording turned off out of band as drift", async () => {
    await portal.admin("PUT", `/Accounts/${accountSid}`, { bucket_credential: { vendor: "none" } });
    expect((await tf.plan(2)).stdout).toMatch(/\+ azure_blob/);
    await tf.apply();
    await tf.plan(0);
  });

  it("replaces the recording when it moves to another account, turning the old one off", async () => {
    tf.write({ "main.tf": config(otherAccountSid, aws()) });
    expect((await tf.plan(2)).stdout).toContain("# forces replacement");
    await tf.apply();
    expect((await stored(accountSid)).bucket_credential).toBeNull();
    expect((await stored(otherAccountSid)).bucket_credential).toMatchObject({ vendor: "aws_s3" });
  });

  it("recreates the recording of an account deleted and re-made out of band only when the account exists", async () => {
    await portal.admin("DELETE", `/Accounts/${otherAccountSid}`);
    expect((await tf.plan(2)).stdout).toContain("will be created");
    tf.write({ "main.tf": config(accountSid, aws()) });
    await tf.apply();
    await tf.plan(0);
  });

  it("turns recording off on destroy", async () => {
    await tf.destroy();
    expect(await stored()).toMatchObject({ record_all_calls: 0, bucket_credential: null });
  });
});
