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
    const { identitySchemas: schemas, diagnostics } = await provider.rpc.getResourceIdentitySchemas();
    expect(diagnostics).toEqual([]);
    expect(Object.keys(schemas ?? {}).sort()).toEqual([ACCOUNT, KEY, LIMITS, RECORDING]);
    for (const schema of Object.values(schemas!)) {
      expect(schema.version).toBe(0n);
      for (const attribute of schema.identityAttributes!) {
        expect(Buffer.from(attribute.type).toString()).toBe('"string"');
        expect(attribute).toMatchObject({ requiredForImport: true, optionalForImport: false });
        expect(attribute.description).not.toBe("");
      }
    }
    expect(schemas![KEY]!.identityAttributes!.map((a) => a.name)).toEqual(["account_sid", "api_key_sid"]);
    for (const type of [ACCOUNT, RECORDING, LIMITS])
      expect(schemas![type]!.identityAttributes!.map((a) => a.name)).toEqual(["account_sid"]);
  });

  it.each([
    [ACCOUNT, () => ({ account_sid: accountSid }), () => accountSid],
    [RECORDING, () => ({ account_sid: accountSid }), () => accountSid],
    [LIMITS, () => ({ account_sid: accountSid }), () => accountSid],
    [KEY, () => ({ account_sid: accountSid, api_key_sid: keySid }), () => `${accountSid}/${keySid}`],
  ])("imports %s by identity alone, as an import by ID does, and returns that identity", async (type, identity, id) => {
    const byIdentity = await provider.rpc.importResourceState({ typeName: type, identity: provider.identity(type, identity()) });
    expect(byIdentity.diagnostics).toEqual([]);
    expect(byIdentity.importedResources).toHaveLength(1);
    const imported = byIdentity.importedResources![0]!;
    expect(imported.typeName).toBe(type);
    expect(provider.decodeIdentity(type, imported.identity)).toEqual(identity());

    const byId = await provider.rpc.importResourceState({ typeName: type, id: id() });
    expect(provider.decodeState(type, imported.state)).toEqual(provider.decodeState(type, byId.importedResources![0]!.state));
    expect(provider.decodeIdentity(type, byId.importedResources![0]!.identity)).toEqual(identity());
  });

  it("keeps secrets out of what an import by identity returns", async () => {
    const account = await provider.rpc.importResourceState({
      typeName: ACCOUNT,
      identity: provider.identity(ACCOUNT, { account_sid: accountSid }),
    });
    const recording = await provider.rpc.importResourceState({
      typeName: RECORDING,
      identity: provider.identity(RECORDING, { account_sid: accountSid }),
    });
    const state = provider.decodeState(ACCOUNT, account.importedResources![0]!.state)!;
    expect((state.registration_hook as Record<string, unknown>).password).toBeNull();
    const aws = provider.decodeState(RECORDING, recording.importedResources![0]!.state)!.aws_s3 as Record<string, unknown>;
    expect(aws.secret_access_key).toBe(maskSecret(AWS_SECRET));
    expect(aws.secret_access_key).not.toBe(AWS_SECRET);
    expect(provider.engine.stderr()).not.toContain("identity-hook-pass");
  });

  it("refuses an incomplete identity, and names the identity of an object the portal does not have", async () => {
    const partial = await provider.rpc.importResourceState({
      typeName: KEY,
      identity: provider.identity(KEY, { account_sid: accountSid, api_key_sid: null }),
    });
    expect(partial.importedResources).toEqual([]);
    expect(partial.diagnostics).toEqual([
      expect.objectContaining({
        severity: DiagnosticSeverity.ERROR,
        summary: "Invalid Import Identity",
        detail: expect.stringContaining('"api_key_sid"'),
      }),
    ]);
    const missing = "5d1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c";
    const gone = await provider.rpc.importResourceState({
      typeName: ACCOUNT,
      identity: provider.identity(ACCOUNT, { account_sid: missing }),
    });
    expect(gone.diagnostics).toEqual([
      expect.objectContaining({
        summary: "Cannot Import Non-Existent Remote Object",
        detail: expect.stringContaining(`identity { account_sid = "${missing}" }`),
      }),
    ]);
    const action = await provider.rpc.importResourceState({
      typeName: "voicegateway_account_tts_cache_clear",
      identity: { identityData: { msgpack: Buffer.from([0x80]) } },
    });
    expect(action.diagnostics?.[0]?.summary).toBe("Resource Cannot Be Imported");
  });

  it("returns the same identity on every read, plan and apply of an object, from create to update", async () => {
    const attributes = attributesOf(ACCOUNT);
    const config = { name: uniqueName("identity-life"), enable_debug_log: null, id: null };
    const full = Object.fromEntries(Object.keys(attributes).map((name) => [name, null]));
    const createConfig = { ...full, ...config };
    const create = await provider.rpc.planResourceChange({
      typeName: ACCOUNT,
      priorState: provider.state(ACCOUNT, null),
      proposedNewState: provider.state(ACCOUNT, proposedNewState(attributes, null, createConfig)),
      config: provider.state(ACCOUNT, createConfig),
    });
    expect(create.diagnostics).toEqual([]);
    // A create's identity is known only after apply.
    expect(isUnknown(provider.decodeIdentity(ACCOUNT, create.plannedIdentity)?.account_sid)).toBe(true);

    const applied = await provider.rpc.applyResourceChange({
      typeName: ACCOUNT,
      priorState: provider.state(ACCOUNT, null),
      plannedState: create.plannedState,
      config: provider.state(ACCOUNT, createConfig),
      plannedIdentity: create.plannedIdentity,
    });
    expect(applied.diagnostics).toEqual([]);
    const state = provider.decodeState(ACCOUNT, applied.newState)!;
    const identity = { account_sid: state.id };
    expect(provider.decodeIdentity(ACCOUNT, applied.newIdentity)).toEqual(identity);

    const read = await provider.rpc.readResource({
      typeName: ACCOUNT,
      currentState: applied.newState,
      private: applied.private as Buffer,
      currentIdentity: applied.newIdentity,
    });
    expect(provider.decodeIdentity(ACCOUNT, read.newIdentity)).toEqual(identity);

    const renamed = { ...createConfig, name: `${config.name}-renamed` };
    const prior = provider.decodeState(ACCOUNT, read.newState)!;
    const update = await provider.rpc.planResourceChange({
      typeName: ACCOUNT,
      priorState: read.newState,
      proposedNewState: provider.state(ACCOUNT, proposedNewState(attributes, prior, renamed)),
      config: provider.state(ACCOUNT, renamed),
      priorPrivate: read.private as Buffer,
      priorIdentity: read.newIdentity,
    });
    expect(update.diagnostics).toEqual([]);
    expect(update.requiresReplace).toEqual([]);
    expect(provider.decodeIdentity(ACCOUNT, update.plannedIdentity)).toEqual(identity);
    const updated = await provider.rpc.applyResourceChange({
      typeName: ACCOUNT,
      priorState: read.newState,
      plannedState: update.plannedState,
      config: provider.state(ACCOUNT, renamed),
      plannedPrivate: update.plannedPrivate as Buffer,
      plannedIdentity: update.plannedIdentity,
    });
    expect(updated.diagnostics).toEqual([]);
    expect(provider.decodeState(ACCOUNT, updated.newState)?.name).toBe(renamed.name);
    expect(provider.decodeIdentity(ACCOUNT, updated.newIdentity)).toEqual(identity);

    const destroyed = await provider.rpc.applyResourceChange({
      typeName: ACCOUNT,
      priorState: updated.newState,
      plannedState: provider.state(ACCOUNT, null),
    });
    expect(destroyed.diagnostics).toEqual([]);
    expect(destroyed.newIdentity).toBeUndefined();
    const afterDelete = await provider.rpc.readResource({
      typeName: ACCOUNT,
      currentState: updated.newState,
      currentIdentity: updated.newIdentity,
    });
    expect(provider.decodeState(ACCOUNT, afterDelete.newState)).toBeNull();
    expect(afterDelete.newIdentity).toBeUndefined();
  });

  it("plans an API key's identity with the account known and the key SID unknown, and keeps it after apply", async () => {
    const attributes = attributesOf(KEY);
    const config = { account_sid: accountSid, triggers: null, id: null, token: null };
    const plan = await provider.rpc.planResourceChange({
      typeName: KEY,
      priorState: provider.state(KEY, null),
      proposedNewState: provider.state(KEY, proposedNewState(attributes, null, config)),
      config: provider.state(KEY, config),
    });
    const planned = provider.decodeIdentity(KEY, plan.plannedIdentity)!;
    expect(planned.account_sid).toBe(accountSid);
    expect(isUnknown(planned.api_key_sid)).toBe(true);
    const applied = await provider.rpc.applyResourceChange({
      typeName: KEY,
      priorState: provider.state(KEY, null),
      plannedState: plan.plannedState,
      config: provider.state(KEY, config),
      plannedIdentity: plan.plannedIdentity,
    });
    const state = provider.decodeState(KEY, applied.newState)!;
    expect(provider.decodeIdentity(KEY, applied.newIdentity)).toEqual({ account_sid: accountSid, api_key_sid: state.id });
    const read = await provider.rpc.readResource({ typeName: KEY, currentState: applied.newState, currentIdentity: applied.newIdentity });
    expect(provider.decodeIdentity(KEY, read.newIdentity)).toEqual({ account_sid: accountSid, api_key_sid: state.id });
  });

  it("answers a read without identity (terraform 1.11, or state written before 1.12) with the same state, adding the identity", async () => {
    const imported = (await provider.rpc.importResourceState({ typeName: LIMITS, id: accountSid })).importedResources![0]!;
    const withIdentity = await provider.rpc.readResource({
      typeName: LIMITS,
      currentState: imported.state,
      currentIdentity: imported.identity,
    });
    const without = await provider.rpc.readResource({ typeName: LIMITS, currentState: imported.state });
    expect(without.diagnostics).toEqual(withIdentity.diagnostics);
    expect(Buffer.from(without.newState!.msgpack!)).toEqual(Buffer.from(withIdentity.newState!.msgpack!));
    expect(Buffer.from(without.private ?? [])).toEqual(Buffer.from(withIdentity.private ?? []));
    expect(provider.decodeIdentity(LIMITS, without.newIdentity)).toEqual({ account_sid: accountSid });
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
    const same = await provider.rpc.upgradeResourceIdentity({ typeName: RECORDING, version: 0n, rawIdentity: raw });
    expect(same.diagnostics).toEqual([]);
    expect(provider.decodeIdentity(RECORDING, same.upgradedIdentity)).toEqual({ account_sid: accountSid });
    const newer = await provider.rpc.upgradeResourceIdentity({ typeName: RECORDING, version: 1n, rawIdentity: raw });
    expect(newer.upgradedIdentity).toBeUndefined();
    expect(newer.diagnostics).toEqual([
      expect.objectContaining({ severity: DiagnosticSeverity.ERROR, summary: "Unable to Upgrade Resource Identity" }),
    ]);
    const none = await provider.rpc.upgradeResourceIdentity({
      typeName: "voicegateway_account_tts_cache_clear",
      version: 0n,
      rawIdentity: raw,
    });
    expect(none.diagnostics?.[0]?.summary).toBe("Resource Has No Identity");
  });
});
