import { UNKNOWN } from "../../../provider/src/core/schema/unknown";
import { encodeDynamicValue } from "../../../provider/src/terraform/protocol/dynamic-value";
import { DiagnosticSeverity, type InvokeActionEvent } from "../../../provider/src/terraform/protocol/messages";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../../support/portal";
import { ProviderUnderTest } from "../../support/provider-engine";

// Terraform 1.14+ actions, driven over gRPC as terraform drives them: ValidateActionConfig at validate, PlanAction
// at plan, InvokeAction (a server stream of progress events ending with one completed event) at apply.
const TTS = "voicegateway_account_tts_cache_clear";
const BUCKET_TEST = "voicegateway_account_recording_test";
const AWS_SECRET = "actions/Secret/Access/Key/0123456789abcdef";

describe("actions (terraform 1.14+) over the plugin protocol", () => {
  let portal: PortalFixture;
  let provider: ProviderUnderTest;
  let accountSid: string;
  let bareAccountSid: string;

  const config = (type: string, value: Record<string, unknown>) => encodeDynamicValue(value, provider.actionConfigType(type));
  const invoke = (type: string, value: Record<string, unknown>) =>
    provider.rpc.invokeAction({ action_type: type, config: config(type, value) });
  const progress = (events: readonly InvokeActionEvent[]) => events.filter((e) => e.progress).map((e) => e.progress!.message);
  const completed = (events: readonly InvokeActionEvent[]) => {
    expect(events.at(-1)?.completed).toBeDefined();
    expect(events.filter((e) => e.completed)).toHaveLength(1);
    return events.at(-1)!.completed!.diagnostics ?? [];
  };

  beforeAll(async () => {
    portal = await startPortal();
    accountSid = (
      (await portal.admin("POST", "/Accounts", {
        name: uniqueName("actions"),
        service_provider_sid: portal.emulator.serviceProviderSid,
      })) as { sid: string }
    ).sid;
    bareAccountSid = (
      (await portal.admin("POST", "/Accounts", {
        name: uniqueName("actions-bare"),
        service_provider_sid: portal.emulator.serviceProviderSid,
      })) as { sid: string }
    ).sid;
    await portal.admin("PUT", `/Accounts/${accountSid}`, {
      bucket_credential: {
        vendor: "aws_s3",
        name: "actions-bucket",
        region: "us-east-1",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: AWS_SECRET,
      },
    });
    provider = await ProviderUnderTest.start(portalEnv(portal));
  });
  afterAll(async () => {
    portal?.emulator.failBucketTests(null);
    await provider?.stop();
    await portal?.close();
  });

  it("serves both action schemas, each configured by the account's SID, and names them in GetMetadata", async () => {
    expect(Object.keys(provider.schema.action_schemas ?? {})).toEqual([BUCKET_TEST, TTS]);
    for (const type of [BUCKET_TEST, TTS]) {
      expect(provider.schema.action_schemas![type]!.schema.block.attributes!.map((a) => [a.name, a.required])).toEqual([
        ["account_sid", true],
      ]);
    }
    expect(provider.schema.action_schemas![BUCKET_TEST]!.schema.block.description).toContain(
      "writes a sample object named `jambonz-sample.text` into the bucket",
    );
    expect((await provider.rpc.getMetadata()).actions).toEqual([{ type_name: BUCKET_TEST }, { type_name: TTS }]);
    // The resources that do the same for OpenTofu and older terraform stay.
    expect(Object.keys(provider.schema.resource_schemas ?? {})).toContain(TTS);
  });

  it("validates and plans a configuration, leaving unknown values to the run", async () => {
    for (const type of [TTS, BUCKET_TEST]) {
      expect(
        (await provider.rpc.validateActionConfig({ action_type: type, config: config(type, { account_sid: accountSid }) })).diagnostics,
      ).toEqual([]);
      expect((await provider.rpc.planAction({ action_type: type, config: config(type, { account_sid: UNKNOWN }) })).diagnostics).toEqual(
        [],
      );
      const bad = await provider.rpc.planAction({ action_type: type, config: config(type, { account_sid: "not-a-sid" }) });
      expect(bad.diagnostics).toEqual([
        expect.objectContaining({
          severity: DiagnosticSeverity.ERROR,
          summary: "Invalid account_sid",
          attribute: { steps: [{ attribute_name: "account_sid" }] },
        }),
      ]);
      const invalid = await provider.rpc.validateActionConfig({ action_type: type, config: config(type, { account_sid: "not-a-sid" }) });
      expect(invalid.diagnostics?.map((d) => d.summary)).toEqual(["Invalid account_sid"]);
    }
  });

  it("clears an account's TTS cache, reporting how many prompts it held, and ends with one completed event", async () => {
    await portal.emulator.seedTtsCache(accountSid, 3);
    const events = await invoke(TTS, { account_sid: accountSid });
    expect(progress(events)).toEqual([
      `Clearing the TTS cache of account ${accountSid}: 3 prompts cached.`,
      `Cleared 3 prompts from the TTS cache of account ${accountSid}.`,
    ]);
    expect(completed(events)).toEqual([]);
    expect(await portal.admin("GET", `/Accounts/${accountSid}/TtsCache`)).toEqual({ size: 0 });
  });

  it("reports a portal failure in the completed event, after the progress made so far", async () => {
    // A 500 is not retried: the portal may have acted.
    portal.emulator.faults.inject({
      kind: "status",
      status: 500,
      match: { method: "DELETE", path: `/v1/Accounts/${accountSid}/TtsCache` },
    });
    await portal.emulator.seedTtsCache(accountSid, 1);
    const events = await invoke(TTS, { account_sid: accountSid });
    expect(progress(events)).toEqual([`Clearing the TTS cache of account ${accountSid}: 1 prompt cached.`]);
    expect(completed(events)).toEqual([
      expect.objectContaining({
        severity: DiagnosticSeverity.ERROR,
        summary: "Portal Error",
        detail: expect.stringContaining("Could not run account tts cache clear"),
      }),
    ]);
    expect(await portal.admin("GET", `/Accounts/${accountSid}/TtsCache`)).toEqual({ size: 1 });
  });

  it("tests the stored bucket credential through the portal, which writes its sample object into the bucket", async () => {
    portal.emulator.requests.clear();
    const events = await invoke(BUCKET_TEST, { account_sid: accountSid });
    expect(completed(events)).toEqual([]);
    expect(progress(events)).toEqual([
      `Testing the recording bucket credential of account ${accountSid}: the portal writes jambonz-sample.text into S3 bucket actions-bucket.`,
      "The portal wrote jambonz-sample.text into S3 bucket actions-bucket: the credential works.",
    ]);
    expect(await portal.emulator.bucketObjects()).toEqual([
      expect.objectContaining({ vendor: "aws_s3", bucket: "actions-bucket", key: "jambonz-sample.text" }),
    ]);
    expect(portal.emulator.requests.count({ method: "POST", path: `/v1/Accounts/${accountSid}/BucketCredentialTest` })).toBe(1);
    // Only the masked secret went out, so the portal tested its own copy; the secret never passed through.
    expect(provider.engine.stderr()).not.toContain(AWS_SECRET);
  });

  it("fails with the portal's reason, redacted, when the credential does not work", async () => {
    portal.emulator.failBucketTests("Access Denied (AccountKey=c2VjcmV0LWtleS1tYXRlcmlhbA==; request a1b2)");
    try {
      const events = await invoke(BUCKET_TEST, { account_sid: accountSid });
      const [diagnostic] = completed(events);
      expect(diagnostic).toMatchObject({ severity: DiagnosticSeverity.ERROR, summary: "Recording Bucket Test Failed" });
      expect(diagnostic!.detail).toContain("Access Denied (AccountKey=(redacted); request a1b2)");
      expect(diagnostic!.detail).toContain(accountSid);
      expect(JSON.stringify(events)).not.toContain("c2VjcmV0LWtleS1tYXRlcmlhbA");
      expect(provider.engine.stderr()).not.toContain("c2VjcmV0LWtleS1tYXRlcmlhbA");
    } finally {
      portal.emulator.failBucketTests(null);
    }
  });

  it("fails without calling the portal's test for an account without a bucket or one that does not exist", async () => {
    portal.emulator.requests.clear();
    const bare = completed(await invoke(BUCKET_TEST, { account_sid: bareAccountSid }));
    expect(bare).toEqual([
      expect.objectContaining({ severity: DiagnosticSeverity.ERROR, detail: expect.stringContaining("has no recording bucket to test") }),
    ]);
    const missing = completed(await invoke(BUCKET_TEST, { account_sid: "5d1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c" }));
    expect(missing).toEqual([
      expect.objectContaining({ severity: DiagnosticSeverity.ERROR, detail: expect.stringContaining("does not exist") }),
    ]);
    expect(portal.emulator.requests.count({ method: "POST" })).toBe(0);
  });

  it("says the provider is not configured, in its own words, when invoked in a process terraform did not configure", async () => {
    const unconfigured = await ProviderUnderTest.start(portalEnv(portal), { configure: false });
    try {
      const events = await unconfigured.rpc.invokeAction({ action_type: TTS, config: config(TTS, { account_sid: accountSid }) });
      expect(completed(events)).toEqual([
        expect.objectContaining({ severity: DiagnosticSeverity.ERROR, summary: "Provider Not Configured" }),
      ]);
      const listed = await unconfigured.rpc.listResource({
        type_name: "voicegateway_account",
        config: encodeDynamicValue(null, unconfigured.listConfigType("voicegateway_account")),
        limit: 10,
      });
      expect(listed.map((e) => e.diagnostic?.map((d) => d.summary))).toEqual([["Provider Not Configured"]]);
    } finally {
      await unconfigured.stop();
    }
  });

  it("refuses to run an invalid configuration, and answers an unknown action type with an error", async () => {
    const invalid = await invoke(TTS, { account_sid: "not-a-sid" });
    expect(progress(invalid)).toEqual([]);
    expect(completed(invalid).map((d) => d.summary)).toEqual(["Invalid account_sid"]);
    const unknown = await provider.rpc.invokeAction({
      action_type: "voicegateway_nothing",
      config: config(TTS, { account_sid: accountSid }),
    });
    expect(completed(unknown)).toEqual([
      expect.objectContaining({ severity: DiagnosticSeverity.ERROR, detail: expect.stringContaining('no action "voicegateway_nothing"') }),
    ]);
  });
});
