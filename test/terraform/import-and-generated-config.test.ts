import { type PortalFixture, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";

const GOOGLE_KEY = JSON.stringify({
  type: "service_account",
  project_id: "voice",
  client_email: "rec@voice.iam.gserviceaccount.com",
  private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n",
});

describeWithTerraform("import {} blocks and -generate-config-out with real terraform", () => {
  let portal: PortalFixture;
  let tf: TerraformWorkdir;
  let accountSid: string;
  let keySid: string;

  beforeAll(async () => {
    portal = await startPortal();
    // Everything made by hand in the portal, the way an existing installation looks before it is adopted.
    accountSid = (
      (await portal.admin("POST", "/Accounts", {
        name: uniqueName("legacy"),
        service_provider_sid: portal.emulator.serviceProviderSid,
        sip_realm: "legacy.sip.example.com",
        registration_hook: { url: "https://hooks.example.com/reg", method: "get", username: "u", password: "hook-pass" },
      })) as { sid: string }
    ).sid;
    await portal.admin("PUT", `/Accounts/${accountSid}`, {
      record_all_calls: true,
      bucket_credential: { vendor: "google", name: "voice-recordings", service_key: GOOGLE_KEY, tags: [{ Key: "env", Value: "prod" }] },
    });
    await portal.admin("POST", `/Accounts/${accountSid}/Limits`, { category: "voice_call_minutes", quantity: 1000 });
    keySid = ((await portal.admin("POST", "/ApiKeys", { account_sid: accountSid })) as { sid: string }).sid;
    tf = new TerraformWorkdir({ VOICEGATEWAY_API_URL: portal.emulator.apiUrl, VOICEGATEWAY_API_KEY: portal.emulator.adminKey });
    tf.write({
      "main.tf": `${PROVIDER_BLOCK}
import {
  to = voicegateway_account.legacy
  id = "${accountSid}"
}
import {
  to = voicegateway_account_recording.legacy
  id = "${accountSid}"
}
import {
  to = voicegateway_account_limits.legacy
  id = "${accountSid}"
}
import {
  to = voicegateway_account_api_key.legacy
  id = "${accountSid}/${keySid}"
}
`,
    });
    await tf.init();
  });
  afterAll(async () => {
    tf.remove();
    await portal.close();
  });

  it("generates configuration that validates, imports, and then plans clean", async () => {
    const generated = await tf.expect(["plan", "-input=false", "-generate-config-out=generated.tf"], 0);
    expect(generated.stdout).toContain("Plan: 4 to import, 0 to add, 0 to change, 0 to destroy.");
    const hcl = tf.read("generated.tf");
    expect(hcl).toContain('sip_realm               = "legacy.sip.example.com"');
    expect(hcl).toContain('unit        = "minutes"');
    expect(hcl).not.toContain("hook-pass");
    expect(hcl).not.toContain("MIIEvgIBAD");
    await tf.expect(["validate"]);
    const applied = await tf.apply();
    expect(applied.stdout).toContain("Apply complete! Resources: 4 imported, 0 added, 0 changed, 0 destroyed.");
    await tf.plan(0);
  });

  it("keeps the imported secrets the portal stores when the generated configuration omits them", async () => {
    const list = (await portal.admin("GET", "/Accounts")) as { account_sid: string; bucket_credential: { service_key: string } }[];
    expect(JSON.parse(list.find((a) => a.account_sid === accountSid)!.bucket_credential.service_key)).toEqual(JSON.parse(GOOGLE_KEY));
    expect(tf.read("terraform.tfstate")).not.toContain("MIIEvgIBADANBgkq");
  });
});
