import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../../support/terraform-cli";

describeWithTerraform("TTS cache clearing and data sources with real terraform", () => {
  let portal: PortalFixture;
  let tf: TerraformWorkdir;
  let accountSid: string;
  const name = uniqueName("ds");
  const config = (voice: string) => `${PROVIDER_BLOCK}
data "voicegateway_account" "by_name" {
  name = "${name}"
}
data "voicegateway_account_tts_cache" "cache" {
  account_sid = data.voicegateway_account.by_name.id
}
resource "voicegateway_account_tts_cache_clear" "on_voice_change" {
  account_sid = data.voicegateway_account.by_name.id
  triggers    = { voice = "${voice}" }
}
output "realm" {
  value = data.voicegateway_account.by_name.sip_realm
}
output "cached_before_clear" {
  value = data.voicegateway_account_tts_cache.cache.cached_prompts
}
`;

  beforeAll(async () => {
    portal = await startPortal();
    accountSid = (
      (await portal.admin("POST", "/Accounts", {
        name,
        service_provider_sid: portal.emulator.serviceProviderSid,
        sip_realm: `${name}.example.com`,
      })) as { sid: string }
    ).sid;
    tf = new TerraformWorkdir(portalEnv(portal));
    tf.write({ "main.tf": config("en-US-Neural-A") });
    await tf.init();
  });
  afterAll(async () => {
    tf.remove();
    await portal.close();
  });

  const cached = async () => ((await portal.admin("GET", `/Accounts/${accountSid}/TtsCache`)) as { size: number }).size;

  it("reads the account by name and clears its TTS cache on create", async () => {
    await portal.emulator.seedTtsCache(accountSid, 3);
    await tf.apply();
    expect((await tf.expect(["output", "-raw", "realm"])).stdout).toBe(`${name}.example.com`);
    expect((await tf.expect(["output", "-raw", "cached_before_clear"])).stdout).toBe("3");
    expect(await cached()).toBe(0);
    expect(await tf.resource("voicegateway_account_tts_cache_clear.on_voice_change")).toMatchObject({ cleared_prompts: 3, id: accountSid });
  });

  it("does nothing while the triggers stay the same, and clears again when they change", async () => {
    await portal.emulator.seedTtsCache(accountSid, 2);
    // Only the data source's count output changes; no resource action is planned.
    const unchanged = await tf.plan(2);
    expect(unchanged.stdout).not.toMatch(/will be (created|updated|destroyed|replaced)/);
    expect(unchanged.stdout).toContain("cached_before_clear = 3 -> 2");
    expect(await cached()).toBe(2);
    tf.write({ "main.tf": config("en-US-Neural-B") });
    expect((await tf.plan(2)).stdout).toContain("# forces replacement");
    await tf.apply();
    expect(await cached()).toBe(0);
  });

  it("fails to import a cache clear, which is an action rather than an object", async () => {
    const result = await tf.expect(["import", "-input=false", "voicegateway_account_tts_cache_clear.on_voice_change", accountSid], 1);
    expect(result.stderr).toMatch(/Resource Already Managed|Resource Cannot Be Imported/);
  });

  it("fails a data source lookup with a clear message", async () => {
    tf.write({ "main.tf": `${PROVIDER_BLOCK}\ndata "voicegateway_account" "missing" {\n  name = "no-such-account"\n}\n` });
    const result = await tf.expect(["plan", "-input=false"], 1);
    expect(result.stderr.replace(/\s+/g, " ")).toContain('No account named "no-such-account"');
  });
});

describeWithTerraform("the account data source on a fully populated account", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal.close());

  it("issue 12: reads an account with both hooks (with passwords) and recording, by name and by id", async () => {
    const name = uniqueName("ds-full");
    const sp = portal.emulator.serviceProviderSid;
    const accountSid = (
      (await portal.admin("POST", "/Accounts", {
        name,
        service_provider_sid: sp,
        sip_realm: `${name}.example.com`,
        registration_hook: { url: "https://hooks.example.com/reg", method: "get", username: "u", password: "reg-password-1" },
        queue_event_hook: { url: "https://hooks.example.com/queue", method: "POST", username: "q", password: "queue-password-2" },
      })) as { sid: string }
    ).sid;
    await portal.admin("PUT", `/Accounts/${accountSid}`, {
      record_all_calls: true,
      record_format: "wav",
      bucket_credential: {
        vendor: "aws_s3",
        name: "rec-bucket",
        region: "eu-west-1",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      },
    });
    const tf = new TerraformWorkdir(portalEnv(portal)).write({
      "main.tf": `${PROVIDER_BLOCK}
data "voicegateway_account" "by_name" {
  name = "${name}"
}
data "voicegateway_account" "by_id" {
  id = "${accountSid}"
}
output "hooks" {
  value = [data.voicegateway_account.by_name.registration_hook.url, data.voicegateway_account.by_id.queue_event_hook.method]
}
output "recording" {
  value = [data.voicegateway_account.by_id.record_all_calls, data.voicegateway_account.by_id.record_format]
}
`,
    });
    try {
      await tf.init();
      await tf.apply();
      expect(JSON.parse((await tf.expect(["output", "-json", "hooks"])).stdout)).toEqual(["https://hooks.example.com/reg", "POST"]);
      expect(JSON.parse((await tf.expect(["output", "-json", "recording"])).stdout)).toEqual([true, "wav"]);
      await tf.plan(0);
    } finally {
      tf.remove();
    }
  });
});
