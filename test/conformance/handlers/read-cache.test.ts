import { accountApiKeyResource, accountRecordingResource, accountResource } from "../../../provider/src/core/resources/catalog";
import { type HandlerContext } from "../../../provider/src/core/resources/handler-context";
import { PortalSession } from "../../../provider/src/core/resources/portal-session";
import { createFromInput, updateFromInput } from "../../../provider/src/core/resources/validated-handlers";
import { describeWithEmulator, type PortalFixture, startPortalUnderTest, uniqueName } from "../../support/portal";

const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const GOOGLE_KEY = JSON.stringify({
  client_email: "rec@voice.iam.gserviceaccount.com",
  private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----\n",
});

describeWithEmulator("reads shared through one process's cache", "counts requests in the emulator's log", () => {
  let portal: PortalFixture;
  let cached: HandlerContext;
  const accounts: { id: string }[] = [];
  const recordings: Awaited<ReturnType<typeof accountRecordingResource.handlers.create>>[] = [];
  const keys: Awaited<ReturnType<typeof accountApiKeyResource.handlers.create>>[] = [];

  beforeAll(async () => {
    portal = await startPortalUnderTest();
    for (let i = 0; i < 5; i++) {
      const account = await createFromInput(accountResource, portal.ctx, { name: uniqueName(), sip_realm: `${uniqueName()}.example.com` });
      accounts.push(account);
      recordings.push(
        await createFromInput(
          accountRecordingResource,
          portal.ctx,
          i % 2
            ? { account_sid: account.id, google_cloud_storage: { bucket: "voice-recordings", service_key: GOOGLE_KEY } }
            : {
                account_sid: account.id,
                aws_s3: { bucket: "rec-bucket", region: "us-east-1", access_key_id: "AKIAIOSFODNN7EXAMPLE", secret_access_key: AWS_SECRET },
              },
        ),
      );
      keys.push(await createFromInput(accountApiKeyResource, portal.ctx, { account_sid: account.id }));
      keys.push(await createFromInput(accountApiKeyResource, portal.ctx, { account_sid: account.id }));
    }
  });
  beforeEach(() => {
    cached = { ...portal.ctx, session: new PortalSession() };
    portal.emulator.requests.clear();
  });
  afterAll(() => portal.close());

  it("reads every account and recording with one list, masked exactly as the single GET masks them", async () => {
    const viaCache = await Promise.all([
      ...accounts.map((a) => accountResource.handlers.importState(cached, a.id)),
      ...recordings.map((r) => accountRecordingResource.handlers.importState(cached, r.account_sid)),
    ]);
    expect(portal.emulator.requests.count()).toBe(1);
    expect(portal.emulator.requests.all()[0]).toMatchObject({
      method: "GET",
      path: `/v1/ServiceProviders/${portal.serviceProviderSid}/Accounts`,
    });
    const direct = await Promise.all([
      ...accounts.map((a) => accountResource.handlers.importState(portal.ctx, a.id)),
      ...recordings.map((r) => accountRecordingResource.handlers.importState(portal.ctx, r.account_sid)),
    ]);
    expect(viaCache).toEqual(direct);
    expect(JSON.stringify(viaCache)).not.toContain(AWS_SECRET);
    expect(JSON.stringify(viaCache)).not.toContain("MIIEvgIBAD");
  });

  it("reads every key of an account with one list per account", async () => {
    await Promise.all(keys.map((k) => accountApiKeyResource.handlers.read(cached, k)));
    expect(portal.emulator.requests.count()).toBe(accounts.length);
  });

  it("reads an account afresh after this process wrote it", async () => {
    const [first] = accounts;
    const before = (await accountResource.handlers.importState(cached, first!.id))!;
    const renamed = await updateFromInput(accountResource, cached, before, { ...before, name: `${before.name}-x` });
    expect((await accountResource.handlers.read(cached, renamed))?.name).toBe(`${before.name}-x`);
    await updateFromInput(accountResource, portal.ctx, renamed, { ...renamed, name: before.name });
  });

  it("falls back to the single GET for accounts the list does not hold", async () => {
    const sp = ((await portal.admin("POST", "/ServiceProviders", { name: uniqueName("sp") })) as { sid: string }).sid;
    const elsewhere = await createFromInput(accountResource, portal.ctx, { name: uniqueName(), service_provider_sid: sp });
    portal.emulator.requests.clear();
    expect(await accountResource.handlers.read(cached, elsewhere)).toMatchObject({ id: elsewhere.id });
    expect(portal.emulator.requests.count()).toBe(2);
  });
});
