import { join } from "node:path";
import { type EnvironmentReport, type ResourceResult } from "../../provider/src/drift/model";
import { type PortalFixture, startPortal } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";
import { drift, expectNoSecretsIn, tempDir } from "./support";
import { findAll, parseXml } from "./xml";

/**
 * The declared side made by the real terraform: staging is checked from its state file (write-only secret
 * fingerprints in private state), prod from `terraform show -json` output.
 */

const STAGING_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYTFSTAGING01";
const PROD_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYTFPROD00001";
const ROTATED = "rotatedOUTofBANDbyAhuman000000000000000";
const HOOK_PASSWORD = "hook-password-written-only";

const config = (environment: string, licensed: number) => `${PROVIDER_BLOCK}
variable "recording_secret" {
  type      = string
  sensitive = true
}
variable "hook_password" {
  type      = string
  sensitive = true
}
resource "voicegateway_account" "acme" {
  name      = "acme-${environment}"
  sip_realm = "acme.${environment}.sip.example.com"
  registration_hook = {
    url                 = "https://${environment}.hooks.example.com/register"
    username            = "vg"
    password_wo         = var.hook_password
    password_wo_version = "1"
  }
}
resource "voicegateway_account" "beta" {
  name = "beta-${environment}"
}
resource "voicegateway_account_recording" "acme" {
  account_sid      = voicegateway_account.acme.id
  record_all_calls = true
  aws_s3 = {
    bucket                       = "acme-${environment}-recordings"
    region                       = "eu-west-1"
    access_key_id                = "AKIAIOSFODNN7EXAMPLE"
    secret_access_key_wo         = var.recording_secret
    secret_access_key_wo_version = "1"
  }
}
resource "voicegateway_account_limits" "acme" {
  account_sid = voicegateway_account.acme.id
  max         = 10
  licensed    = ${licensed}
}
resource "voicegateway_account_api_key" "ci" {
  account_sid = voicegateway_account.acme.id
}
`;

const find = (environment: EnvironmentReport, address: string): ResourceResult => environment.resources.find((r) => r.address === address)!;

describeWithTerraform("voicegateway drift on states made by the real terraform", () => {
  let staging: PortalFixture;
  let prod: PortalFixture;
  let tfStaging: TerraformWorkdir;
  let tfProd: TerraformWorkdir;
  const files = tempDir();
  let env: Record<string, string>;
  const id = async (tf: TerraformWorkdir, address: string) => (await tf.resource(address)).id as string;

  beforeAll(async () => {
    [staging, prod] = await Promise.all([startPortal(), startPortal()]);
    const workdir = (portal: PortalFixture, secret: string) =>
      new TerraformWorkdir({
        VOICEGATEWAY_API_URL: portal.emulator.apiUrl,
        VOICEGATEWAY_API_KEY: portal.emulator.adminKey,
        VOICEGATEWAY_SERVICE_PROVIDER_SID: portal.emulator.serviceProviderSid,
        TF_VAR_recording_secret: secret,
        TF_VAR_hook_password: HOOK_PASSWORD,
      });
    tfStaging = workdir(staging, STAGING_SECRET).write({ "main.tf": config("staging", 5) });
    tfProd = workdir(prod, PROD_SECRET).write({ "main.tf": config("prod", 50) });
    await Promise.all([tfStaging.init(), tfProd.init()]);
    await Promise.all([tfStaging.apply(), tfProd.apply()]);
    files.write("prod-show.json", (await tfProd.expect(["show", "-json"])).stdout);
    files.write("voicegateway-drift.json", {
      environments: {
        staging: { serviceProviderSid: staging.emulator.serviceProviderSid, terraformState: join(tfStaging.dir, "terraform.tfstate") },
        prod: { serviceProviderSid: prod.emulator.serviceProviderSid, terraformState: "prod-show.json" },
      },
    });
    env = {
      STAGING_VOICEGATEWAY_API_URL: staging.emulator.apiUrl,
      STAGING_VOICEGATEWAY_API_KEY: staging.emulator.adminKey,
      PROD_VOICEGATEWAY_API_URL: prod.emulator.apiUrl,
      PROD_VOICEGATEWAY_API_KEY: prod.emulator.adminKey,
    };
  });
  afterAll(async () => {
    tfStaging?.remove();
    tfProd?.remove();
    files.remove();
    await staging?.close();
    await prod?.close();
  });

  it("finds nothing after apply, and --compare finds the licensed sessions that differ", async () => {
    const result = await drift(["--format", "json", "--quiet"], env, files.dir);
    expect(result.code).toBe(0);
    for (const environment of result.json().environments) {
      expect(environment).toMatchObject({ status: "in-sync", summary: { inSync: 5, changed: 0, missing: 0, unmanaged: 0 } });
    }
    const compared = await drift(["--compare", "staging,prod", "--format", "json", "--quiet"], env, files.dir);
    expect(compared.code).toBe(2);
    expect(compared.json().comparison!.accounts.filter((a) => a.status !== "same")).toEqual([
      {
        key: "acme",
        names: ["acme-staging", "acme-prod"],
        status: "different",
        differences: [{ attribute: "limits.licensed", values: [5, 50] }],
      },
    ]);
  });

  it("reports changes made behind terraform's back in both environments, and exits 2", async () => {
    const acme = await id(tfStaging, "voicegateway_account.acme");
    await staging.admin("PUT", `/Accounts/${acme}`, { record_format: "wav", enable_debug_log: true });
    await prod.admin("PUT", `/Accounts/${await id(tfProd, "voicegateway_account.acme")}`, {
      registration_hook: { url: "https://prod.hooks.example.com/register", method: "POST", username: "vg", password: "changed-by-a-human" },
    });
    await staging.admin("PUT", `/Accounts/${acme}`, {
      bucket_credential: {
        vendor: "aws_s3",
        name: "acme-staging-recordings",
        region: "eu-west-1",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: ROTATED,
      },
    });
    const rogue = (
      (await staging.admin("POST", "/Accounts", { name: "rogue", service_provider_sid: staging.emulator.serviceProviderSid })) as {
        sid: string;
      }
    ).sid;
    const extraKey = (await staging.admin("POST", "/ApiKeys", { account_sid: acme })) as { sid: string; token: string };
    await prod.admin("DELETE", `/Accounts/${await id(tfProd, "voicegateway_account.beta")}`);

    const result = await drift(["--format", "json", "--quiet"], env, files.dir);
    expect(result.code).toBe(2);
    const [s, p] = result.json().environments;
    expect(find(s!, "voicegateway_account.acme").attributes).toEqual([
      { attribute: "enable_debug_log", sensitive: false, declared: false, live: true },
    ]);
    expect(find(s!, "voicegateway_account_recording.acme").attributes).toEqual([
      { attribute: "record_format", sensitive: false, declared: "mp3", live: "wav" },
      { attribute: "aws_s3.secret_access_key", sensitive: true },
    ]);
    expect(s!.resources.filter((r) => r.status === "unmanaged").map((r) => [r.type, r.id])).toEqual([
      ["voicegateway_account", rogue],
      ["voicegateway_account_api_key", extraKey.sid],
    ]);
    expect(p!.summary).toMatchObject({ missing: 1, changed: 0, unmanaged: 0 });
    expect(find(p!, "voicegateway_account.beta")).toMatchObject({ status: "missing" });
    // `show -json` has no private state: the write-only hook password of prod cannot be checked from it...
    expect(find(p!, "voicegateway_account.acme").status).toBe("in-sync");
    // ...while the state file can (the provider fingerprints what the portal shows for it).
    const fromState = await drift(
      [
        "--env",
        "prod",
        "--terraform-state",
        join(tfProd.dir, "terraform.tfstate"),
        "--api-url-env",
        "PROD_VOICEGATEWAY_API_URL",
        "--api-key-env",
        "PROD_VOICEGATEWAY_API_KEY",
        "--format",
        "json",
        "--quiet",
      ],
      env,
      files.dir,
    );
    expect(find(fromState.json().environments[0]!, "voicegateway_account.acme").attributes).toEqual([
      { attribute: "registration_hook.password", sensitive: true },
    ]);

    const junit = parseXml((await drift(["--format", "junit", "--quiet"], env, files.dir)).stdout);
    expect(
      findAll(junit, "failure")
        .map((f) => f.attributes.type)
        .sort(),
    ).toEqual(["changed", "changed", "missing", "unmanaged", "unmanaged"]);
    const tokens = [
      STAGING_SECRET,
      PROD_SECRET,
      ROTATED,
      HOOK_PASSWORD,
      "changed-by-a-human",
      extraKey.token,
      staging.emulator.adminKey,
      prod.emulator.adminKey,
    ];
    expectNoSecretsIn([result.stdout, fromState.stdout, JSON.stringify(junit)], tokens);
  });

  it("after terraform apply -refresh-only, still reports the secret through the provider's own marker", async () => {
    await tfStaging.expect(["apply", "-refresh-only", "-auto-approve", "-input=false"]);
    const result = await drift(["--env", "staging", "--format", "json", "--quiet"], env, files.dir);
    // The refreshed state took the portal's values, so only what the state itself flags is still drift.
    expect(result.code).toBe(2);
    const s = result.json().environments[0]!;
    expect(find(s, "voicegateway_account.acme").status).toBe("in-sync");
    expect(find(s, "voicegateway_account_recording.acme").attributes).toEqual([{ attribute: "aws_s3.secret_access_key", sensitive: true }]);
  });
});
