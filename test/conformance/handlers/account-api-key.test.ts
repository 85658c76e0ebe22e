import { accountApiKeyResource, accountResource } from "../../../provider/src/core/resources/catalog";
import { createFromInput } from "../../../provider/src/core/resources/validated-handlers";
import { ConfigValidationError } from "../../../provider/src/core/schema/issues";
import { itWithEmulator, type PortalFixture, startPortalUnderTest, uniqueName } from "../../support/portal";

const handlers = accountApiKeyResource.handlers;

describe("account_api_key handlers against the portal", () => {
  let portal: PortalFixture;
  let accountSid: string;
  beforeAll(async () => {
    portal = await startPortalUnderTest();
  });
  beforeEach(async () => {
    accountSid = (await createFromInput(accountResource, portal.ctx, { name: uniqueName() })).id;
  });
  afterAll(() => portal.close());

  it("creates an account-scoped key, finds it by listing, imports and deletes it", async () => {
    const key = await createFromInput(accountApiKeyResource, portal.ctx, { account_sid: accountSid, triggers: { rotated: "2026-11" } });
    expect(key.token).toMatch(/^[0-9a-f-]{36}$/);
    // The key works, and only for its own account.
    const list = (await portal.admin("GET", `/Accounts/${accountSid}/ApiKeys`)) as {
      api_key_sid: string;
      service_provider_sid: string | null;
    }[];
    expect(list).toEqual([expect.objectContaining({ api_key_sid: key.id, service_provider_sid: null })]);

    expect(await handlers.read(portal.ctx, key)).toEqual(key);
    expect(await handlers.importState(portal.ctx, `${accountSid}/${key.id}`)).toEqual({
      account_sid: accountSid,
      id: key.id,
      token: key.token,
    });

    await handlers.delete(portal.ctx, key);
    expect(await handlers.read(portal.ctx, key)).toBeNull();
    await expect(handlers.delete(portal.ctx, key)).resolves.toBeUndefined();
  });

  it("reads a key deleted out of band, or with its account, as gone", async () => {
    const key = await createFromInput(accountApiKeyResource, portal.ctx, { account_sid: accountSid });
    await portal.admin("DELETE", `/ApiKeys/${key.id}`);
    expect(await handlers.read(portal.ctx, key)).toBeNull();

    const second = await createFromInput(accountApiKeyResource, portal.ctx, { account_sid: accountSid });
    await portal.admin("DELETE", `/Accounts/${accountSid}`);
    expect(await handlers.read(portal.ctx, second)).toBeNull();
  });

  itWithEmulator("adopts the key when the create's response is lost, instead of creating a second", "injects a lost response", async () => {
    portal.emulator.faults.inject({ kind: "lost-response", match: { method: "POST", path: "/v1/ApiKeys" } });
    const key = await createFromInput(accountApiKeyResource, portal.ctx, { account_sid: accountSid });
    const list = (await portal.admin("GET", `/Accounts/${accountSid}/ApiKeys`)) as { api_key_sid: string; token: string }[];
    expect(list).toEqual([expect.objectContaining({ api_key_sid: key.id, token: key.token })]);
  });

  itWithEmulator("fails on a malformed account SID before any request", "counts requests in the emulator's log", async () => {
    portal.emulator.requests.clear();
    const error = await createFromInput(accountApiKeyResource, portal.ctx, { account_sid: "acme" }).catch((e: unknown) => e);
    expect(ConfigValidationError.is(error)).toBe(true);
    expect(portal.emulator.requests.count()).toBe(0);
  });

  it("fails on an import ID that is not <account_sid>/<api_key_sid>", async () => {
    await expect(handlers.importState(portal.ctx, "just-a-key")).rejects.toThrow(/<account_sid>\/<api_key_sid>/);
  });
});
