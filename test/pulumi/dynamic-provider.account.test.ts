import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import {
  DIFF_NONE,
  DIFF_SOME,
  DynamicProviderHost,
  envWithoutVoiceGateway,
  type HostError,
  type PulumiHarness,
  startPulumiHarness,
  UNKNOWN,
  urnOf,
} from "../support/pulumi-host";

/**
 * `Account` through Pulumi's real dynamic-provider host, driven over gRPC the way the engine drives it
 *: Check gets old inputs; Diff, Update and Delete get old outputs; secrets arrive plain.
 */
describe("Account through the Pulumi dynamic provider host", () => {
  let portal: PortalFixture;
  let harness: PulumiHarness;
  let host: DynamicProviderHost;
  let connection: Record<string, string>;
  const urn = (name = "acme") => urnOf("Account", name);
  const inputs = (values: Record<string, unknown>, withConnection = true) => ({
    ...values,
    ...(withConnection ? { connection } : {}),
    __provider: harness.providers.Account,
  });
  const portalAccount = async (sid: string) => (await portal.admin("GET", `/Accounts/${sid}`)) as Record<string, unknown>;

  beforeAll(async () => {
    portal = await startPortal();
    connection = {
      apiUrl: portal.emulator.apiUrl,
      apiKey: portal.emulator.adminKey,
      serviceProviderSid: portal.emulator.serviceProviderSid,
    };
    harness = await startPulumiHarness();
    host = harness.host;
  });
  afterAll(async () => {
    try {
      await harness?.close();
    } finally {
      await portal?.close();
    }
  });

  it("answers Configure as a host that takes no secrets and no previews", async () => {
    // Hence the engine strips secrets before each call and marks same-named outputs secret again.
    expect(await host.configure()).toEqual({ acceptSecrets: false, supportsPreview: false });
  });

  it("fails Check with one failure per problem, on camelCase property paths", async () => {
    const checked = await host.check(
      urn(),
      {},
      inputs({
        name: "",
        sipRealm: "not a host name",
        registrationHook: { url: "ftp://hooks.example.com", method: "PATCH" },
        enableDebugLog: "yes",
        nmae: "typo",
      }),
    );
    expect(checked.failures).toEqual(
      expect.arrayContaining([
        { property: "nmae", reason: "is not an argument of pulumi-nodejs:dynamic/voicegateway:Account" },
        { property: "name", reason: '"" must not be empty' },
        { property: "sipRealm", reason: expect.stringMatching(/^"not a host name" /) },
        { property: "registrationHook.url", reason: expect.stringMatching(/^"ftp:\/\/hooks.example.com" /) },
        { property: "registrationHook.method", reason: '"PATCH" must be GET or POST (any letter case)' },
        { property: "enableDebugLog", reason: expect.any(String) },
      ]),
    );
    expect(checked.failures).toHaveLength(6);
    // Check answers with the inputs it was given (and the provider), never a rewritten copy.
    expect(checked.inputs).toMatchObject({ name: "", __provider: harness.providers.Account });
  });

  it("fails Check when the applications are set on a new account, not on an existing one", async () => {
    const app = { name: "acme", deviceCallingApplicationSid: "7b0d9a3e-2c41-4f6e-9a57-0c8d2e1f4a6b" };
    expect((await host.check(urn(), {}, inputs(app))).failures).toEqual([
      { property: "deviceCallingApplicationSid", reason: expect.stringContaining("cannot be set while the account is created") },
    ]);
    expect((await host.check(urn(), inputs({ name: "acme" }), inputs(app))).failures).toEqual([]);
  });

  it("skips values a preview does not know yet", async () => {
    const checked = await host.check(urn(), {}, inputs({ name: UNKNOWN, sipRealm: UNKNOWN, registrationHook: { url: UNKNOWN } }));
    expect(checked.failures).toEqual([]);
  });

  it("fails Check without a connection, naming the stack config and environment variables to set", async () => {
    const checked = await host.check(urn(), {}, inputs({ name: "acme" }, false));
    expect(checked.failures).toEqual([
      { property: "connection.apiUrl", reason: expect.stringContaining("VOICEGATEWAY_API_URL") },
      { property: "connection.apiKey", reason: expect.stringContaining("voicegateway:apiKey") },
    ]);
    const bad = await host.check(
      urn(),
      {},
      { ...inputs({ name: "acme" }), connection: { ...connection, apiUrl: "http://portal.example.com/v1" } },
    );
    expect(bad.failures).toEqual([{ property: "connection.apiUrl", reason: expect.stringContaining("plain http") }]);
    expect(JSON.stringify(bad.failures)).not.toContain(portal.emulator.adminKey);
  });

  it("creates, diffs, updates, refreshes and deletes an account", async () => {
    const name = uniqueName();
    const desired = inputs({
      name,
      sipRealm: `${name}.sip.example.com`,
      registrationHook: { url: "https://hooks.example.com/register", password: "s3cret-hook" },
    });
    expect((await host.check(urn(), {}, desired)).failures).toEqual([]);

    // create
    const created = await host.create(urn(), desired);
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.properties).toMatchObject({
      name,
      sipRealm: `${name}.sip.example.com`,
      serviceProviderSid: portal.emulator.serviceProviderSid,
      enableDebugLog: false,
      registrationHook: { url: "https://hooks.example.com/register", method: "POST", password: "s3cret-hook" },
      webhookSecret: expect.any(String),
      connection,
      __provider: harness.providers.Account,
    });
    expect(created.properties).not.toHaveProperty("id");
    expect(await portalAccount(created.id)).toMatchObject({ name, sip_realm: `${name}.sip.example.com` });
    const outputs = created.properties;

    // diff: the same inputs, or inputs that mean the same, are no change
    expect(await host.diff(urn(), created.id, outputs, desired)).toEqual({ changes: DIFF_NONE, replaces: [], deleteBeforeReplace: true });
    const sameMeaning = inputs({
      name,
      sipRealm: `${name}.SIP.example.com`.toUpperCase(),
      registrationHook: { url: "https://hooks.example.com/register", method: "post", password: "s3cret-hook" },
      enableDebugLog: false,
    });
    expect((await host.diff(urn(), created.id, outputs, sameMeaning)).changes).toBe(DIFF_NONE);

    // diff: an update in place, a replacement, and a new connection (recorded by an update)
    const renamed = inputs({ ...desired, name: `${name}-renamed`, connection: undefined });
    expect(await host.diff(urn(), created.id, outputs, renamed)).toEqual({ changes: DIFF_SOME, replaces: [], deleteBeforeReplace: true });
    const moved = inputs({ ...desired, serviceProviderSid: "5f3e9d21-7c4b-4a8e-9f61-2d0b3c4e5a67", connection: undefined });
    expect(await host.diff(urn(), created.id, outputs, moved)).toEqual({
      changes: DIFF_SOME,
      replaces: ["serviceProviderSid"],
      deleteBeforeReplace: true,
    });
    const rotatedKey = { ...desired, connection: { ...connection, apiKey: "another-key-value" } };
    expect(await host.diff(urn(), created.id, outputs, rotatedKey)).toEqual({
      changes: DIFF_SOME,
      replaces: [],
      deleteBeforeReplace: true,
    });
    expect((await host.diff(urn(), created.id, outputs, inputs({ ...desired, name: UNKNOWN, connection: undefined }))).changes).toBe(
      DIFF_SOME,
    );

    // update
    const updated = await host.update(urn(), created.id, outputs, renamed);
    expect(updated).toMatchObject({ name: `${name}-renamed`, webhookSecret: outputs.webhookSecret, connection });
    expect(await portalAccount(created.id)).toMatchObject({ name: `${name}-renamed` });

    // refresh: an out-of-band change shows, a masked secret does not
    await portal.admin("PUT", `/Accounts/${created.id}`, { name: `${name}-by-hand` });
    const refreshed = await host.read(urn(), created.id, updated, renamed);
    expect(refreshed.id).toBe(created.id);
    expect(refreshed.properties).toMatchObject({ name: `${name}-by-hand`, registrationHook: { password: "s3cret-hook" }, connection });
    expect(refreshed.inputs).toBeUndefined();

    // delete
    await host.delete(urn(), created.id, refreshed.properties);
    expect(await host.read(urn(), created.id, refreshed.properties)).toMatchObject({ id: "" });
    await expect(host.delete(urn(), created.id, refreshed.properties)).resolves.toBeUndefined();
  });

  it("reads an account deleted out of band as gone (an empty ID)", async () => {
    const created = await host.create(urn("gone"), inputs({ name: uniqueName() }));
    await portal.admin("DELETE", `/Accounts/${created.id}`);
    expect((await host.read(urn("gone"), created.id, created.properties)).id).toBe("");
  });

  it("adopts an account from its ID alone (Account.get), returning the inputs an import needs", async () => {
    const name = uniqueName();
    const sid = (
      (await portal.admin("POST", "/Accounts", { name, service_provider_sid: portal.emulator.serviceProviderSid })) as { sid: string }
    ).sid;
    // What Account.get sends: the ID, the provider and the connection, no state.
    const adopted = await host.read(urn("adopted"), sid, { connection, __provider: harness.providers.Account });
    expect(adopted.id).toBe(sid);
    expect(adopted.properties).toMatchObject({
      name,
      serviceProviderSid: portal.emulator.serviceProviderSid,
      webhookSecret: expect.any(String),
      connection,
    });
    expect(adopted.inputs).toMatchObject({
      name,
      serviceProviderSid: portal.emulator.serviceProviderSid,
      enableDebugLog: false,
      connection,
    });
    expect(adopted.inputs).not.toHaveProperty("webhookSecret");
    // The program's inputs for that account then diff clean against what was read.
    expect((await host.diff(urn("adopted"), sid, adopted.properties, inputs({ name }))).changes).toBe(DIFF_NONE);

    expect(
      (await host.read(urn("adopted"), "00000000-0000-4000-8000-000000000000", { connection, __provider: harness.providers.Account })).id,
    ).toBe("");
  });

  it("fails the engine's own import request, which carries no __provider (pulumi/pulumi#16175)", async () => {
    // The engine's import step sends only the ID. The host then has no provider to load; it fails before our code
    // runs. When this starts to pass, the `import` resource option works and the docs can say so.
    const error = (await host.read(urn("imported"), "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c", {}).catch((e: unknown) => e)) as HostError;
    expect(error.details).toMatch(/code must be a string/);
  });

  it("fails a half-applied update with the account's ID and what the portal holds, so the engine keeps it", async () => {
    const name = uniqueName();
    const created = await host.create(urn("partial"), inputs({ name }));
    portal.emulator.faults.inject({ kind: "status", status: 500, match: { method: "PUT", path: `/v1/Accounts/${created.id}` } });
    const error = (await host
      .update(urn("partial"), created.id, created.properties, inputs({ name: `${name}-2` }))
      .catch((e: unknown) => e)) as HostError;
    expect(error.details).toMatch(/Updating account .* failed/);
    expect(error.initFailure).toMatchObject({ id: created.id, properties: { name, connection } });
    await host.delete(urn("partial"), created.id, created.properties);
  });

  it("fails a create whose name is taken, before writing anything", async () => {
    const name = uniqueName();
    const first = await host.create(urn("first"), inputs({ name }));
    const error = (await host.create(urn("second"), inputs({ name })).catch((e: unknown) => e)) as HostError;
    expect(error.details).toContain(`The name "${name}" is already used by account ${first.id}`);
    expect(error.initFailure).toBeUndefined();
    await host.delete(urn("first"), first.id, first.properties);
  });

  it("takes the connection from VOICEGATEWAY_* in the provider's environment when the resource has none", async () => {
    const envHost = await DynamicProviderHost.start(harness.program.dir, envWithoutVoiceGateway(portalEnv(portal)));
    try {
      const desired = inputs({ name: uniqueName() }, false);
      expect((await envHost.check(urn("env"), {}, desired)).failures).toEqual([]);
      const created = await envHost.create(urn("env"), desired);
      expect(created.properties).not.toHaveProperty("connection");
      expect((await envHost.read(urn("env"), created.id, created.properties)).id).toBe(created.id);
      await envHost.delete(urn("env"), created.id, created.properties);
    } finally {
      await envHost.close();
    }
  });
});
