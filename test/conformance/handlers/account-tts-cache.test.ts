import { accountDataSource } from "../../../provider/src/core/data-sources/account";
import { accountTtsCacheDataSource } from "../../../provider/src/core/data-sources/account-tts-cache";
import { accountResource, accountTtsCacheClearResource } from "../../../provider/src/core/resources/catalog";
import { createFromInput } from "../../../provider/src/core/resources/validated-handlers";
import { itWithEmulator, type PortalFixture, startPortalUnderTest, uniqueName } from "../../support/portal";

describe("TTS cache and account data sources against the portal", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortalUnderTest();
  });
  afterAll(() => portal.close());

  itWithEmulator(
    "counts the cached prompts and clears them on create",
    "seeds cached TTS prompts, which only the emulator can",
    async () => {
      const account = await createFromInput(accountResource, portal.ctx, { name: uniqueName() });
      await portal.emulator.seedTtsCache(account.id, 4);
      expect(await accountTtsCacheDataSource.read(portal.ctx, { account_sid: account.id })).toMatchObject({ cached_prompts: 4 });
      const cleared = await createFromInput(accountTtsCacheClearResource, portal.ctx, {
        account_sid: account.id,
        triggers: { voice: "v2" },
      });
      expect(cleared.cleared_prompts).toBe(4);
      expect(await accountTtsCacheDataSource.read(portal.ctx, { account_sid: account.id })).toMatchObject({ cached_prompts: 0 });
    },
  );

  it("reads an account by SID and by name", async () => {
    const name = uniqueName();
    const account = await createFromInput(accountResource, portal.ctx, { name, sip_realm: `${name}.example.com` });
    const byId = await accountDataSource.read(portal.ctx, { id: account.id });
    const byName = await accountDataSource.read(portal.ctx, { name });
    expect(byId).toEqual(byName);
    expect(byName).toMatchObject({ id: account.id, sip_realm: `${name}.example.com`, record_format: "mp3", record_all_calls: false });
    await expect(accountDataSource.read(portal.ctx, { name: "no-such-account" })).rejects.toThrow(/No account named "no-such-account"/);
  });
});
