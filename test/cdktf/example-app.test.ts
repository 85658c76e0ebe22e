import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type SynthesizedApp, synthCdktfApp } from "../support/cdktf-app";
import { type PortalFixture, startPortal } from "../support/portal";
import { describeWithTerraform, TerraformWorkdir } from "../support/terraform-cli";

const STACKS = ["staging", "prod"] as const;
const SECRETS = {
  TF_VAR_recording_secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  TF_VAR_registration_hook_password: "hook-password-8d1f9c",
};

interface WireAccount {
  account_sid: string;
  name: string;
  enable_debug_log?: number | boolean;
  record_all_calls?: number | boolean;
  bucket_credential?: { vendor?: string } | null;
  registration_hook?: { url: string; username?: string } | null;
}

describeWithTerraform("the CDKTF example app against the emulator", () => {
  let portal: PortalFixture;
  let app: SynthesizedApp;
  let stateDir: string;
  let outdir: string;
  const workdirs = {} as Record<(typeof STACKS)[number], TerraformWorkdir>;
  const bothStacks = (run: (tf: TerraformWorkdir) => Promise<unknown>) => Promise.all(STACKS.map((stack) => run(workdirs[stack])));
  const accounts = async () => ((await portal.admin("GET", "/Accounts")) as WireAccount[]).filter((a) => /^(staging|prod)-/.test(a.name));
  const accountNamed = async (name: string) => {
    const found = (await accounts()).find((a) => a.name === name);
    if (!found) throw new Error(`no account named ${name}`);
    return (await portal.admin("GET", `/Accounts/${found.account_sid}`)) as WireAccount;
  };

  beforeAll(async () => {
    portal = await startPortal();
    stateDir = mkdtempSync(join(tmpdir(), "vg-cdktf-state-"));
    outdir = mkdtempSync(join(tmpdir(), "vg-cdktf-out-"));
    // Both stacks against the same emulator, configured per environment at synth time (VOICEGATEWAY_<ENV>_*).
    app = await synthCdktfApp(outdir, {
      VOICEGATEWAY_CDKTF_STATE_DIR: stateDir,
      VOICEGATEWAY_STAGING_API_URL: portal.emulator.apiUrl,
      VOICEGATEWAY_STAGING_SERVICE_PROVIDER_SID: portal.emulator.serviceProviderSid,
      VOICEGATEWAY_PROD_API_URL: portal.emulator.apiUrl,
      VOICEGATEWAY_PROD_SERVICE_PROVIDER_SID: portal.emulator.serviceProviderSid,
    });
    for (const stack of STACKS) {
      // The provider reads the API key from the environment when Terraform runs; secrets come as TF_VAR_*.
      workdirs[stack] = new TerraformWorkdir({ VOICEGATEWAY_API_KEY: portal.emulator.adminKey, ...SECRETS });
      workdirs[stack].write({ "cdk.tf.json": app.stacks[stack]!.json });
    }
  });
  afterAll(async () => {
    for (const tf of Object.values(workdirs)) tf.remove();
    rmSync(stateDir, { recursive: true, force: true });
    rmSync(outdir, { recursive: true, force: true });
    await portal?.close();
  });

  it("synthesizes one stack per environment with a local backend in the state directory", () => {
    expect(Object.keys(app.stacks).sort()).toEqual(["prod", "staging"]);
    for (const stack of STACKS) {
      const json = JSON.parse(app.stacks[stack]!.json) as Record<string, any>;
      expect(json.terraform.backend).toEqual({ local: { path: join(stateDir, `${stack}.tfstate`) } });
      expect(json.provider.voicegateway).toEqual([
        { api_url: portal.emulator.apiUrl, service_provider_sid: portal.emulator.serviceProviderSid },
      ]);
      expect(Object.values(json.output as Record<string, { sensitive?: boolean }>).every((o) => o.sensitive === true)).toBe(true);
      expect(app.stacks[stack]!.json).not.toContain(portal.emulator.adminKey);
      for (const secret of Object.values(SECRETS)) expect(app.stacks[stack]!.json).not.toContain(secret);
    }
  });

  it("initialises offline and applies both stacks", async () => {
    await bothStacks((tf) => tf.init());
    const applied = await Promise.all(STACKS.map((stack) => workdirs[stack].apply()));
    for (const result of applied) for (const secret of Object.values(SECRETS)) expect(result.output).not.toContain(secret);

    expect((await accounts()).map((a) => a.name).sort()).toEqual(["prod-acme", "prod-globex", "staging-acme", "staging-globex"]);
    const stagingAcme = await accountNamed("staging-acme");
    expect(stagingAcme.bucket_credential?.vendor).toBe("s3_compatible");
    expect(Boolean(stagingAcme.record_all_calls)).toBe(true);
    expect(Boolean(stagingAcme.enable_debug_log)).toBe(true);
    expect(stagingAcme.registration_hook).toMatchObject({
      url: "https://hooks.example.com/staging/acme/register",
      username: "voicegateway",
    });
    const prodAcme = await accountNamed("prod-acme");
    expect(prodAcme.bucket_credential?.vendor).toBe("aws_s3");
    const limits = (await portal.admin("GET", `/Accounts/${prodAcme.account_sid}/Limits`)) as { category: string; quantity: number }[];
    expect(limits.map((l) => [l.category, Number(l.quantity)]).sort()).toEqual([
      ["voice_call_session", 100],
      ["voice_call_session_license", 50],
    ]);

    const keys = (await portal.admin("GET", `/Accounts/${prodAcme.account_sid}/ApiKeys`)) as { api_key_sid: string }[];
    expect(keys).toHaveLength(1);
    const prod = workdirs.prod;
    expect((await prod.expect(["output", "-raw", "acme_account_sid"])).stdout).toBe(prodAcme.account_sid);
    expect((await prod.expect(["output", "-raw", "acme_ci_api_key"])).stdout).toMatch(/\S{16,}/);
  });

  it("keeps state in the known place, without the write-only recording secret", () => {
    for (const stack of STACKS) {
      const state = join(stateDir, `${stack}.tfstate`);
      expect(existsSync(state)).toBe(true);
      expect(readFileSync(state, "utf8")).not.toContain(SECRETS.TF_VAR_recording_secret_access_key);
    }
  });

  it("plans no changes after the apply", async () => {
    await bothStacks((tf) => tf.plan(0));
  });

  it("destroys both stacks", async () => {
    await bothStacks((tf) => tf.destroy());
    expect(await accounts()).toEqual([]);
  });
});
