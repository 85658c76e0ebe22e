import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { maskSecret } from "../../provider/src/core/secrets/portal-mask";
import { drift } from "../drift/support";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";

/**
 * Issue 12, secrets: what a state file may hold. Write-only secrets stay out of state on every path (a failed
 * update, an import), private state keeps only keyed fingerprints, and a secret changed in the portal to one with
 * the same mask (same first six characters, same length) is still seen by `terraform plan` and by drift.
 */

const HOOK_PASSWORD = "hook-pw-written-only-7c1e";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
// Same first six characters and length as SECRET: the portal's mask of both is identical.
const SAME_MASK = "wJalrXsomeoneELSEchangedTHISsecret000000";

interface StateFile {
  resources: { type: string; name: string; instances: { attributes: Record<string, unknown>; private?: string }[] }[];
}

function privateOf(tf: TerraformWorkdir, type: string): Record<string, unknown> {
  const state = JSON.parse(tf.read("terraform.tfstate")) as StateFile;
  const encoded = state.resources.find((r) => r.type === type)?.instances[0]?.private;
  return encoded ? (JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as Record<string, unknown>) : {};
}

const stateFiles = (tf: TerraformWorkdir) =>
  ["terraform.tfstate", "terraform.tfstate.backup"].filter((f) => existsSync(join(tf.dir, f))).map((f) => tf.read(f));

describeWithTerraform("secrets in terraform state", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal.close());

  describe("a write-only hook password", () => {
    let tf: TerraformWorkdir;
    const name = uniqueName("wo-state");
    const config = (debug: boolean) => `${PROVIDER_BLOCK}
resource "voicegateway_account" "acme" {
  name              = "${name}"
  enable_debug_log  = ${debug}
  registration_hook = { url = "https://hooks.example.com/reg", username = "u", password_wo = "${HOOK_PASSWORD}", password_wo_version = "1" }
}
`;
    beforeAll(async () => {
      tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": config(false) });
      await tf.init();
      await tf.apply();
    });
    afterAll(async () => {
      portal.emulator.faults.clear();
      await tf.destroy();
      tf.remove();
    });

    it("issue 12: stays out of state and its backup when an update fails with a 5xx and the provider reads back", async () => {
      tf.write({ "main.tf": config(true) });
      portal.emulator.faults.inject({ kind: "status", status: 500, match: { method: "PUT", path: "/v1/Accounts/*" } });
      const failed = await tf.run(["apply", "-auto-approve", "-input=false"]);
      expect(failed.code).toBe(1);
      expect(failed.output).toContain("part of the change may have been applied");
      for (const text of stateFiles(tf)) expect(text).not.toContain(HOOK_PASSWORD);
      expect(((await tf.resource("voicegateway_account.acme")).registration_hook as Record<string, unknown>).password).toBeNull();
      await tf.apply();
      for (const text of stateFiles(tf)) expect(text).not.toContain(HOOK_PASSWORD);
      await tf.plan(0);
    });

    it("issue 12: is kept in private state only as a keyed fingerprint, not as a hash anyone can recompute", async () => {
      const fingerprint = (privateOf(tf, "voicegateway_account").fingerprints as Record<string, string>)["registration_hook.password"]!;
      expect(fingerprint).toMatch(/^[0-9a-f]{12}:[0-9a-f]{64}$/);
      const hex = fingerprint.split(":")[1];
      for (const guess of [HOOK_PASSWORD, maskSecret(HOOK_PASSWORD)]) {
        expect(hex).not.toBe(createHash("sha256").update(guess).digest("hex"));
      }
      expect(JSON.stringify(privateOf(tf, "voicegateway_account"))).not.toContain(HOOK_PASSWORD);
    });
  });

  describe("a recording secret changed in the portal to one with the same mask", () => {
    const aws = (secret: string) => `bucket = "rec-bucket", region = "eu-west-1", access_key_id = "AKIAIOSFODNN7EXAMPLE", ${secret}`;
    const stack = (name: string, secret: string) => `${PROVIDER_BLOCK}
resource "voicegateway_account" "acme" {
  name = "${name}"
}
resource "voicegateway_account_recording" "acme" {
  account_sid = voicegateway_account.acme.id
  aws_s3      = { ${aws(secret)} }
}
`;
    const swapInPortal = async (tf: TerraformWorkdir) => {
      const accountSid = (await tf.resource("voicegateway_account.acme")).id as string;
      await portal.admin("PUT", `/Accounts/${accountSid}`, {
        bucket_credential: {
          vendor: "aws_s3",
          name: "rec-bucket",
          region: "eu-west-1",
          access_key_id: "AKIAIOSFODNN7EXAMPLE",
          secret_access_key: SAME_MASK,
        },
      });
      const masked = (await portal.admin("GET", `/Accounts/${accountSid}`)) as { bucket_credential: { secret_access_key: string } };
      expect(masked.bucket_credential.secret_access_key).toBe(maskSecret(SECRET));
      return accountSid;
    };

    it("issue 12: shows in plan when the secret is write-only, and the apply sends it again", async () => {
      const tf = new TerraformWorkdir(portalEnv(portal)).write({
        "main.tf": stack(uniqueName("same-mask-wo"), `secret_access_key_wo = "${SECRET}", secret_access_key_wo_version = "1"`),
      });
      try {
        await tf.init();
        await tf.apply();
        await tf.plan(0);
        await swapInPortal(tf);
        expect((await tf.plan(2)).stdout).toMatch(/secret_access_key_wo_version\s+= "changed-outside-terraform" -> "1"/);
        await tf.apply();
        await tf.plan(0);
        for (const text of stateFiles(tf)) expect(text).not.toContain(SECRET);
      } finally {
        await tf.destroy();
        tf.remove();
      }
    });

    it("issue 12: shows in plan when the secret is in the plain attribute, and never stores the portal's value", async () => {
      const tf = new TerraformWorkdir(portalEnv(portal)).write({
        "main.tf": stack(uniqueName("same-mask"), `secret_access_key = "${SECRET}"`),
      });
      try {
        await tf.init();
        await tf.apply();
        await swapInPortal(tf);
        const planned = await tf.plan(2);
        expect(planned.stdout).toContain("voicegateway_account_recording.acme will be updated in-place");
        expect(planned.stdout).toMatch(/~ secret_access_key\s+= \(sensitive value\)/);
        for (const text of stateFiles(tf)) expect(text).not.toContain(SAME_MASK);
        await tf.apply();
        await tf.plan(0);
      } finally {
        await tf.destroy();
        tf.remove();
      }
    });

    it("issue 12: shows in voicegateway drift, from the state a real apply wrote", async () => {
      const tf = new TerraformWorkdir(portalEnv(portal)).write({
        "main.tf": stack(uniqueName("same-mask-drift"), `secret_access_key_wo = "${SECRET}", secret_access_key_wo_version = "1"`),
      });
      try {
        await tf.init();
        await tf.apply();
        const args = ["--terraform-state", join(tf.dir, "terraform.tfstate"), "--format", "json", "--quiet"];
        const clean = await drift(args, portalEnv(portal), tf.dir);
        const resultOf = (report: typeof clean) =>
          report.json().environments[0]!.resources.find((r) => r.address === "voicegateway_account_recording.acme");
        expect(resultOf(clean)).toMatchObject({ status: "in-sync" });
        await swapInPortal(tf);
        const drifted = await drift(args, portalEnv(portal), tf.dir);
        expect(drifted.code).toBe(2);
        expect(resultOf(drifted)).toMatchObject({
          status: "changed",
          attributes: [{ attribute: "aws_s3.secret_access_key", sensitive: true }],
        });
        expect(drifted.stdout + drifted.stderr).not.toContain(SAME_MASK);
      } finally {
        await tf.destroy();
        tf.remove();
      }
    });
  });
});
