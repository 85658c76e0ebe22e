import * as grpc from "@grpc/grpc-js";

import { resources } from "../../../provider/src/core/resources/catalog";
import { isUnknown } from "../../../provider/src/core/schema/unknown";
import { maskSecret } from "../../../provider/src/core/secrets/portal-mask";
import { DiagnosticSeverity } from "../../../provider/src/terraform/protocol/messages";
import { resourceSchema } from "../../../provider/src/terraform/schema";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../../support/portal";
import { ProviderUnderTest } from "../../support/provider-engine";
import { proposedNewState } from "../../support/terraform-rules";

// Terraform 1.12+ resource identity, driven over gRPC as terraform drives it (no terraform 1.12+ can be installed
// here). Requests are built from the tfplugin6 field numbers of protocol 6.9/6.10; the engine's encoding of them is
// checked against hand-assembled bytes in tfplugin6-fields.test.ts.
const ACCOUNT = "voicegateway_account";
const KEY = "voicegateway_account_api_key";
const RECORDING = "voicegateway_account_recording";
const LIMITS = "voicegateway_account_limits";
const AWS_SECRET = "identity/Secret/Access/Key/0123456789abcd";
const attributesOf = (type: string) => resourceSchema(resources.find((r) => `voicegateway_${r.name}` === type)!).block.attributes!;

describe("resource identity (terraform 1.12+) over the plugin protocol", () => {
  let portal: PortalFixture;
  let provider: ProviderUnderTest;
  let accountSid: string;
  let keySid: string;

  beforeAll(async () => {
    portal = await startPortal();
    accountSid = (
      (await portal.admin("POST", "/Accounts", {
        name: uniqueName("identity"),
        service_provider_sid: portal.emulator.serviceProviderSid,
        registration_hook: { url: "https://hooks.example.com/reg", method: "POST", username: "u", password: "identity-hook-pass" },
      })) as { sid: string }
    ).sid;
    await portal.admin("PUT", `/Accounts/${accountSid}`, {
      record_all_calls: true,
      bucket_credential: {
        vendor: "aws_s3",
        name: "identity-bucket",
        region: "us-east-1",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: AWS_SECRET,
      },
    });
    await portal.admin("POST", `/Accounts/${accountSid}/Limits`, { category: "voice_call_session", quantity: 20 });
    keySid = ((await portal.admin("POST", "/ApiKeys", { account_sid: accountSid })) as { sid: string }).sid;
    provider = await ProviderUnderTest.start(portalEnv(portal));
  });
  afterAll(async () => {
    await provider?.stop();
    await portal?.close();
  });

  it("serves identity schemas for the four importable resources, every attribute a string required for import", async () => {
    const { identity_schemas: schemas, diagnostics } = await provider.rpc.getResourceIdentitySchemas();
    expect(diagnostics).toEqual([]);
    expect(Object.keys(schemas ?? {}).sort()).toEqual([ACCOUNT, KEY, LIMITS, RECORDING]);
    for (const schema of Object.values(schemas!)) {
      expect(schema.version).toBe(0);
      for (const attribute of schema.identity_attributes!) {
        expect(Buffer.from(attribute.type).toString()).toBe('"string"');
        expect(attribute).toMatchObject({ required_for_import: true, optional_for_import: false });
        expect(attribute.description).not.toBe("");
      }
    }
    expect(schemas![KEY]!.identity_attributes!.map((a) => a.name)).toEqual(["account_sid", "api_key_sid"]);
    for (const type of [ACCOUNT, RECORDING, LIMITS])
      expect(schemas![type]!.identity_attributes!.map((a) => a.name)).toEqual(["account_sid"]);
  });

  it.each([
    [ACCOUNT, () => ({ account_sid: accountSid }), () => accountSid],
    [RECORDING, () => ({ account_sid: accountSid }), () => accountSid],
    [LIMITS, () => ({ account_sid: accountSid }), () => accountSid],
    [KEY, () => ({ account_sid: accountSid, api_key_sid: keySid }), () => `${accountSid}/${keySid}`],
  ])("imports %s by identity alone, as an import by ID does, and returns that identity", async (type, identity, id) => {
    const byIdentity = await provider.rpc.importResourceState({ type_name: type, identity: provider.identity(type, identity()) });
    expect(byIdentity.diagnostics).toEqual([]);
    expect(byIdentity.imported_resources).toHaveLength(1);
    const imported = byIdentity.imported_resources![0]!;
    expect(imported.type_name).toBe(type);
    expect(provider.decodeIdentity(type, imported.identity)).toEqual(identity());

    const byId = await provider.rpc.importResourceState({ type_name: type, id: id() });
    expect(provider.decodeState(type, imported.state)).toEqual(provider.decodeState(type, byId.imported_resources![0]!.state));
    expect(provider.decodeIdentity(type, byId.imported_resources![0]!.identity)).toEqual(identity());
  });

  it("keeps secrets out of what an import by identity returns", async () => {
    const account = await provider.rpc.importResourceState({
      type_name: ACCOUNT,
      identity: provider.identity(ACCOUNT, { account_sid: accountSid }),
    });
    const recording = await provider.rpc.importResourceState({
      type_name: RECORDING,
      identity: provider.identity(RECORDING, { account_sid: accountSid }),
    });
    const state = provider.decodeState(ACCOUNT, account.imported_resources![0]!.state)!;
    expect((state.registration_hook as Record<string, unknown>).password).toBeNull();
    const aws = provider.decodeState(RECORDING, recording.imported_resources![0]!.state)!.aws_s3 as Record<string, unknown>;
    expect(aws.secret_access_key).toBe(maskSecret(AWS_SECRET));
    expect(aws.secret_access_key).not.toBe(AWS_SECRET);
    expect(provider.engine.stderr()).not.toContain("identity-hook-pass");
  });

  it("refuses an incomplete identity, and names the identity of an object the portal does not have", async () => {
    const partial = await provider.rpc.importResourceState({
      type_name: KEY,
      identity: provider.identity(KEY, { account_sid: accountSid, api_key_sid: null }),
    });
    expect(partial.imported_resources).toEqual([]);
    expect(partial.diagnostics).toEqual([
      expect.objectContaining({
        severity: DiagnosticSeverity.ERROR,
        summary: "Invalid Import Identity",
        detail: expect.stringContaining('"api_key_sid"'),
      }),
    ]);
    const missing = "5d1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c";
    const gone = await provider.rpc.importResourceState({
      type_name: ACCOUNT,
      identity: provider.identity(ACCOUNT, { account_sid: missing }),
    });
    expect(gone.diagnostics).toEqual([
      expect.objectContaining({
        summary: "Cannot Import Non-Existent Remote Object",
        detail: expect.stringContaining(`identity { account_sid = "${missing}" }`),
      }),
    ]);
    const action = await provider.rpc.importResourceState({
      type_name: "voicegateway_account_tts_cache_clear",
      identity: { identity_data: { msgpack: Buffer.from([0x80]) } },
    });
    expect(action.diagnostics?.[0]?.summary).toBe("Resource Cannot Be Imported");
  });

  it("returns the same identity on every read, plan and apply of an object, from create to update", async () => {
    const attributes = attributesOf(ACCOUNT);
    const config = { name: uniqueName("identity-life"), enable_debug_log: null, id: null };
    const full = Object.fromEntries(Object.keys(attributes).map((name) => [name, null]));
    const createConfig = { ...full, ...config };
    const create = await provider.rpc.planResourceChange({
      type_name: ACCOUNT,
      prior_state: provider.state(ACCOUNT, null),
      proposed_new_state: provider.state(ACCOUNT, proposedNewState(attributes, null, createConfig)),
      config: provider.state(ACCOUNT, createConfig),
    });
    expect(create.diagnostics).toEqual([]);
    // A create's identity is known only after apply.
    expect(isUnknown(provider.decodeIdentity(ACCOUNT, create.planned_identity)?.account_sid)).toBe(true);

    const applied = await provider.rpc.applyResourceChange({
      type_name: ACCOUNT,
      prior_state: provider.state(ACCOUNT, null),
      planned_state: create.planned_state,
      config: provider.state(ACCOUNT, createConfig),
      planned_identity: create.planned_identity,
    });
    expect(applied.diagnostics).toEqual([]);
    const state = provider.decodeState(ACCOUNT, applied.new_state)!;
    const identity = { account_sid: state.id };
    expect(provider.decodeIdentity(ACCOUNT, applied.new_identity)).toEqual(identity);

    const read = await provider.rpc.readResource({
      type_name: ACCOUNT,
      current_state: applied.new_state,
      private: applied.private as Buffer,
      current_identity: applied.new_identity,
    });
    expect(provider.decodeIdentity(ACCOUNT, read.new_identity)).toEqual(identity);

    const renamed = { ...createConfig, name: `${config.name}-renamed` };
    const prior = provider.decodeState(ACCOUNT, read.new_state)!;
    const update = await provider.rpc.planResourceChange({
      type_name: ACCOUNT,
      prior_state: read.new_state,
      proposed_new_state: provider.state(ACCOUNT, proposedNewState(attributes, prior, renamed)),
      config: provider.state(ACCOUNT, renamed),
      prior_private: read.private as Buffer,
      prior_identity: read.new_identity,
    });
    expect(update.diagnostics).toEqual([]);
    expect(update.requires_replace).toEqual([]);
    expect(provider.decodeIdentity(ACCOUNT, update.planned_identity)).toEqual(identity);
    const updated = await provider.rpc.applyResourceChange({
      type_name: ACCOUNT,
      prior_state: read.new_state,
      planned_state: update.planned_state,
      config: provider.state(ACCOUNT, renamed),
      planned_private: update.planned_private as Buffer,
      planned_identity: update.planned_identity,
    });
    expect(updated.diagnostics).toEqual([]);
    expect(provider.decodeState(ACCOUNT, updated.new_state)?.name).toBe(renamed.name);
    expect(provider.decodeIdentity(ACCOUNT, updated.new_identity)).toEqual(identity);

    const destroyed = await provider.rpc.applyResourceChange({
      type_name: ACCOUNT,
      prior_state: updated.new_state,
      planned_state: provider.state(ACCOUNT, null),
    });
    expect(destroyed.diagnostics).toEqual([]);
    expect(destroyed.new_identity).toBeUndefined();
    const afterDelete = await provider.rpc.readResource({
      type_name: ACCOUNT,
      current_state: updated.new_state,
      current_identity: updated.new_identity,
    });
    expect(provider.decodeState(ACCOUNT, afterDelete.new_state)).toBeNull();
    expect(afterDelete.new_identity).toBeUndefined();
  });

  it("plans an API key's identity with the account known and the key SID unknown, and keeps it after apply", async () => {
    const attributes = attributesOf(KEY);
    const config = { account_sid: accountSid, triggers: null, id: null, token: null };
    const plan = await provider.rpc.planResourceChange({
      type_name: KEY,
      prior_state: provider.state(KEY, null),
      proposed_new_state: provider.state(KEY, proposedNewState(attributes, null, config)),
      config: provider.state(KEY, config),
    });
    const planned = provider.decodeIdentity(KEY, plan.planned_identity)!;
    expect(planned.account_sid).toBe(accountSid);
    expect(isUnknown(planned.api_key_sid)).toBe(true);
    const applied = await provider.rpc.applyResourceChange({
      type_name: KEY,
      prior_state: provider.state(KEY, null),
      planned_state: plan.planned_state,
      config: provider.state(KEY, config),
      planned_identity: plan.planned_identity,
    });
    const state = provider.decodeState(KEY, applied.new_state)!;
    expect(provider.decodeIdentity(KEY, applied.new_identity)).toEqual({ account_sid: accountSid, api_key_sid: state.id });
    const read = await provider.rpc.readResource({
      type_name: KEY,
      current_state: applied.new_state,
      current_identity: applied.new_identity,
    });
    expect(provider.decodeIdentity(KEY, read.new_identity)).toEqual({ account_sid: accountSid, api_key_sid: state.id });
  });

  it("answers a read without identity (terraform 1.11, or state written before 1.12) with the same state, adding the identity", async () => {
    const imported = (await provider.rpc.importResourceState({ type_name: LIMITS, id: accountSid })).imported_resources![0]!;
    const withIdentity = await provider.rpc.readResource({
      type_name: LIMITS,
      current_state: imported.state,
      current_identity: imported.identity,
    });
    const without = await provider.rpc.readResource({ type_name: LIMITS, current_state: imported.state });
    expect(without.diagnostics).toEqual(withIdentity.diagnostics);
    expect(Buffer.from(without.new_state!.msgpack!)).toEqual(Buffer.from(withIdentity.new_state!.msgpack!));
    expect(Buffer.from(without.private ?? [])).toEqual(Buffer.from(withIdentity.private ?? []));
    expect(provider.decodeIdentity(LIMITS, without.new_identity)).toEqual({ account_sid: accountSid });
  });

  it("answers UNIMPLEMENTED for what it does not serve, as terraform expects of a provider without those features", async () => {
    for (const rpc of ["MoveResourceState", "GetFunctions", "OpenEphemeralResource", "ValidateStateStoreConfig", "ReadStateBytes"]) {
      await expect(provider.rpc.call(rpc)).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
    }
    // ...and serves on afterwards.
    expect((await provider.rpc.getResourceIdentitySchemas()).diagnostics).toEqual([]);
  });

  it("upgrades a stored identity of the current version, and refuses versions it does not know", async () => {
    const raw = { json: Buffer.from(JSON.stringify({ account_sid: accountSid })), flatmap: {} };
    const same = await provider.rpc.upgradeResourceIdentity({ type_name: RECORDING, version: 0, raw_identity: raw });
    expect(same.diagnostics).toEqual([]);
    expect(provider.decodeIdentity(RECORDING, same.upgraded_identity)).toEqual({ account_sid: accountSid });
    const newer = await provider.rpc.upgradeResourceIdentity({ type_name: RECORDING, version: 1, raw_identity: raw });
    expect(newer.upgraded_identity).toBeUndefined();
    expect(newer.diagnostics).toEqual([
      expect.objectContaining({ severity: DiagnosticSeverity.ERROR, summary: "Unable to Upgrade Resource Identity" }),
    ]);
    const none = await provider.rpc.upgradeResourceIdentity({
      type_name: "voicegateway_account_tts_cache_clear",
      version: 0,
      raw_identity: raw,
    });
    expect(none.diagnostics?.[0]?.summary).toBe("Resource Has No Identity");
  });
});
