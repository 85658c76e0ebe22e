import { type PortalFixture, startPortal, uniqueName } from "../support/portal";
import { DIFF_NONE, DIFF_SOME, type DynamicProviderHost, type PulumiHarness, startPulumiHarness, urnOf } from "../support/pulumi-host";

describe("AccountLimits through the Pulumi dynamic provider host", () => {
  let portal: PortalFixture;
  let harness: PulumiHarness;
  let host: DynamicProviderHost;
  let connection: Record<string, string>;
  let accountSid: string;
  const urn = (name = "limits") => urnOf("AccountLimits", name);
  const inputs = (values: Record<string, unknown>) => ({ ...values, connection, __provider: harness.providers.AccountLimits });
  const limits = async () =>
    ((await portal.admin("GET", `/Accounts/${accountSid}/Limits`)) as { category: string; quantity: number }[])
      .map((l) => `${l.category}=${l.quantity}`)
      .sort();

  beforeAll(async () => {
    portal = await startPortal();
    connection = { apiUrl: portal.emulator.apiUrl, apiKey: portal.emulator.adminKey };
    harness = await startPulumiHarness();
    host = harness.host;
  });
  beforeEach(async () => {
    accountSid = (
      (await portal.admin("POST", "/Accounts", { name: uniqueName(), service_provider_sid: portal.emulator.serviceProviderSid })) as {
        sid: string;
      }
    ).sid;
  });
  afterAll(async () => {
    try {
      await harness?.close();
    } finally {
      await portal?.close();
    }
  });

  it("fails Check on a unit it does not know and on numbers that are not whole or outside the portal's 32-bit quantity", async () => {
    const checked = await host.check(urn(), {}, inputs({ accountSid, unit: "calls", max: -1, licensed: 2.5 }));
    expect(checked.failures).toEqual([
      { property: "unit", reason: 'must be "sessions" or "minutes"' },
      { property: "max", reason: "-1 must be a whole number from 0 to 2147483647" },
      { property: "licensed", reason: "2.5 must be a whole number from 0 to 2147483647" },
    ]);
    const tooBig = await host.check(urn(), {}, inputs({ accountSid, max: 3_000_000_000, licensed: 1e20 }));
    expect(tooBig.failures).toEqual([
      { property: "max", reason: "3000000000 must be a whole number from 0 to 2147483647" },
      { property: "licensed", reason: "100000000000000000000 must be a whole number from 0 to 2147483647" },
    ]);
  });

  it("sets, diffs, updates, refreshes and deletes the limits", async () => {
    const desired = inputs({ accountSid, max: 50, licensed: 40 });
    const created = await host.create(urn(), desired);
    expect(created).toMatchObject({ id: accountSid, properties: { accountSid, unit: "sessions", max: 50, licensed: 40 } });
    expect(await limits()).toEqual(["voice_call_session=50", "voice_call_session_license=40"]);

    expect(
      (await host.diff(urn(), created.id, created.properties, inputs({ accountSid, unit: "sessions", max: 50, licensed: 40 }))).changes,
    ).toBe(DIFF_NONE);
    expect(await host.diff(urn(), created.id, created.properties, inputs({ accountSid, unit: "minutes", max: 1000 }))).toEqual({
      changes: DIFF_SOME,
      replaces: [],
      deleteBeforeReplace: true,
    });

    const updated = await host.update(urn(), created.id, created.properties, inputs({ accountSid, unit: "minutes", max: 1000 }));
    expect(updated).toMatchObject({ unit: "minutes", max: 1000 });
    expect(updated).not.toHaveProperty("licensed");
    expect(await limits()).toEqual(["voice_call_minutes=1000"]);

    await portal.admin("POST", `/Accounts/${accountSid}/Limits`, { category: "voice_call_minutes", quantity: 2000 });
    expect((await host.read(urn(), created.id, updated)).properties).toMatchObject({ unit: "minutes", max: 2000 });

    await host.delete(urn(), created.id, updated);
    expect(await limits()).toEqual([]);
  });

  it("adopts the limits of an account by its SID", async () => {
    await portal.admin("POST", `/Accounts/${accountSid}/Limits`, { category: "voice_call_session", quantity: 7 });
    const adopted = await host.read(urn("adopted"), accountSid, { connection, __provider: harness.providers.AccountLimits });
    expect(adopted).toMatchObject({
      id: accountSid,
      properties: { accountSid, unit: "sessions", max: 7 },
      inputs: { accountSid, unit: "sessions", max: 7 },
    });
    expect((await host.diff(urn("adopted"), accountSid, adopted.properties, inputs({ accountSid, max: 7 }))).changes).toBe(DIFF_NONE);
  });
});
