import { type PortalFixture, startPortal, uniqueName } from "../../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../../support/terraform-cli";

describeWithTerraform("voicegateway_account_limits with real terraform", () => {
  let portal: PortalFixture;
  let tf: TerraformWorkdir;
  let accountSid: string;
  let otherAccountSid: string;
  const limitsOf = async (sid: string) =>
    ((await portal.admin("GET", `/Accounts/${sid}/Limits`)) as { category: string; quantity: number }[])
      .map((l) => `${l.category}=${l.quantity}`)
      .sort();
  const config = (account: string, body: string) =>
    `${PROVIDER_BLOCK}\nresource "voicegateway_account_limits" "acme" {\n  account_sid = "${account}"\n${body}\n}\n`;

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
    tf = new TerraformWorkdir({ VOICEGATEWAY_API_URL: portal.emulator.apiUrl, VOICEGATEWAY_API_KEY: portal.emulator.adminKey });
    tf.write({ "main.tf": config(accountSid, '  unit     = "sessions"\n  max      = 100\n  licensed = 50') });
    await tf.init();
  });
  afterAll(async () => {
    tf.remove();
    await portal.close();
  });

  it("creates the limits and plans clean", async () => {
    await tf.apply();
    expect(await limitsOf(accountSid)).toEqual(["voice_call_session=100", "voice_call_session_license=50"]);
    await tf.plan(0);
  });

  it("imports the limits by account SID and plans clean", async () => {
    await tf.expect(["state", "rm", "voicegateway_account_limits.acme"]);
    await tf.expect(["import", "-input=false", "voicegateway_account_limits.acme", accountSid]);
    await tf.plan(0);
  });

  it("switches unit in place, deleting the other unit's limits", async () => {
    tf.write({ "main.tf": config(accountSid, '  unit = "minutes"\n  max  = 0') });
    expect((await tf.plan(2)).stdout).toContain("will be updated in-place");
    await tf.apply();
    expect(await limitsOf(accountSid)).toEqual(["voice_call_minutes=0"]);
    await tf.plan(0);
  });

  it("shows an out-of-band change as drift and puts it back", async () => {
    await portal.admin("POST", `/Accounts/${accountSid}/Limits`, { category: "voice_call_minutes", quantity: 999 });
    expect((await tf.plan(2)).stdout).toMatch(/max\s+= 999 -> 0/);
    await tf.apply();
    expect(await limitsOf(accountSid)).toEqual(["voice_call_minutes=0"]);
  });

  it("replaces the limits when they move to another account", async () => {
    tf.write({ "main.tf": config(otherAccountSid, '  unit = "minutes"\n  max  = 0') });
    expect((await tf.plan(2)).stdout).toContain("# forces replacement");
    await tf.apply();
    expect(await limitsOf(accountSid)).toEqual([]);
    expect(await limitsOf(otherAccountSid)).toEqual(["voice_call_minutes=0"]);
  });

  it("recreates limits whose account was deleted out of band, once it exists again", async () => {
    await portal.admin("DELETE", `/Accounts/${otherAccountSid}`);
    // The account is gone, so the limits read as gone; re-creating them needs an account again.
    expect((await tf.plan(2)).stdout).toContain("will be created");
    tf.write({ "main.tf": config(accountSid, '  unit = "minutes"\n  max  = 0') });
    await tf.apply();
    await tf.plan(0);
  });

  it("destroys the limits, leaving the account's other limits alone", async () => {
    await portal.admin("POST", `/Accounts/${accountSid}/Limits`, { category: "api_rate", quantity: 9 });
    await tf.destroy();
    expect(await limitsOf(accountSid)).toEqual(["api_rate=9"]);
  });
});
