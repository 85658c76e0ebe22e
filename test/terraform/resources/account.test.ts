import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../../support/terraform-cli";

describeWithTerraform("voicegateway_account with real terraform", () => {
  let portal: PortalFixture;
  let tf: TerraformWorkdir;
  let otherServiceProvider: string;
  const name = uniqueName("tf-acct");

  const config = (attributes: string) => `${PROVIDER_BLOCK}\nresource "voicegateway_account" "acme" {\n${attributes}\n}\n`;

  beforeAll(async () => {
    portal = await startPortal();
    otherServiceProvider = ((await portal.admin("POST", "/ServiceProviders", { name: uniqueName("sp") })) as { sid: string }).sid;
    tf = new TerraformWorkdir(portalEnv(portal));
    tf.write({
      "main.tf": config(`
  name      = "${name}"
  sip_realm = "${name}.SIP.example.com"
  registration_hook = { url = "https://hooks.example.com/reg", method = "post", username = "u", password = "hook-password-1" }`),
    });
    await tf.init();
  });
  afterAll(async () => {
    tf.remove();
    await portal.close();
  });

  const account = () => tf.resource("voicegateway_account.acme");

  it("creates the account, and a second plan shows no changes despite the portal's normalisation", async () => {
    await tf.apply();
    const state = await account();
    expect(state).toMatchObject({ name, sip_realm: `${name}.SIP.example.com`, service_provider_sid: portal.emulator.serviceProviderSid });
    expect(state.webhook_secret).toMatch(/^wh_secret_/);
    const remote = (await portal.admin("GET", `/Accounts/${state.id as string}`)) as Record<string, unknown>;
    expect(remote).toMatchObject({ sip_realm: `${name}.sip.example.com`, registration_hook: { method: "POST" } });
    await tf.plan(0);
  });

  it("imports the account without copying its hook password into state; the configured password is written once", async () => {
    const id = (await account()).id as string;
    await tf.expect(["state", "rm", "voicegateway_account.acme"]);
    await tf.expect(["import", "-input=false", "voicegateway_account.acme", id]);
    expect(tf.read("terraform.tfstate")).not.toContain("hook-password-1");
    expect(((await account()).registration_hook as Record<string, unknown>).password).toBeNull();
    // The import could not know that the configuration keeps the password in state: the first apply records it.
    const planned = await tf.plan(2);
    expect(planned.stdout).toMatch(/\+ password\s+= \(sensitive value\)/);
    expect(planned.stdout).toContain("Plan: 0 to add, 1 to change, 0 to destroy");
    await tf.apply();
    await tf.plan(0);
  });

  it("updates the name in place", async () => {
    const before = await account();
    tf.write({ "main.tf": tf.read("main.tf").replace(`name      = "${name}"`, `name      = "${name}-renamed"`) });
    const planned = await tf.plan(2);
    expect(planned.stdout).toContain("will be updated in-place");
    await tf.apply();
    expect(await account()).toMatchObject({ id: before.id, name: `${name}-renamed` });
    await tf.plan(0);
  });

  it("records a first webhook_secret_rotation, and regenerates the secret when it changes", async () => {
    const before = await account();
    tf.write({ "main.tf": tf.read("main.tf").replace("  sip_realm", `  webhook_secret_rotation = "2026-11"\n  sip_realm`) });
    await tf.apply();
    const recorded = await account();
    expect(recorded).toMatchObject({ id: before.id, webhook_secret: before.webhook_secret, webhook_secret_rotation: "2026-11" });
    tf.write({ "main.tf": tf.read("main.tf").replace(`webhook_secret_rotation = "2026-11"`, `webhook_secret_rotation = "2026-12"`) });
    await tf.apply();
    const after = await account();
    expect(after.id).toBe(before.id);
    expect(after.webhook_secret).not.toBe(before.webhook_secret);
    await tf.plan(0);
  });

  it("shows an out-of-band change as drift and puts it back", async () => {
    const id = (await account()).id as string;
    await portal.admin("PUT", `/Accounts/${id}`, { enable_debug_log: true, queue_event_hook: { url: "https://elsewhere.example.com/q" } });
    const planned = await tf.plan(2);
    expect(planned.stdout).toMatch(/enable_debug_log\s+= true -> false/);
    expect(planned.stdout).toMatch(/- queue_event_hook/);
    await tf.apply();
    await tf.plan(0);
  });

  it("replaces the account when service_provider_sid changes", async () => {
    const before = await account();
    tf.write({ "main.tf": tf.read("main.tf").replace("  sip_realm", `  service_provider_sid = "${otherServiceProvider}"\n  sip_realm`) });
    const planned = await tf.plan(2);
    expect(planned.stdout).toContain("# forces replacement");
    await tf.apply();
    const after = await account();
    expect(after.id).not.toBe(before.id);
    expect(after.service_provider_sid).toBe(otherServiceProvider);
    expect(await portal.admin("GET", "/Accounts").then((l) => (l as { account_sid: string }[]).map((a) => a.account_sid))).not.toContain(
      before.id,
    );
  });

  it("recreates an account deleted out of band", async () => {
    const before = await account();
    await portal.admin("DELETE", `/Accounts/${before.id as string}`);
    const planned = await tf.plan(2);
    expect(planned.stdout).toContain("will be created");
    await tf.apply();
    expect((await account()).id).not.toBe(before.id);
    await tf.plan(0);
  });

  it("destroys the account", async () => {
    const id = (await account()).id as string;
    await tf.destroy();
    const ids = ((await portal.admin("GET", "/Accounts")) as { account_sid: string }[]).map((a) => a.account_sid);
    expect(ids).not.toContain(id);
  });
});

describeWithTerraform("voicegateway_account with a write-only hook password", () => {
  let portal: PortalFixture;
  let tf: TerraformWorkdir;
  const PASSWORD = "hook-password-wo-51f3";
  const config = (password: string, version: string) => `${PROVIDER_BLOCK}
resource "voicegateway_account" "acme" {
  name              = "${uniqueName("wo")}"
  registration_hook = { url = "https://hooks.example.com/reg", username = "u", password_wo = "${password}", password_wo_version = "${version}" }
}
`;
  beforeAll(async () => {
    portal = await startPortal();
    tf = new TerraformWorkdir(portalEnv(portal));
    tf.write({ "main.tf": config(PASSWORD, "1") });
    await tf.init();
  });
  afterAll(async () => {
    tf.remove();
    await portal.close();
  });

  it("sends the password, keeps it out of state even after a refresh, and plans clean", async () => {
    await tf.apply();
    await tf.apply("-refresh-only");
    expect(tf.read("terraform.tfstate")).not.toContain(PASSWORD);
    await tf.plan(0);
    const id = (await tf.resource("voicegateway_account.acme")).id as string;
    expect(await portal.admin("GET", `/Accounts/${id}`)).toMatchObject({ registration_hook: { password: PASSWORD } });
  });

  it("shows a password changed in the portal as changed-outside-terraform, and sends it again", async () => {
    const id = (await tf.resource("voicegateway_account.acme")).id as string;
    await portal.admin("PUT", `/Accounts/${id}`, {
      registration_hook: { url: "https://hooks.example.com/reg", username: "u", password: "changed-by-hand" },
    });
    expect((await tf.plan(2)).stdout).toMatch(/password_wo_version = "changed-outside-terraform" -> "1"/);
    await tf.apply();
    expect(tf.read("terraform.tfstate")).not.toContain("changed-by-hand");
    expect(await portal.admin("GET", `/Accounts/${id}`)).toMatchObject({ registration_hook: { password: PASSWORD } });
  });
});
