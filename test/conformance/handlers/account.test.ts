import { PortalClient } from "../../../provider/src/core/client";
import { type AccountState } from "../../../provider/src/core/resources/account/schema";
import { accountResource } from "../../../provider/src/core/resources/catalog";
import { ResourceConflictError } from "../../../provider/src/core/resources/conflict-error";
import { createFromInput, updateFromInput } from "../../../provider/src/core/resources/validated-handlers";
import { ConfigValidationError } from "../../../provider/src/core/schema/issues";
import { itWithEmulator, type PortalFixture, startPortalUnderTest, uniqueName } from "../../support/portal";

const handlers = accountResource.handlers;

describe("account handlers against the portal", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortalUnderTest();
  });
  afterAll(() => portal.close());

  const create = (raw: Record<string, unknown>) => createFromInput(accountResource, portal.ctx, raw);

  it("creates, reads, imports, updates and deletes an account", async () => {
    const name = uniqueName();
    const created = await create({
      name,
      sip_realm: `${name}.SIP.example.com`,
      registration_hook: { url: "https://hooks.example.com/reg", method: "get", username: "u", password: "p4ssw0rd!" },
    });
    expect(created).toMatchObject({
      name,
      service_provider_sid: portal.serviceProviderSid,
      sip_realm: `${name}.SIP.example.com`,
      registration_hook: { method: "get", password: "p4ssw0rd!" },
      enable_debug_log: false,
    });
    expect(created.webhook_secret).toMatch(/^wh_secret_[1-9A-HJ-NP-Za-km-z]{22}$/);

    // The portal lower-cases the realm and upper-cases the method; a read keeps the configured spelling.
    expect(await handlers.read(portal.ctx, created)).toEqual(created);

    const imported = await handlers.importState(portal.ctx, created.id);
    expect(imported).toMatchObject({ id: created.id, name, sip_realm: `${name}.sip.example.com`, registration_hook: { method: "GET" } });

    const renamed = await updateFromInput(accountResource, portal.ctx, created, { ...created, name: `${name}-2`, enable_debug_log: true });
    expect(renamed).toMatchObject({ name: `${name}-2`, enable_debug_log: true, webhook_secret: created.webhook_secret });
    expect(await handlers.read(portal.ctx, renamed)).toEqual(renamed);

    await handlers.delete(portal.ctx, renamed);
    expect(await handlers.read(portal.ctx, renamed)).toBeNull();
    // Deleting again is not an error: the admin's 500 for a missing account is recognised as "gone".
    await expect(handlers.delete(portal.ctx, renamed)).resolves.toBeUndefined();
  });

  it("shows an out-of-band change as drift and an out-of-band delete as gone", async () => {
    const created = await create({ name: uniqueName(), queue_event_hook: { url: "https://hooks.example.com/q" } });
    await portal.admin("PUT", `/Accounts/${created.id}`, { name: "renamed-by-hand", queue_event_hook: null });
    const drifted = await handlers.read(portal.ctx, created);
    expect(drifted?.name).toBe("renamed-by-hand");
    expect(drifted?.queue_event_hook).toBeUndefined();
    await portal.admin("DELETE", `/Accounts/${created.id}`);
    expect(await handlers.read(portal.ctx, created)).toBeNull();
  });

  itWithEmulator(
    "sends only what changed, and a hook only when it changed",
    "counts webhook rows and requests in the emulator",
    async () => {
      const created = await create({ name: uniqueName(), registration_hook: { url: "https://hooks.example.com/reg" } });
      const rows = await portal.emulator.webhookCount();
      portal.emulator.requests.clear();
      await updateFromInput(accountResource, portal.ctx, created, { ...created, enable_debug_log: true });
      expect(await portal.emulator.webhookCount()).toBe(rows);
      expect(portal.emulator.requests.count({ method: "PUT" })).toBe(1);
      // Only a PUT: a successful update needs no read-back.
      expect(portal.emulator.requests.count()).toBe(1);
    },
  );

  it("regenerates the webhook secret when webhook_secret_rotation changes", async () => {
    const created = await create({ name: uniqueName(), webhook_secret_rotation: "2026-11" });
    const rotated = await updateFromInput(accountResource, portal.ctx, created, { ...created, webhook_secret_rotation: "2026-12" });
    expect(rotated.webhook_secret).not.toBe(created.webhook_secret);
    expect((await handlers.read(portal.ctx, rotated))?.webhook_secret).toBe(rotated.webhook_secret);
  });

  itWithEmulator(
    "fails on bad input before sending any request, listing every problem",
    "counts requests in the emulator's log",
    async () => {
      portal.emulator.requests.clear();
      const error = await create({ name: "", sip_realm: "not a realm", queue_event_hook: { url: "ftp://x" } }).catch((e: unknown) => e);
      expect(ConfigValidationError.is(error)).toBe(true);
      expect((error as ConfigValidationError).issues.map((i) => i.path.join("."))).toEqual(["name", "sip_realm", "queue_event_hook.url"]);
      expect(portal.emulator.requests.count()).toBe(0);
    },
  );

  itWithEmulator(
    "fails to create a second account with the same name, without creating it",
    "counts requests in the emulator's log",
    async () => {
      const name = uniqueName();
      const first = await create({ name });
      portal.emulator.requests.clear();
      const error = await create({ name }).catch((e: unknown) => e);
      expect(ResourceConflictError.is(error)).toBe(true);
      expect((error as Error).message).toContain(first.id);
      expect(portal.emulator.requests.count({ method: "POST" })).toBe(0);
    },
  );

  itWithEmulator("fails on a SIP realm another account uses, before any write", "counts requests in the emulator's log", async () => {
    const realm = `${uniqueName()}.example.com`;
    await create({ name: uniqueName(), sip_realm: realm });
    portal.emulator.requests.clear();
    await expect(create({ name: uniqueName(), sip_realm: realm.toUpperCase() })).rejects.toThrow(/already used by another account/);
    expect(portal.emulator.requests.count({ method: "POST" })).toBe(0);
  });

  itWithEmulator(
    "adopts the account when the create's response is lost, instead of creating it twice",
    "injects a lost response",
    async () => {
      const name = uniqueName();
      portal.emulator.faults.inject({ kind: "lost-response", match: { method: "POST", path: "/v1/Accounts" } });
      const created = await create({ name });
      const list = (await portal.admin("GET", `/ServiceProviders/${portal.serviceProviderSid}/Accounts`)) as { name: string }[];
      expect(list.filter((a) => a.name === name)).toHaveLength(1);
      expect(created.name).toBe(name);
    },
  );

  describe("application references", () => {
    async function appOf(accountSid: string): Promise<string> {
      const body = (await portal.admin("POST", "/Applications", {
        name: uniqueName("app"),
        account_sid: accountSid,
        call_hook: { url: "https://hooks.example.com/call" },
        call_status_hook: { url: "https://hooks.example.com/status" },
      })) as { sid: string };
      return body.sid;
    }

    it("fails on an application of another account, naming its owner", async () => {
      const mine = await create({ name: uniqueName() });
      const other = await create({ name: uniqueName() });
      const foreign = await appOf(other.id);
      const error = await updateFromInput(accountResource, portal.ctx, mine, { ...mine, device_calling_application_sid: foreign }).catch(
        (e: unknown) => e,
      );
      expect(ConfigValidationError.is(error)).toBe(true);
      expect((error as Error).message).toContain(other.id);
    });

    it("sets its own applications, and deletes the account after clearing them", async () => {
      const mine = await create({ name: uniqueName() });
      const app = await appOf(mine.id);
      const linked = await updateFromInput(accountResource, portal.ctx, mine, {
        ...mine,
        device_calling_application_sid: app,
        siprec_application_sid: app,
      });
      expect(await handlers.read(portal.ctx, linked)).toMatchObject({ device_calling_application_sid: app, siprec_application_sid: app });
      // Without clearing first, the portal answers 500 and leaves the account half-deleted (portal-behaviour.md §2.6).
      await handlers.delete(portal.ctx, linked);
      expect(await handlers.read(portal.ctx, linked)).toBeNull();
    });
  });

  describe("with a service-provider key", () => {
    let spClient: PortalClient;
    beforeAll(async () => {
      const key = (await portal.admin("POST", "/ApiKeys", { service_provider_sid: portal.serviceProviderSid })) as { token: string };
      spClient = new PortalClient({ apiUrl: portal.apiUrl, apiKey: key.token, rateLimit: false });
    });
    afterAll(() => spClient.close());

    it("creates under its own service provider and reads a deleted account as gone despite the 403", async () => {
      const ctx = { client: spClient };
      const created: AccountState = await createFromInput(accountResource, ctx, { name: uniqueName() });
      expect(created.service_provider_sid).toBe(portal.serviceProviderSid);
      await portal.admin("DELETE", `/Accounts/${created.id}`);
      expect(await handlers.read(ctx, created)).toBeNull();
      await expect(handlers.delete(ctx, created)).resolves.toBeUndefined();
    });
  });
});
