import { PORTAL_DIFFERENCES, type PortalDifference, type RunningEmulator } from "../../provider/src/emulator";
import {
  call,
  createAccount,
  createApiKey,
  createApplication,
  getAccount,
  type Json,
  listedAccount,
  MISSING_SID,
  putAccount,
  start,
  uniqueName,
} from "./support";

const SECRET = "FAKE-secret-for-variant-tests-0000";
const CREDENTIAL = { vendor: "aws_s3", name: "fake-bucket", region: "us-east-1", access_key_id: "AKIAFAKEFAKEFAKE0000" };

/**
 * Each difference, as a request sequence and what it shows, run against the faithful emulator and against one with
 * only that difference.
 */
const CASES: Record<PortalDifference, { run: (emu: RunningEmulator) => Promise<unknown>; upstream: unknown; variant: unknown }> = {
  "masked-account-lists": {
    run: async (emu) => {
      const sid = await createAccount(emu);
      await putAccount(emu, sid, { bucket_credential: { ...CREDENTIAL, secret_access_key: SECRET } });
      return ((await listedAccount(emu, sid)).bucket_credential as Json).secret_access_key;
    },
    upstream: SECRET,
    variant: `FAKE-s${"X".repeat(SECRET.length - 6)}`,
  },
  "unmasked-account-read": {
    run: async (emu) => {
      const sid = await createAccount(emu);
      await putAccount(emu, sid, { bucket_credential: { ...CREDENTIAL, secret_access_key: SECRET } });
      return ((await getAccount(emu, sid)).bucket_credential as Json).secret_access_key;
    },
    upstream: `FAKE-s${"X".repeat(SECRET.length - 6)}`,
    variant: SECRET,
  },
  "missing-account-delete-404": {
    run: async (emu) => (await call(emu, "DELETE", `/v1/Accounts/${MISSING_SID}`)).status,
    upstream: 500,
    variant: 404,
  },
  "missing-api-key-delete-400": {
    run: async (emu) => (await call(emu, "DELETE", `/v1/ApiKeys/${MISSING_SID}`)).status,
    upstream: 404,
    variant: 400,
  },
  "recording-field-checked-400": {
    run: async (emu) => (await putAccount(emu, await createAccount(emu), { bucket_credential: CREDENTIAL })).status,
    upstream: 500,
    variant: 400,
  },
  "limits-session-and-minute-only": {
    run: async (emu) => {
      const sid = await createAccount(emu);
      const statuses = [];
      for (const category of ["voice_call_session", "api_rate", "device"]) {
        statuses.push((await call(emu, "POST", `/v1/Accounts/${sid}/Limits`, { body: { category, quantity: 1 } })).status);
      }
      return statuses;
    },
    upstream: [201, 201, 201],
    variant: [201, 500, 500],
  },
  "limits-insert-only": {
    run: async (emu) => {
      const sid = await createAccount(emu);
      for (const quantity of [1, 2]) {
        await call(emu, "POST", `/v1/Accounts/${sid}/Limits`, { body: { category: "voice_call_session", quantity } });
      }
      return (await call(emu, "GET", `/v1/Accounts/${sid}/Limits`)).json<Json[]>().map((l) => l.quantity);
    },
    upstream: [2],
    variant: [1, 2],
  },
  "account-keys-service-provider-scope": {
    run: async (emu) => {
      const key = await createApiKey(emu, { account_sid: await createAccount(emu) });
      await createAccount(emu);
      return (await call(emu, "GET", "/v1/Accounts", { token: key.token })).json<Json[]>().length > 1;
    },
    upstream: false,
    variant: true,
  },
  "no-retry-after": {
    run: async (emu) => {
      emu.faults.inject({ kind: "rate-limit", retryAfterSecs: 3 });
      const res = await call(emu, "GET", "/v1/Accounts");
      return [res.status, res.headers["retry-after"]];
    },
    upstream: [429, "3"],
    variant: [429, undefined],
  },
  "application-owner-checked": {
    run: async (emu) => {
      const foreign = await createApplication(emu, await createAccount(emu));
      return (await putAccount(emu, await createAccount(emu), { device_calling_application_sid: foreign })).status;
    },
    upstream: 204,
    variant: 400,
  },
  "unique-account-names": {
    run: async (emu) => {
      const name = uniqueName();
      await createAccount(emu, { name });
      const res = await call(emu, "POST", "/v1/Accounts", {
        body: { name: name.toUpperCase(), service_provider_sid: emu.serviceProviderSid },
      });
      return res.status;
    },
    upstream: 201,
    variant: 422,
  },
  "webhook-secret-kept": {
    run: async (emu) => {
      const sid = await createAccount(emu);
      const before = (await getAccount(emu, sid)).webhook_secret;
      const after = (await call(emu, "GET", `/v1/Accounts/${sid}/WebhookSecret?regenerate=true`)).json().webhook_secret;
      return after === before;
    },
    upstream: false,
    variant: true,
  },
};

describe("portal variants", () => {
  let upstream: RunningEmulator;
  beforeAll(async () => {
    upstream = await start();
  });
  afterAll(() => upstream.close());

  it("has a case for every documented difference", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(PORTAL_DIFFERENCES).sort());
  });

  it.each(Object.keys(CASES) as PortalDifference[])("%s: the variant answers as documented, upstream as before", async (difference) => {
    const { run, upstream: expectedUpstream, variant: expectedVariant } = CASES[difference];
    const emu = await start({ variant: [difference] });
    try {
      expect(await run(upstream)).toEqual(expectedUpstream);
      expect(await run(emu)).toEqual(expectedVariant);
    } finally {
      await emu.close();
    }
  });

  it("refuses a difference it does not know", async () => {
    await expect(start({ variant: ["lenient-everything" as PortalDifference] })).rejects.toThrow(
      /unknown portal difference lenient-everything/,
    );
  });
});
