import { z } from "zod";
import { dataSources } from "../../provider/src/core/data-sources/catalog";
import { resources } from "../../provider/src/core/resources/catalog";
import { defineResource } from "../../provider/src/core/resources/resource-definition";
import { field } from "../../provider/src/core/schema/meta";
import { decodeDynamicValue } from "../../provider/src/terraform/protocol/dynamic-value";
import { VoiceGatewayProvider } from "../../provider/src/terraform/provider-service";
import { resourceSchema } from "../../provider/src/terraform/schema";

const raw = (state: unknown) => ({ json: Buffer.from(JSON.stringify(state)), flatmap: {} });

// A resource at schema version 2 whose version 0 and 1 states used other names, as a real rename would leave them.
const renamed = defineResource<{ full_name: string }, { full_name: string; id: string }>({
  name: "upgrade_probe",
  description: "Test double for a resource whose state shape changed twice.",
  inputs: z.object({ full_name: field(z.string(), { description: "Name." }) }),
  outputs: z.object({ id: field(z.string(), { description: "SID.", readOnly: true }) }),
  schemaVersion: 2,
  upgradeState(version, state) {
    // Each upgrader goes straight to the current shape (terraform-provider-random's pattern).
    if (version === 0) return { id: state.sid, full_name: state.name };
    if (version === 1) return { id: state.id, full_name: state.display_name };
    throw new Error(`unknown version ${version}`);
  },
  rules: [],
  handlers: {} as never,
});

describe("UpgradeResourceState", () => {
  const provider = new VoiceGatewayProvider([...resources, renamed], dataSources, {});
  const upgrade = (type_name: string, version: number, state: unknown) =>
    provider.upgradeResourceState({ type_name, version, raw_state: raw(state) });

  it.each([
    [0, { sid: "a1", name: "Acme", obsolete: true }],
    [1, { id: "a1", display_name: "Acme" }],
    [2, { id: "a1", full_name: "Acme" }],
  ])("brings a version %i state to the current shape", (version, state) => {
    const response = upgrade("voicegateway_upgrade_probe", version, state);
    expect(response.diagnostics).toEqual([]);
    expect(decodeDynamicValue(response.upgraded_state, resourceSchema(renamed))).toEqual({ id: "a1", full_name: "Acme" });
  });

  it("fails with a clear message on a state written by a newer provider", () => {
    const response = upgrade("voicegateway_account", 7, { id: "a1" });
    expect(response.diagnostics?.[0]).toMatchObject({ summary: "State Written by a Newer Provider" });
    expect(response.diagnostics?.[0]?.detail).toMatch(/schema version 7; this provider knows version 0/);
  });

  it("re-encodes a current account state: attributes it no longer has are dropped, new ones read as null", () => {
    const response = upgrade("voicegateway_account", 0, { id: "a1", name: "acme", webhook_secret: "s", gone_attribute: "x" });
    const state = decodeDynamicValue(response.upgraded_state, resourceSchema(resources[0])) as Record<string, unknown>;
    expect(state).toMatchObject({ id: "a1", name: "acme", webhook_secret: "s", sip_realm: null, registration_hook: null });
    expect(state).not.toHaveProperty("gone_attribute");
  });
});
