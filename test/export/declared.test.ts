import { join } from "node:path";
import { drift, expectNoSecretsIn, tempDir } from "../drift/support";
import { type PortalFixture, portalEnv, startPortal } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";
import { exportTo, outputPath, readTree } from "./support";

/**
 * `--terraform-state`, `--cdktf-stack`, `--pulumi-export`: export only what those declarations do not manage yet,
 * read by the drift command's own sources, so that after applying the export the drift command finds nothing
 * unmanaged.
 */

const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYDECLAREDKEY";
const sidOf = (body: unknown): string => (body as { sid: string }).sid;

describeWithTerraform("voicegateway export of what existing Terraform state does not declare", () => {
  let portal: PortalFixture;
  let managed: TerraformWorkdir;
  let adopted: TerraformWorkdir;
  let managedSid: string;
  let strayKey: { sid: string; token: string };
  let unmanagedSid: string;

  beforeAll(async () => {
    portal = await startPortal();
    const sp = portal.emulator.serviceProviderSid;
    // Terraform manages an account and one key of it...
    managed = new TerraformWorkdir(portalEnv(portal)).write({
      "main.tf": `${PROVIDER_BLOCK}
resource "voicegateway_account" "managed" {
  name = "managed"
}
resource "voicegateway_account_api_key" "ci" {
  account_sid = voicegateway_account.managed.id
}
`,
    });
    await managed.init();
    await managed.apply();
    managedSid = (await managed.resource("voicegateway_account.managed")).id as string;
    // ...and the portal has more: another key, recording and limits of that account, and an account of its own.
    strayKey = (await portal.admin("POST", "/ApiKeys", { account_sid: managedSid })) as { sid: string; token: string };
    await portal.admin("PUT", `/Accounts/${managedSid}`, {
      bucket_credential: {
        vendor: "aws_s3",
        name: "managed-recordings",
        region: "eu-west-1",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: AWS_SECRET,
      },
    });
    await portal.admin("POST", `/Accounts/${managedSid}/Limits`, { category: "voice_call_session", quantity: 5 });
    unmanagedSid = sidOf(await portal.admin("POST", "/Accounts", { name: "unmanaged", service_provider_sid: sp }));
    await portal.admin("POST", "/ApiKeys", { account_sid: unmanagedSid });
    adopted = new TerraformWorkdir(portalEnv(portal));
  });
  afterAll(async () => {
    managed?.remove();
    adopted?.remove();
    await portal.close();
  });

  it("leaves out what the state manages, adopts the rest (by SID for a managed account's objects), after which drift finds nothing unmanaged", async () => {
    const state = join(managed.dir, "terraform.tfstate");
    const before = await drift(["--terraform-state", state, "--format", "json", "--quiet"], portalEnv(portal), managed.dir);
    expect(before.code).toBe(2);

    const run = await exportTo(["--out", adopted.dir, "--terraform-state", state], portalEnv(portal));
    expect(run.code).toBe(0);
    const files = readTree(adopted.dir);
    // "managed" is a resource name of the existing configuration, so the export does not reuse it.
    const managedFile = files[`account_managed_${managedSid.slice(0, 8)}.tf`]!;
    expect(managedFile).toContain("The account itself is declared elsewhere");
    expect(managedFile).not.toContain('resource "voicegateway_account" ');
    expect(managedFile).toContain(`id = "${managedSid}/${strayKey.sid}"`);
    expect(managedFile.match(/import \{/g)).toHaveLength(3); // the stray key, recording, limits
    expect(managedFile).toContain(`account_sid = "${managedSid}"`);
    expect(files["account_unmanaged.tf"]).toContain('resource "voicegateway_account" "unmanaged"');
    expect(files["README.md"]).toContain("Left out: 1 account(s) declared already");
    expectNoSecretsIn([...Object.values(files), run.stdout, run.stderr], [AWS_SECRET, strayKey.token, portal.emulator.adminKey]);

    await adopted.init();
    const planned = await adopted.plan(2);
    expect(planned.stdout).toContain("Plan: 5 to import, 0 to add, 0 to change, 0 to destroy.");
    await adopted.apply();
    await adopted.plan(0);
    await managed.plan(0);

    const after = await drift(
      ["--terraform-state", state, "--terraform-state", join(adopted.dir, "terraform.tfstate"), "--format", "json", "--quiet"],
      portalEnv(portal),
      managed.dir,
    );
    expect(after.json().environments[0]!.resources.filter((r) => r.status !== "in-sync")).toEqual([]);
    expect(after.code).toBe(0);

    // Everything is declared now: a second export has nothing left to write.
    const again = outputPath();
    const nothing = await exportTo(
      ["--out", again.dir, "--terraform-state", state, "--terraform-state", join(adopted.dir, "terraform.tfstate")],
      portalEnv(portal),
    );
    again.remove();
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain("Nothing to export");
  });
});

describe("voicegateway export of what a CDKTF stack or a Pulumi export does not declare", () => {
  let portal: PortalFixture;
  const files = tempDir("vg-export-declared-");
  const sids: Record<string, string> = {};

  beforeAll(async () => {
    portal = await startPortal();
    for (const name of ["from-cdktf", "from-pulumi", "loose"]) {
      sids[name] = sidOf(await portal.admin("POST", "/Accounts", { name, service_provider_sid: portal.emulator.serviceProviderSid }));
    }
  });
  afterAll(async () => {
    files.remove();
    await portal.close();
  });

  it("leaves out an account a synthesized stack names (without its state) and one a Pulumi export holds by ID", async () => {
    files.write("cdk.tf.json", { resource: { voicegateway_account: { cdktf_ABC123: { name: "FROM-CDKTF" } } } });
    files.write("stack.json", {
      version: 3,
      deployment: {
        manifest: { time: "2026-11-20T10:00:00Z", magic: "x", version: "v3.248.0" },
        resources: [
          {
            urn: "urn:pulumi:prod::vg::pulumi-nodejs:dynamic/voicegateway:Account::mine",
            custom: true,
            id: sids["from-pulumi"],
            type: "pulumi-nodejs:dynamic/voicegateway:Account",
            outputs: { name: "from-pulumi", enableDebugLog: false },
          },
        ],
      },
    });
    const out = outputPath();
    try {
      const run = await exportTo(
        ["--out", out.dir, "--cdktf-stack", "cdk.tf.json", "--pulumi-export", "stack.json"],
        portalEnv(portal),
        files.dir,
      );
      expect(run.code).toBe(0);
      expect(Object.keys(readTree(out.dir)).filter((f) => f.startsWith("account_"))).toEqual(["account_loose.tf"]);
      expect(readTree(out.dir)["README.md"]).toContain(
        `not declared in ${join(files.dir, "cdk.tf.json")}, ${join(files.dir, "stack.json")}`,
      );
    } finally {
      out.remove();
    }
  });
});
