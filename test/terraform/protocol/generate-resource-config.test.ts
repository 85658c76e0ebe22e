import { resources } from "../../../provider/src/core/resources/catalog";
import { maskSecret } from "../../../provider/src/core/secrets/portal-mask";
import { encodeDynamicValue } from "../../../provider/src/terraform/protocol/dynamic-value";
import { DiagnosticSeverity, type DynamicValue } from "../../../provider/src/terraform/protocol/messages";
import { resourceSchema } from "../../../provider/src/terraform/schema";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../../support/portal";
import { ProviderUnderTest } from "../../support/provider-engine";
import { proposedNewState } from "../../support/terraform-rules";

// GenerateResourceConfig (terraform 1.14+), which `plan -generate-config-out` and `query -generate-config-out` call
// when the provider advertises it. What it returns is what terraform writes as HCL (sensitive attributes always as
// null), so each test feeds it back as terraform would on the next plan and expects no change.
const ACCOUNT = "voicegateway_account";
const KEY = "voicegateway_account_api_key";
const RECORDING = "voicegateway_account_recording";
const LIMITS = "voicegateway_account_limits";
const HOOK_PASSWORD = "generated-config-hook-pass";
const GOOGLE_KEY = JSON.stringify({
  type: "service_account",
  project_id: "voice",
  client_email: "rec@voice.iam.gserviceaccount.com",
  private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkGENCONF\n-----END PRIVATE KEY-----\n",
});
const attributesOf = (type: string) => resourceSchema(resources.find((r) => `voicegateway_${r.name}` === type)!).block.attributes!;

type Obj = Record<string, unknown>;

describe("GenerateResourceConfig (terraform 1.14+) over the plugin protocol", () => {
  let portal: PortalFixture;
  let provider: ProviderUnderTest;
  let validator: ProviderUnderTest;
  let accountSid: string;
  let keySid: string;
  let webhookSecret: string;

  beforeAll(async () => {
    portal = await startPortal();
    accountSid = (
      (await portal.admin("POST", "/Accounts", {
        name: uniqueName("generated"),
        service_provider_sid: portal.emulator.serviceProviderSid,
        sip_realm: "generated.sip.example.com",
        registration_hook: { url: "https://hooks.example.com/reg", method: "get", username: "u", password: HOOK_PASSWORD },
      })) as { sid: string }
    ).sid;
    await portal.admin("PUT", `/Accounts/${accountSid}`, {
      record_all_calls: true,
      bucket_credential: { vendor: "google", name: "voice-recordings", service_key: GOOGLE_KEY, tags: [{ Key: "env", Value: "prod" }] },
    });
    await portal.admin("POST", `/Accounts/${accountSid}/Limits`, { category: "voice_call_minutes", quantity: 1000 });
    keySid = ((await portal.admin("POST", "/ApiKeys", { account_sid: accountSid })) as { sid: string }).sid;
    webhookSecret = ((await portal.admin("GET", `/Accounts/${accountSid}`)) as { webhook_secret: string }).webhook_secret;
    provider = await ProviderUnderTest.start(portalEnv(portal));
    validator = await ProviderUnderTest.start(portalEnv(portal), { configure: false });
  });
  afterAll(async () => {
    await provider?.stop();
    await validator?.stop();
    await portal?.close();
  });

  /** What terraform holds after `import` then refresh: ImportResourceState, then ReadResource of its answer. */
  async function importedAndRead(type: string, id: string): Promise<{ state: DynamicValue; private: Buffer }> {
    const imported = await provider.rpc.importResourceState({ type_name: type, id });
    expect(imported.diagnostics).toEqual([]);
    const read = await provider.rpc.readResource({
      type_name: type,
      current_state: imported.imported_resources![0]!.state,
      current_identity: imported.imported_resources![0]!.identity,
    });
    expect(read.diagnostics).toEqual([]);
    return { state: read.new_state!, private: (read.private ?? Buffer.alloc(0)) as Buffer };
  }

  async function generated(type: string, state: DynamicValue): Promise<Obj> {
    const response = await provider.rpc.generateResourceConfig({ type_name: type, state });
    expect(response.diagnostics).toEqual([]);
    return provider.decodeState(type, response.config)!;
  }

  /** terraform validate, then the plan terraform makes with the generated configuration: valid, and no change. */
  async function expectPlansClean(type: string, prior: { state: DynamicValue; private: Buffer }, config: Obj): Promise<void> {
    const validated = await validator.rpc.validateResourceConfig({
      type_name: type,
      config: provider.state(type, config),
      client_capabilities: { deferral_allowed: false, write_only_attributes_allowed: true },
    });
    expect(validated.diagnostics).toEqual([]);
    const priorValue = provider.decodeState(type, prior.state)!;
    const plan = await provider.rpc.planResourceChange({
      type_name: type,
      prior_state: prior.state,
      proposed_new_state: provider.state(type, proposedNewState(attributesOf(type), priorValue, config)),
      config: provider.state(type, config),
      prior_private: prior.private,
    });
    expect(plan.diagnostics).toEqual([]);
    expect(plan.requires_replace).toEqual([]);
    expect(provider.decodeState(type, plan.planned_state)).toEqual(priorValue);
  }

  const text = (value: unknown) => JSON.stringify(value);

  it("is advertised through the generate_resource_config capability", () => {
    expect(provider.schema.server_capabilities).toMatchObject({ generate_resource_config: true, get_provider_schema_optional: true });
  });

  it("generates an account's configuration without the hook password or the webhook secret, and it plans clean", async () => {
    const prior = await importedAndRead(ACCOUNT, accountSid);
    const config = await generated(ACCOUNT, prior.state);
    expect(config).toMatchObject({
      name: expect.stringMatching(/^generated-/),
      sip_realm: "generated.sip.example.com",
      service_provider_sid: portal.emulator.serviceProviderSid,
      registration_hook: {
        url: "https://hooks.example.com/reg",
        method: "GET",
        username: "u",
        password: null,
        password_wo: null,
        password_wo_version: null,
      },
      // Computed only: the portal decides them.
      id: null,
      webhook_secret: null,
      // The default (false) plans the same, so it is left out.
      enable_debug_log: null,
    });
    expect(text(config)).not.toContain(HOOK_PASSWORD);
    expect(text(config)).not.toContain(webhookSecret);
    await expectPlansClean(ACCOUNT, prior, config);
  });

  it("generates a recording's configuration without the stored key or its mask, and it plans clean", async () => {
    const prior = await importedAndRead(RECORDING, accountSid);
    const state = provider.decodeState(RECORDING, prior.state)!;
    const mask = (state.google_cloud_storage as Obj).service_key as string;
    expect(mask).toContain("XXXX");
    const config = await generated(RECORDING, prior.state);
    expect(config).toMatchObject({
      account_sid: accountSid,
      record_all_calls: true,
      google_cloud_storage: {
        bucket: "voice-recordings",
        service_key: null,
        service_key_wo: null,
        service_key_wo_version: null,
        tags: { env: "prod" },
      },
      aws_s3: null,
      id: null,
    });
    expect(text(config)).not.toContain("MIIEvgIBAD");
    expect(text(config)).not.toContain(mask.slice(-20));
    expect(text(config)).not.toContain(maskSecret("MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkGENCONF"));
    await expectPlansClean(RECORDING, prior, config);
  });

  it("generates limits and API key configurations without computed values or the token, and they plan clean", async () => {
    const limits = await importedAndRead(LIMITS, accountSid);
    const limitsConfig = await generated(LIMITS, limits.state);
    expect(limitsConfig).toEqual({ account_sid: accountSid, unit: "minutes", max: 1000, licensed: null, id: null, other_limits: null });
    await expectPlansClean(LIMITS, limits, limitsConfig);

    const key = await importedAndRead(KEY, `${accountSid}/${keySid}`);
    const token = provider.decodeState(KEY, key.state)!.token as string;
    const keyConfig = await generated(KEY, key.state);
    expect(keyConfig).toEqual({ account_sid: accountSid, triggers: null, id: null, token: null });
    expect(text(keyConfig)).not.toContain(token);
    await expectPlansClean(KEY, key, keyConfig);
  });

  it("generates from a list result's resource object (terraform query) a configuration that plans clean once imported by identity", async () => {
    const listConfig = encodeDynamicValue(
      { name_prefix: null, name_pattern: null, service_provider_sid: null },
      provider.listConfigType(ACCOUNT),
    );
    const events = await provider.rpc.listResource({ type_name: ACCOUNT, config: listConfig, include_resource_object: true, limit: 100 });
    const event = events.find((e) => provider.decodeIdentity(ACCOUNT, e.identity)?.account_sid === accountSid)!;
    const config = await generated(ACCOUNT, event.resource_object!);
    expect(text(config)).not.toContain(HOOK_PASSWORD);
    // The next plan imports by the identity terraform wrote into the import block, then refreshes.
    const imported = await provider.rpc.importResourceState({ type_name: ACCOUNT, identity: event.identity });
    const read = await provider.rpc.readResource({
      type_name: ACCOUNT,
      current_state: imported.imported_resources![0]!.state,
      current_identity: imported.imported_resources![0]!.identity,
    });
    await expectPlansClean(ACCOUNT, { state: read.new_state!, private: (read.private ?? Buffer.alloc(0)) as Buffer }, config);
  });

  it("answers a request without a state (a list result without its object, or terraform 1.14.0) with a null configuration and a warning", async () => {
    for (const state of [undefined, provider.state(ACCOUNT, null)]) {
      const response = await provider.rpc.generateResourceConfig({ type_name: ACCOUNT, ...(state ? { state } : {}) });
      expect(provider.decodeState(ACCOUNT, response.config)).toBeNull();
      expect(response.diagnostics).toEqual([
        expect.objectContaining({ severity: DiagnosticSeverity.WARNING, summary: "No State to Generate Configuration From" }),
      ]);
    }
  });

  it("leaves values set in the portal that differ from a default, and the config still plans clean (the checker fails a config that does not)", async () => {
    await portal.admin("PUT", `/Accounts/${accountSid}`, { enable_debug_log: true });
    // A new command is a new provider process, with a fresh account list (each process lists once).
    await provider.stop();
    provider = await ProviderUnderTest.start(portalEnv(portal));
    const prior = await importedAndRead(ACCOUNT, accountSid);
    const config = await generated(ACCOUNT, prior.state);
    expect(config.enable_debug_log).toBe(true);
    await expectPlansClean(ACCOUNT, prior, config);
    // Guard on the guard: a configuration that differs from the state does not plan clean.
    const plan = await provider.rpc.planResourceChange({
      type_name: ACCOUNT,
      prior_state: prior.state,
      proposed_new_state: provider.state(
        ACCOUNT,
        proposedNewState(attributesOf(ACCOUNT), provider.decodeState(ACCOUNT, prior.state), { ...config, enable_debug_log: null }),
      ),
      config: provider.state(ACCOUNT, { ...config, enable_debug_log: null }),
      prior_private: prior.private,
    });
    expect(provider.decodeState(ACCOUNT, plan.planned_state)).not.toEqual(provider.decodeState(ACCOUNT, prior.state));
  });
});
