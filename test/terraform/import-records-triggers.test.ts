import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";

/**
 * Issue 12: values that only say when to act (`webhook_secret_rotation`, `triggers`) are not stored by the portal, so
 * an import cannot know them. The configured value is recorded on the first apply after the import, never acted on:
 * no secret rotation, no key replacement.
 */
describeWithTerraform("importing resources whose configuration has triggers", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal.close());

  it("issue 12: an import block with webhook_secret_rotation and key triggers records them without rotating or replacing", async () => {
    const name = uniqueName("imported");
    const sp = portal.emulator.serviceProviderSid;
    const accountSid = ((await portal.admin("POST", "/Accounts", { name, service_provider_sid: sp })) as { sid: string }).sid;
    const keySid = ((await portal.admin("POST", "/ApiKeys", { account_sid: accountSid })) as { sid: string }).sid;
    const secretBefore = ((await portal.admin("GET", `/Accounts/${accountSid}`)) as { webhook_secret: string }).webhook_secret;

    const tf = new TerraformWorkdir(portalEnv(portal)).write({
      "main.tf": `${PROVIDER_BLOCK}
import {
  to = voicegateway_account.acme
  id = "${accountSid}"
}
import {
  to = voicegateway_account_api_key.ci
  id = "${accountSid}/${keySid}"
}
resource "voicegateway_account" "acme" {
  name                    = "${name}"
  webhook_secret_rotation = "2026-11"
}
resource "voicegateway_account_api_key" "ci" {
  account_sid = voicegateway_account.acme.id
  triggers    = { rotated = "2026-11" }
}
`,
    });
    try {
      await tf.init();
      const planned = await tf.plan(2);
      expect(planned.stdout).toContain("Plan: 2 to import, 0 to add, 2 to change, 0 to destroy");
      expect(planned.stdout).not.toContain("forces replacement");
      expect(planned.stdout).not.toMatch(/webhook_secret\s+= \(sensitive value\) -> \(known after apply\)/);
      await tf.apply();
      expect(((await portal.admin("GET", `/Accounts/${accountSid}`)) as { webhook_secret: string }).webhook_secret).toBe(secretBefore);
      expect(
        ((await portal.admin("GET", `/Accounts/${accountSid}/ApiKeys`)) as { api_key_sid: string }[]).map((k) => k.api_key_sid),
      ).toEqual([keySid]);
      await tf.plan(0);

      // Recorded now: the next change acts.
      tf.write({ "main.tf": tf.read("main.tf").replace(/2026-11/g, "2026-12") });
      const acting = await tf.plan(2);
      expect(acting.stdout).toContain("forces replacement");
      expect(acting.stdout).toMatch(/webhook_secret\s+= \(sensitive value\)/);
      await tf.apply();
      expect(((await portal.admin("GET", `/Accounts/${accountSid}`)) as { webhook_secret: string }).webhook_secret).not.toBe(secretBefore);
      expect(
        ((await portal.admin("GET", `/Accounts/${accountSid}/ApiKeys`)) as { api_key_sid: string }[]).map((k) => k.api_key_sid),
      ).not.toContain(keySid);
      await tf.destroy();
    } finally {
      tf.remove();
    }
  });
});
