import { type PortalFixture, startPortal, uniqueName } from "../support/portal";
import {
  DIFF_NONE,
  DIFF_SOME,
  type DynamicProviderHost,
  type HostError,
  type PulumiHarness,
  startPulumiHarness,
  urnOf,
} from "../support/pulumi-host";

describe("AccountApiKey through the Pulumi dynamic provider host", () => {
  let portal: PortalFixture;
  let harness: PulumiHarness;
  let host: DynamicProviderHost;
  let connection: Record<string, string>;
  let accountSid: string;
  const urn = (name = "ci") => urnOf("AccountApiKey", name);
  const inputs = (values: Record<string, unknown>) => ({ ...values, connection, __provider: harness.providers.AccountApiKey });
  const keysOf = async (sid: string) => (await portal.admin("GET", `/Accounts/${sid}/ApiKeys`)) as { api_key_sid: string; token: string }[];

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

  it("fails Check on a malformed account SID and on trigger values that are not strings", async () => {
    const checked = await host.check(urn(), {}, inputs({ accountSid: "acme", triggers: { rotation: 7 } }));
    expect(checked.failures).toEqual([
      { property: "accountSid", reason: expect.stringMatching(/^"acme" /) },
      { property: "triggers.rotation", reason: expect.any(String) },
    ]);
  });

  it("creates a key whose token is an output, replaces it on a trigger change (new key first), and deletes it", async () => {
    const desired = inputs({ accountSid, triggers: { rotation: "1" } });
    const created = await host.create(urn(), desired);
    expect(created.properties).toMatchObject({ accountSid, triggers: { rotation: "1" }, token: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await keysOf(accountSid)).toEqual([expect.objectContaining({ api_key_sid: created.id, token: created.properties.token })]);

    expect((await host.diff(urn(), created.id, created.properties, desired)).changes).toBe(DIFF_NONE);
    // Every input replaces a key, and the new one comes first: a rotation never leaves the account without one.
    expect(await host.diff(urn(), created.id, created.properties, inputs({ accountSid, triggers: { rotation: "2" } }))).toEqual({
      changes: DIFF_SOME,
      replaces: ["triggers"],
      deleteBeforeReplace: false,
    });

    const refreshed = await host.read(urn(), created.id, created.properties);
    expect(refreshed).toMatchObject({ id: created.id, properties: { token: created.properties.token } });

    await host.delete(urn(), created.id, created.properties);
    expect(await keysOf(accountSid)).toEqual([]);
    expect((await host.read(urn(), created.id, created.properties)).id).toBe("");
  });

  it("reads a key as gone once its account is deleted", async () => {
    const created = await host.create(urn(), inputs({ accountSid }));
    await portal.admin("DELETE", `/Accounts/${accountSid}`);
    expect((await host.read(urn(), created.id, created.properties)).id).toBe("");
  });

  it("adopts a key from <account_sid>/<api_key_sid>; its own ID is then the key SID", async () => {
    const created = (await portal.admin("POST", "/ApiKeys", { account_sid: accountSid })) as { sid: string; token: string };
    const adopted = await host.read(urn("adopted"), `${accountSid}/${created.sid}`, {
      connection,
      __provider: harness.providers.AccountApiKey,
    });
    expect(adopted).toMatchObject({ id: created.sid, properties: { accountSid, token: created.token }, inputs: { accountSid } });

    const error = (await host
      .read(urn("adopted"), created.sid, { connection, __provider: harness.providers.AccountApiKey })
      .catch((e: unknown) => e)) as HostError;
    expect(error.details).toContain("<account_sid>/<api_key_sid>");
  });
});
