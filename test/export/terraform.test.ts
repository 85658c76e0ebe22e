import { expectNoSecretsIn } from "../drift/support";
import { type PortalFixture, portalEnv, startPortal } from "../support/portal";
import { describeWithTerraform, TerraformWorkdir } from "../support/terraform-cli";
import { AWKWARD_NAME, exportTo, readTree, type Seeded, seedEveryShape } from "./support";

/**
 * The point of `voicegateway export`: what it writes for a portal configured by hand plans as imports only with the
 * real terraform, applies, and then plans clean, with no secret in any file it wrote.
 */

interface ListedAccount {
  account_sid: string;
  name: string;
  webhook_secret: string;
  registration_hook?: { password?: string } | null;
  bucket_credential?: Record<string, unknown> | null;
}

const PLAN_LINE = /Plan: (\d+) to import, (\d+) to add, (\d+) to change, (\d+) to destroy\./;

describeWithTerraform("voicegateway export to HCL, planned and applied with real terraform", () => {
  let portal: PortalFixture;
  let seeded: Seeded;
  const workdirs: TerraformWorkdir[] = [];
  const workdir = (env: Record<string, string> = {}) => {
    const tf = new TerraformWorkdir({ ...portalEnv(portal), ...env });
    workdirs.push(tf);
    return tf;
  };
  const listed = async () => (await portal.admin("GET", "/Accounts")) as ListedAccount[];

  beforeAll(async () => {
    portal = await startPortal();
    seeded = await seedEveryShape(portal);
  });
  afterAll(async () => {
    for (const tf of workdirs) tf.remove();
    await portal.close();
  });

  it("writes configuration that imports every account, key, recording and limits: the plan shows only imports, then applies and plans clean", async () => {
    const tf = workdir();
    const before = await listed();
    portal.emulator.requests.clear();

    const run = await exportTo(["--out", tf.dir], portalEnv(portal));

    expect(run.code).toBe(0);
    // One account list, then one key list and one limits read per account; nothing but GETs.
    const log = portal.emulator.requests.all();
    expect(log).toHaveLength(1 + 2 * 5);
    expect(log.every((r) => r.method === "GET")).toBe(true);
    expect(log.filter((r) => r.path.endsWith("/Accounts"))).toHaveLength(1);
    expect(run.stdout).toContain("read with 11 request(s)");
    expect(run.stderr).toContain("[export] accounts read 5/5");

    const files = readTree(tf.dir);
    expect(Object.keys(files).sort()).toEqual([
      "README.md",
      expect.stringMatching(/^account_acme_corp_[0-9a-f]{8}\.tf$/),
      expect.stringMatching(/^account_acme_corp_[0-9a-f]{8}\.tf$/),
      "account_bare.tf",
      "account_globex.tf",
      "account_unicode_quoted_not_a_ref_back_slash_x.tf",
      "providers.tf",
    ]);
    expectNoSecretsIn([...Object.values(files), run.stdout, run.stderr], seeded.secrets);
    const acme = files[`account_acme_corp_${seeded.accounts.acme.slice(0, 8)}.tf`]!;
    expect(acme).toContain(`device_calling_application_sid = "`);
    expect(acme).toContain(`siprec_application_sid         = "`);
    expect(acme).not.toMatch(/webhook_secret_rotation|triggers|_wo/);
    expect(files["account_globex.tf"]).toContain('unit        = "minutes"');
    expect(files["account_globex.tf"]).not.toContain("api_rate");

    // Formatted as terraform fmt would.
    const fmt = await tf.run(["fmt", "-check", "-diff"]);
    expect(fmt.output).toBe("\n");
    expect(fmt.code).toBe(0);

    await tf.init();
    const planned = await tf.plan(2);
    const expected = /should end with `(Plan: [^`]+)`/.exec(files["README.md"]!)![1]!;
    expect(expected).toBe("Plan: 15 to import, 0 to add, 0 to change, 0 to destroy.");
    expect(planned.stdout).toContain(expected);

    const applied = await tf.apply();
    expect(applied.stdout).toContain("Apply complete! Resources: 15 imported, 0 added, 0 changed, 0 destroyed.");
    await tf.plan(0);
    // Quotes, a backslash and template sequences reached terraform as the portal has them, not evaluated.
    expect((await tf.resource("voicegateway_account.unicode_quoted_not_a_ref_back_slash_x")).name).toBe(AWKWARD_NAME);

    // Adopting changed nothing in the portal: names, secrets and webhook secrets are what they were.
    const after = await listed();
    for (const account of before) {
      const now = after.find((a) => a.account_sid === account.account_sid)!;
      expect(now).toMatchObject({ name: account.name, webhook_secret: account.webhook_secret });
      expect(now.registration_hook?.password ?? null).toBe(account.registration_hook?.password ?? null);
      expect(now.bucket_credential ?? null).toEqual(account.bucket_credential ?? null);
    }
    // The import did not copy a hook password or bucket secret into the state either.
    expectNoSecretsIn([tf.read("terraform.tfstate")], seeded.secrets.slice(0, 6));
  });

  it("with --secrets variables, declares one sensitive ephemeral variable per secret; the first apply sends them, then the plan is clean", async () => {
    const values = {
      acme_registration_hook_password: "new-reg-password-1a2b3c",
      acme_queue_event_hook_password: "new-queue-password-4d5e6f",
      acme_recording_secret_access_key: "nEwAwSsEcReTkEy/0000000000000000000000000",
      acme_dash_recording_secret_access_key: "new-minio-secret-999",
      globex_recording_service_key: GOOGLE_KEY_ROTATED,
      awkward_recording_connection_string: "DefaultEndpointsProtocol=https;AccountName=awkward;AccountKey=bmV3LWF6dXJlLWtleQ==",
    };
    const tf = workdir();
    const run = await exportTo(
      ["--out", tf.dir, "--secrets", "variables", "--name", "acme*", "--name", "/^(globex|ünïcode)/i"],
      portalEnv(portal),
    );
    expect(run.code).toBe(0);
    const files = readTree(tf.dir);
    expectNoSecretsIn([...Object.values(files), run.stdout, run.stderr], seeded.secrets);

    // The variables' names come from the identifiers; give each a value.
    const identifiers = {
      acme: `acme_corp_${seeded.accounts.acme.slice(0, 8)}`,
      acme_dash: `acme_corp_${seeded.accounts.acmeDash.slice(0, 8)}`,
      globex: "globex",
      awkward: "unicode_quoted_not_a_ref_back_slash_x",
    } as const;
    const tfVars: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) {
      const [role] = Object.keys(identifiers)
        .filter((r) => name.startsWith(`${r}_`))
        .sort((a, b) => b.length - a.length);
      tfVars[`TF_VAR_${identifiers[role as keyof typeof identifiers]}${name.slice(role!.length)}`] = value;
    }
    expect(
      Object.keys(tfVars)
        .map((v) => v.slice("TF_VAR_".length))
        .sort(),
    ).toEqual([...files["variables.tf"]!.matchAll(/variable "([^"]+)"/g)].map((m) => m[1]).sort());
    expect(files["variables.tf"]).toMatch(/sensitive\s+= true\n\s+ephemeral\s+= true/);

    await tf.init();
    const planned = await tf.expect(["plan", "-detailed-exitcode", "-input=false"], 2, tfVars);
    const expected = /should end with `(Plan: [^`]+)`/.exec(files["README.md"]!)![1]!;
    expect(expected).toBe("Plan: 14 to import, 0 to add, 5 to change, 0 to destroy.");
    expect(planned.stdout).toContain(expected);
    expect(planned.stdout).not.toContain("forces replacement");

    await tf.expect(["apply", "-auto-approve", "-input=false"], 0, tfVars);
    await tf.expect(["plan", "-detailed-exitcode", "-input=false"], 0, tfVars);

    const after = await listed();
    const acme = after.find((a) => a.account_sid === seeded.accounts.acme)!;
    expect(acme.registration_hook?.password).toBe(values.acme_registration_hook_password);
    expect(acme.bucket_credential?.secret_access_key).toBe(values.acme_recording_secret_access_key);
    expect(after.find((a) => a.account_sid === seeded.accounts.acmeDash)!.bucket_credential?.secret_access_key).toBe(
      values.acme_dash_recording_secret_access_key,
    );
    expectNoSecretsIn([tf.read("terraform.tfstate")], Object.values(values));
  });

  it("sets skip_region_validation for a bucket in a region outside the portal's list, and says the first plan records it as an update", async () => {
    const sid = ((await portal.admin("POST", "/Accounts", { name: "far-region", service_provider_sid: seeded.sp })) as { sid: string }).sid;
    await portal.admin("PUT", `/Accounts/${sid}`, {
      bucket_credential: {
        vendor: "aws_s3",
        name: "far-recordings",
        region: "me-central-1",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: "far-region-secret-0123456789",
      },
    });
    const tf = workdir();
    const run = await exportTo(["--out", tf.dir, "--name", "far-region"], portalEnv(portal));
    expect(run.code).toBe(0);
    const files = readTree(tf.dir);
    expect(files["account_far_region.tf"]).toMatch(/skip_region_validation\s+= true/);
    expect(files["README.md"]).toContain("`voicegateway_account_recording.far_region`: records skip_region_validation = true");
    await tf.init();
    const planned = await tf.plan(2);
    expect(planned.stdout).toContain("Plan: 2 to import, 0 to add, 1 to change, 0 to destroy.");
    expect(files["README.md"]).toContain("Plan: 2 to import, 0 to add, 1 to change, 0 to destroy.");
    await tf.apply();
    await tf.plan(0);
    expect(
      ((await listed()).find((a) => a.account_sid === sid)!.bucket_credential as { secret_access_key: string }).secret_access_key,
    ).toBe("far-region-secret-0123456789");
  });
});

const GOOGLE_KEY_ROTATED = JSON.stringify({
  type: "service_account",
  project_id: "voice",
  client_email: "rec@voice.iam.gserviceaccount.com",
  private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkRotatedKey\n-----END PRIVATE KEY-----\n",
});
