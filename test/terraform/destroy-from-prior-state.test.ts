import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";

/**
 * Issue 13: deletes and updates are driven by the prior state instead of a read before each write. These are the
 * guarantees that read used to give, checked where the prior state is out of date: `-refresh=false` applies against
 * a state older than the portal.
 */

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const stack = (name: string, extra = "") => `${PROVIDER_BLOCK}
resource "voicegateway_account" "acme" {
  name = "${name}"
${extra}}
resource "voicegateway_account_api_key" "ci" {
  account_sid = voicegateway_account.acme.id
}
resource "voicegateway_account_recording" "acme" {
  account_sid = voicegateway_account.acme.id
  aws_s3      = { bucket = "rec-bucket", region = "eu-west-1", access_key_id = "AKIAIOSFODNN7EXAMPLE", secret_access_key = "${SECRET}" }
}
resource "voicegateway_account_limits" "acme" {
  account_sid = voicegateway_account.acme.id
  max         = 9
  licensed    = 4
}
`;

describeWithTerraform("writes driven by the prior state", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal.close());

  const accountIds = async () =>
    ((await portal.admin("GET", `/ServiceProviders/${portal.emulator.serviceProviderSid}/Accounts`)) as { account_sid: string }[]).map(
      (a) => a.account_sid,
    );

  it("issue 13: a destroy after the account was deleted out of band still succeeds, without a refresh", async () => {
    const tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": stack(uniqueName("gone")) });
    await tf.init();
    await tf.apply();
    const accountSid = (await tf.resource("voicegateway_account.acme")).id as string;
    await portal.admin("DELETE", `/Accounts/${accountSid}`);
    // Every delete runs against an object that is already gone: key 404, recording and account "not found", limits 204.
    await tf.expect(["destroy", "-auto-approve", "-input=false", "-refresh=false"]);
    expect(await accountIds()).not.toContain(accountSid);
    tf.remove();
  });

  it("issue 13: an account deleted out of band is recreated, with its key, recording and limits, by the next apply", async () => {
    const tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": stack(uniqueName("recreated")) });
    await tf.init();
    await tf.apply();
    const accountSid = (await tf.resource("voicegateway_account.acme")).id as string;
    await portal.admin("DELETE", `/Accounts/${accountSid}`);
    // The refresh's one account list finds the account gone; its key, recording and limits go with it.
    const planned = await tf.plan(2);
    expect(planned.stdout).toContain("Plan: 4 to add, 0 to change, 0 to destroy.");
    await tf.apply();
    const recreated = (await tf.resource("voicegateway_account.acme")).id as string;
    expect(recreated).not.toBe(accountSid);
    expect(await accountIds()).toContain(recreated);
    expect((await portal.admin("GET", `/Accounts/${recreated}/ApiKeys`)) as unknown[]).toHaveLength(1);
    expect(
      ((await portal.admin("GET", `/Accounts/${recreated}/Limits`)) as { category: string; quantity: number }[])
        .map((l) => [l.category, l.quantity])
        .sort(),
    ).toEqual([
      ["voice_call_session", 9],
      ["voice_call_session_license", 4],
    ]);
    expect(await tf.resource("voicegateway_account_recording.acme")).toMatchObject({ account_sid: recreated });
    await tf.plan(0);
    await tf.destroy();
    tf.remove();
  });

  it("issue 13: an account whose application references were set after the refresh is still deleted", async () => {
    const tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": stack(uniqueName("apps")) });
    await tf.init();
    await tf.apply();
    const accountSid = (await tf.resource("voicegateway_account.acme")).id as string;
    const app = (
      (await portal.admin("POST", "/Applications", {
        name: uniqueName("app"),
        account_sid: accountSid,
        call_hook: { url: "https://example.com/call" },
        call_status_hook: { url: "https://example.com/status" },
      })) as { sid: string }
    ).sid;
    await portal.admin("PUT", `/Accounts/${accountSid}`, { device_calling_application_sid: app });
    // The state knows nothing of the reference: the delete fails on it, clears it and deletes.
    await tf.expect(["destroy", "-auto-approve", "-input=false", "-refresh=false"]);
    expect(await accountIds()).not.toContain(accountSid);
    tf.remove();
  });

  it("issue 13: limits changed out of band are put back from the refreshed state, stale categories removed", async () => {
    const tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": stack(uniqueName("limits")) });
    await tf.init();
    await tf.apply();
    const accountSid = (await tf.resource("voicegateway_account.acme")).id as string;
    await portal.admin("POST", `/Accounts/${accountSid}/Limits`, { category: "voice_call_session", quantity: 99 });
    expect((await tf.plan(2)).stdout).toMatch(/max\s+= 99 -> 9/);
    tf.write({
      "main.tf": stack((await tf.resource("voicegateway_account.acme")).name as string).replace(
        "max         = 9\n  licensed    = 4",
        'unit        = "minutes"\n  max         = 9',
      ),
    });
    await tf.apply();
    const limits = (await portal.admin("GET", `/Accounts/${accountSid}/Limits`)) as { category: string; quantity: number }[];
    expect(limits.map((l) => [l.category, l.quantity])).toEqual([["voice_call_minutes", 9]]);
    await tf.plan(0);
    await tf.destroy();
    tf.remove();
  });

  it("issue 13: destroying limits keeps limits of categories it does not manage, which the refresh reports", async () => {
    const tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": stack(uniqueName("other")) });
    await tf.init();
    await tf.apply();
    const accountSid = (await tf.resource("voicegateway_account.acme")).id as string;
    await portal.admin("POST", `/Accounts/${accountSid}/Limits`, { category: "api_rate", quantity: 30 });
    await tf.apply("-refresh-only");
    expect(await tf.resource("voicegateway_account_limits.acme")).toMatchObject({ other_limits: { api_rate: 30 } });
    tf.write({ "main.tf": tf.read("main.tf").replace(/resource "voicegateway_account_limits"[\s\S]*$/, "") });
    await tf.apply();
    expect(await portal.admin("GET", `/Accounts/${accountSid}/Limits`)).toEqual([
      expect.objectContaining({ category: "api_rate", quantity: 30 }),
    ]);
    await tf.destroy();
    tf.remove();
  });
});
