import { accountLimitsResource, accountResource } from "../../../provider/src/core/resources/catalog";
import { createFromInput, updateFromInput } from "../../../provider/src/core/resources/validated-handlers";
import { ConfigValidationError } from "../../../provider/src/core/schema/issues";
import { itWithEmulator, type PortalFixture, startPortalUnderTest, uniqueName } from "../../support/portal";

const handlers = accountLimitsResource.handlers;
type Limit = { category: string; quantity: number };

describe("account_limits handlers against the portal", () => {
  let portal: PortalFixture;
  let accountSid: string;
  beforeAll(async () => {
    portal = await startPortalUnderTest();
  });
  beforeEach(async () => {
    accountSid = (await createFromInput(accountResource, portal.ctx, { name: uniqueName() })).id;
  });
  afterAll(() => portal.close());

  const limits = async () =>
    ((await portal.admin("GET", `/Accounts/${accountSid}/Limits`)) as Limit[]).map((l) => `${l.category}=${l.quantity}`).sort();

  it("maps unit, max and licensed onto the portal's categories, and switching unit deletes the other unit's", async () => {
    const sessions = await createFromInput(accountLimitsResource, portal.ctx, {
      account_sid: accountSid,
      unit: "sessions",
      max: 100,
      licensed: 50,
    });
    expect(await limits()).toEqual(["voice_call_session=100", "voice_call_session_license=50"]);
    expect(await handlers.read(portal.ctx, sessions)).toEqual(sessions);
    expect(await handlers.importState(portal.ctx, accountSid)).toEqual(sessions);

    const minutes = await updateFromInput(accountLimitsResource, portal.ctx, sessions, {
      account_sid: accountSid,
      unit: "minutes",
      max: 0,
    });
    expect(await limits()).toEqual(["voice_call_minutes=0"]);
    expect(await handlers.read(portal.ctx, minutes)).toEqual(minutes);

    await handlers.delete(portal.ctx, minutes);
    expect(await limits()).toEqual([]);
  });

  it("leaves categories it does not manage alone", async () => {
    await portal.admin("POST", `/Accounts/${accountSid}/Limits`, { category: "api_rate", quantity: 7 });
    const created = await createFromInput(accountLimitsResource, portal.ctx, { account_sid: accountSid, max: 10 });
    await handlers.delete(portal.ctx, created);
    expect(await limits()).toEqual(["api_rate=7"]);
  });

  itWithEmulator("shows out-of-band changes, and an unchanged update writes nothing", "counts requests in the emulator's log", async () => {
    const created = await createFromInput(accountLimitsResource, portal.ctx, { account_sid: accountSid, max: 20, licensed: 10 });
    await portal.admin("POST", `/Accounts/${accountSid}/Limits`, { category: "voice_call_session", quantity: 25 });
    const drifted = await handlers.read(portal.ctx, created);
    expect(drifted).toMatchObject({ max: 25, licensed: 10 });
    portal.emulator.requests.clear();
    await updateFromInput(accountLimitsResource, portal.ctx, drifted!, { account_sid: accountSid, max: 25, licensed: 10 });
    expect(portal.emulator.requests.count({ method: "POST" }) + portal.emulator.requests.count({ method: "DELETE" })).toBe(0);
  });

  it("reads the limits of a deleted account as gone", async () => {
    const created = await createFromInput(accountLimitsResource, portal.ctx, { account_sid: accountSid, max: 5 });
    await portal.admin("DELETE", `/Accounts/${accountSid}`);
    expect(await handlers.read(portal.ctx, created)).toBeNull();
  });

  itWithEmulator("fails on a negative max before any request", "counts requests in the emulator's log", async () => {
    portal.emulator.requests.clear();
    const error = await createFromInput(accountLimitsResource, portal.ctx, { account_sid: accountSid, max: -5 }).catch((e: unknown) => e);
    expect(ConfigValidationError.is(error)).toBe(true);
    expect(portal.emulator.requests.count()).toBe(0);
  });
});
