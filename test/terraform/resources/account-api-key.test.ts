import { type PortalFixture, startPortal, uniqueName } from "../../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../../support/terraform-cli";

describeWithTerraform("voicegateway_account_api_key with real terraform", () => {
  let portal: PortalFixture;
  let tf: TerraformWorkdir;
  let accountSid: string;
  let otherAccountSid: string;
  const keysOf = async (sid: string) =>
    ((await portal.admin("GET", `/Accounts/${sid}/ApiKeys`)) as { api_key_sid: string }[]).map((k) => k.api_key_sid);
  const key = () => tf.resource("voicegateway_account_api_key.ci");
  const config = (account: string, triggers = "") =>
    `${PROVIDER_BLOCK}\nresource "voicegateway_account_api_key" "ci" {\n  account_sid = "${account}"\n${triggers}}\n\noutput "token" {\n  value     = voicegateway_account_api_key.ci.token\n  sensitive = true\n}\n`;

  beforeAll(async () => {
    portal = await startPortal();
    accountSid = (
      (await portal.admin("POST", "/Accounts", { name: uniqueName(), service_provider_sid: portal.emulator.serviceProviderSid })) as {
        sid: string;
      }
    ).sid;
    otherAccountSid = (
      (await portal.admin("POST", "/Accounts", { name: uniqueName(), service_provider_sid: portal.emulator.serviceProviderSid })) as {
        sid: string;
      }
    ).sid;
    tf = new TerraformWorkdir({ VOICEGATEWAY_API_URL: portal.emulator.apiUrl, VOICEGATEWAY_API_KEY: portal.emulator.adminKey });
    tf.write({ "main.tf": config(accountSid) });
    await tf.init();
  });
  afterAll(async () => {
    tf.remove();
    await portal.close();
  });

  it("creates a key whose token is sensitive, and plans clean", async () => {
    const applied = await tf.apply();
    const state = await key();
    expect(await keysOf(accountSid)).toEqual([state.id]);
    expect(applied.output).not.toContain(state.token as string);
    expect((await tf.expect(["output", "-raw", "token"])).stdout).toBe(state.token);
    await tf.plan(0);
  });

  it("imports the key by <account_sid>/<api_key_sid> and plans clean", async () => {
    const id = (await key()).id as string;
    await tf.expect(["state", "rm", "voicegateway_account_api_key.ci"]);
    await tf.expect(["import", "-input=false", "voicegateway_account_api_key.ci", `${accountSid}/${id}`]);
    await tf.plan(0);
  });

  it("records first triggers in place (as after an import), and replaces the key when they change, deleting the old one", async () => {
    const before = await key();
    tf.write({ "main.tf": config(accountSid, '  triggers = { rotated = "2026-10" }\n') });
    const recorded = await tf.plan(2);
    expect(recorded.stdout).toContain("will be updated in-place");
    expect(recorded.stdout).not.toContain("# forces replacement");
    await tf.apply();
    expect((await key()).id).toBe(before.id);
    expect(await keysOf(accountSid)).toEqual([before.id]);

    tf.write({ "main.tf": config(accountSid, '  triggers = { rotated = "2026-11" }\n') });
    expect((await tf.plan(2)).stdout).toContain("# forces replacement");
    await tf.apply();
    const after = await key();
    expect(after.id).not.toBe(before.id);
    expect(await keysOf(accountSid)).toEqual([after.id]);
    await tf.plan(0);
  });

  it("moves the key to another account by replacing it", async () => {
    tf.write({ "main.tf": config(otherAccountSid, '  triggers = { rotated = "2026-11" }\n') });
    await tf.apply();
    expect(await keysOf(accountSid)).toEqual([]);
    expect(await keysOf(otherAccountSid)).toEqual([(await key()).id]);
  });

  it("shows a key deleted out of band and creates a new one", async () => {
    const before = await key();
    await portal.admin("DELETE", `/ApiKeys/${before.id as string}`);
    expect((await tf.plan(2)).stdout).toContain("will be created");
    await tf.apply();
    expect((await key()).id).not.toBe(before.id);
    await tf.plan(0);
  });

  it("destroys the key", async () => {
    await tf.destroy();
    expect(await keysOf(otherAccountSid)).toEqual([]);
  });
});
