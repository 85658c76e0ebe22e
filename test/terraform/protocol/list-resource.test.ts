import { encodeDynamicValue } from "../../../provider/src/terraform/protocol/dynamic-value";
import { DiagnosticSeverity, type ListResourceEvent } from "../../../provider/src/terraform/protocol/messages";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../../support/portal";
import { ProviderUnderTest } from "../../support/provider-engine";

// The voicegateway_account list resource (terraform 1.14 `terraform query`), driven over gRPC as terraform drives
// it: ListResource is a server stream, and terraform stops reading at the list block's limit.
const ACCOUNT = "voicegateway_account";

describe("the voicegateway_account list resource (terraform 1.14+) over the plugin protocol", () => {
  let portal: PortalFixture;
  let provider: ProviderUnderTest;
  let prefix: string;
  let otherSp: string;
  const sids: Record<string, string> = {};

  const create = async (name: string, serviceProviderSid = portal.emulator.serviceProviderSid, extra: Record<string, unknown> = {}) => {
    sids[name] = (
      (await portal.admin("POST", "/Accounts", { name, service_provider_sid: serviceProviderSid, ...extra })) as { sid: string }
    ).sid;
    return sids[name]!;
  };
  const config = (filters: Record<string, unknown>) =>
    encodeDynamicValue({ name_prefix: null, name_pattern: null, service_provider_sid: null, ...filters }, provider.listConfigType(ACCOUNT));
  const found = (events: readonly ListResourceEvent[]) => events.filter((e) => e.identity);
  const names = (events: readonly ListResourceEvent[]) => found(events).map((e) => e.display_name);

  beforeAll(async () => {
    portal = await startPortal();
    prefix = uniqueName("lst");
    await create(`${prefix}-beta`);
    await create(`${prefix}-alpha-2`, undefined, {
      registration_hook: { url: "https://hooks.example.com/reg", method: "POST", username: "u", password: "list-hook-pass" },
    });
    await create(`${prefix}-ALPHA-1`);
    // A Google key without a private key: the portal cannot mask it, so its single-account GET fails.
    const broken = await create(`${prefix}-broken`);
    await portal.admin("PUT", `/Accounts/${broken}`, {
      bucket_credential: { vendor: "google", name: "rec", service_key: JSON.stringify({ type: "service_account" }) },
    });
    otherSp = ((await portal.admin("POST", "/ServiceProviders", { name: uniqueName("other-sp") })) as { sid: string }).sid;
    await create(`${prefix}-alpha-3`, otherSp);
    await create(uniqueName("unrelated"));
    provider = await ProviderUnderTest.start(portalEnv(portal));
  });
  afterAll(async () => {
    await provider?.stop();
    await portal?.close();
  });

  it("serves its schema keyed by the managed resource type it lists, and names it in GetMetadata", async () => {
    expect(Object.keys(provider.schema.list_resource_schemas ?? {})).toEqual([ACCOUNT]);
    const attributes = provider.schema.list_resource_schemas![ACCOUNT]!.block.attributes!;
    expect(attributes.map((a) => [a.name, a.optional, a.required, a.computed])).toEqual([
      ["name_pattern", true, false, false],
      ["name_prefix", true, false, false],
      ["service_provider_sid", true, false, false],
    ]);
    // Listing needs the listed type's identity: terraform names every result by it.
    expect(Object.keys(provider.identities)).toContain(ACCOUNT);
    const metadata = await provider.rpc.getMetadata();
    expect(metadata.list_resources).toEqual([{ type_name: ACCOUNT }]);
    expect(metadata.resources?.map((r) => r.type_name)).toContain(ACCOUNT);
  });

  it("serves one account list for the whole query: one request, one event per match with identity and name", async () => {
    portal.emulator.requests.clear();
    const events = await provider.rpc.listResource({
      type_name: ACCOUNT,
      config: config({ name_prefix: prefix }),
      include_resource_object: false,
      limit: 100,
    });
    expect(portal.emulator.requests.all().map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/ServiceProviders/${portal.emulator.serviceProviderSid}/Accounts`,
    ]);
    expect(names(events)).toEqual([`${prefix}-ALPHA-1`, `${prefix}-alpha-2`, `${prefix}-beta`]);
    for (const event of found(events)) {
      expect(provider.decodeIdentity(ACCOUNT, event.identity)).toEqual({ account_sid: sids[event.display_name!] });
      expect(event.resource_object).toBeUndefined();
      expect(event.diagnostic).toEqual([]);
    }
    // The account the portal cannot show is named in a warning, without an identity (terraform skips such events).
    const warnings = events.filter((e) => !e.identity);
    expect(warnings).toEqual([
      expect.objectContaining({
        diagnostic: [expect.objectContaining({ severity: DiagnosticSeverity.WARNING, summary: `Account Left Out: ${prefix}-broken` })],
      }),
    ]);

    // A second list in the same process is served from the same account list.
    portal.emulator.requests.clear();
    const again = await provider.rpc.listResource({
      type_name: ACCOUNT,
      config: config({ name_pattern: `${prefix}-b*` }),
      include_resource_object: true,
      limit: 100,
    });
    expect(names(again)).toEqual([`${prefix}-beta`]);
    expect(portal.emulator.requests.count()).toBe(0);
  });

  it("adds the resource object only when asked, holding exactly what an import holds (no hook password)", async () => {
    const without = await provider.rpc.listResource({
      type_name: ACCOUNT,
      config: config({ name_prefix: `${prefix}-alpha-2` }),
      include_resource_object: false,
      limit: 100,
    });
    expect(found(without)[0]?.resource_object).toBeUndefined();
    const events = found(
      await provider.rpc.listResource({
        type_name: ACCOUNT,
        config: config({ name_prefix: `${prefix}-alpha-2` }),
        include_resource_object: true,
        limit: 100,
      }),
    );
    expect(events).toHaveLength(1);
    const listed = provider.decodeState(ACCOUNT, events[0]!.resource_object)!;
    const imported = (await provider.rpc.importResourceState({ type_name: ACCOUNT, id: sids[`${prefix}-alpha-2`] }))
      .imported_resources![0]!;
    expect(listed).toEqual(provider.decodeState(ACCOUNT, imported.state));
    expect(provider.decodeIdentity(ACCOUNT, events[0]!.identity)).toEqual(provider.decodeIdentity(ACCOUNT, imported.identity));
    expect(listed.registration_hook).toMatchObject({ url: "https://hooks.example.com/reg", username: "u", password: null });
    expect(JSON.stringify(listed)).not.toContain("list-hook-pass");
    expect(provider.engine.stderr()).not.toContain("list-hook-pass");
  });

  it("sends no more than the limit, and stops cleanly when terraform stops reading", async () => {
    expect(names(await provider.rpc.listResource({ type_name: ACCOUNT, config: config({ name_prefix: prefix }), limit: 2 }))).toEqual([
      `${prefix}-ALPHA-1`,
      `${prefix}-alpha-2`,
    ]);
    expect(found(await provider.rpc.listResource({ type_name: ACCOUNT, config: config({ name_prefix: prefix }), limit: 0 }))).toEqual([]);
    const cut = await provider.rpc.listResource(
      { type_name: ACCOUNT, config: config({ name_prefix: prefix }), limit: 100 },
      { stopAfter: 1 },
    );
    expect(names(cut)).toEqual([`${prefix}-ALPHA-1`]);
    // The provider serves on after the cancelled stream.
    expect(
      names(await provider.rpc.listResource({ type_name: ACCOUNT, config: config({ name_prefix: prefix }), limit: 100 })),
    ).toHaveLength(3);
  });

  it("filters by a name pattern ignoring case, and by another service provider from that provider's own list", async () => {
    expect(
      names(
        await provider.rpc.listResource({
          type_name: ACCOUNT,
          config: config({ name_pattern: `${prefix.toUpperCase()}-alpha-?` }),
          limit: 100,
        }),
      ),
    ).toEqual([`${prefix}-ALPHA-1`, `${prefix}-alpha-2`]);
    // With no config block at all, every account of the provider's service provider is listed.
    expect(
      names(
        await provider.rpc.listResource({
          type_name: ACCOUNT,
          config: encodeDynamicValue(null, provider.listConfigType(ACCOUNT)),
          limit: 100,
        }),
      ),
    ).toEqual(expect.arrayContaining([`${prefix}-ALPHA-1`, `${prefix}-beta`]));
    portal.emulator.requests.clear();
    const other = await provider.rpc.listResource({
      type_name: ACCOUNT,
      config: config({ name_prefix: prefix, service_provider_sid: otherSp }),
      limit: 100,
    });
    expect(names(other)).toEqual([`${prefix}-alpha-3`]);
    expect(portal.emulator.requests.all().map((r) => `${r.method} ${r.path}`)).toEqual([`GET /v1/ServiceProviders/${otherSp}/Accounts`]);
  });

  it("validates the filters on their attributes, leaving unknown values for later", async () => {
    const bad = await provider.rpc.validateListResourceConfig({
      type_name: ACCOUNT,
      config: config({ service_provider_sid: "not-a-sid", name_pattern: "" }),
      limit: encodeDynamicValue(-1, "number"),
    });
    expect(bad.diagnostics?.map((d) => [d.summary, d.attribute?.steps[0]?.attribute_name])).toEqual([
      ["Invalid name_pattern", "name_pattern"],
      ["Invalid service_provider_sid", "service_provider_sid"],
      ["Invalid limit", undefined],
    ]);
    const { UNKNOWN } = await import("../../../provider/src/core/schema/unknown");
    const unknown = await provider.rpc.validateListResourceConfig({
      type_name: ACCOUNT,
      config: config({ service_provider_sid: UNKNOWN }),
    });
    expect(unknown.diagnostics).toEqual([]);
    const invalidList = await provider.rpc.listResource({
      type_name: ACCOUNT,
      config: config({ service_provider_sid: "not-a-sid" }),
      limit: 100,
    });
    expect(found(invalidList)).toEqual([]);
    expect(invalidList.map((e) => e.diagnostic)).toEqual([
      [expect.objectContaining({ severity: DiagnosticSeverity.ERROR, summary: "Invalid service_provider_sid" })],
    ]);
  });

  it("ends the stream with an error event when the portal refuses the list, without the API key in it", async () => {
    const refused = await ProviderUnderTest.start({ ...portalEnv(portal), VOICEGATEWAY_API_KEY: "wrong-key-for-the-list-test" });
    try {
      const events = await refused.rpc.listResource({ type_name: ACCOUNT, config: config({}), limit: 100 });
      expect(found(events)).toEqual([]);
      expect(events.map((e) => e.diagnostic)).toEqual([
        [expect.objectContaining({ severity: DiagnosticSeverity.ERROR, summary: "Portal Refused the API Key" })],
      ]);
      expect(JSON.stringify(events)).not.toContain("wrong-key-for-the-list-test");
    } finally {
      await refused.stop();
    }
  });
});
