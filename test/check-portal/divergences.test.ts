import { PortalClient } from "../../provider/src/core/client";
import { type EmulatorOptions, type PortalDifference, type RunningEmulator } from "../../provider/src/emulator";
import { type ProbeResult } from "../../provider/src/portal-check";
import { type CheckRun, checkPortal, checkWithScratch, emulatorTarget, emulatorWith } from "./support";

/**
 * Each probe fed a portal that differs where it looks: the probe must say it differs, what it saw and what the
 * provider does about it, and the run must exit 2. Every other probe must still hold, so a difference is
 * reported by the probe it belongs to and by no other.
 */
async function checkAgainst(options: EmulatorOptions, prepare?: (emulator: RunningEmulator) => void): Promise<CheckRun> {
  const emulator = await emulatorWith(options);
  try {
    prepare?.(emulator);
    return await checkWithScratch(emulatorTarget(emulator));
  } finally {
    await emulator.close();
  }
}

const variant = (...differences: PortalDifference[]): EmulatorOptions => ({ variant: differences });

function expectOnlyDifference(run: CheckRun, id: string, seen: RegExp, provider: RegExp): void {
  const probe = run.probe(id) as Extract<ProbeResult, { status: "differs" }>;
  expect(probe).toMatchObject({ status: "differs" });
  expect(probe.observed).toMatch(seen);
  expect(probe.providerAction).toMatch(provider);
  const others = run.report().probes.filter((p) => p.id !== id && p.id !== "retry-after");
  expect(others.filter((p) => p.status !== "holds").map((p) => p.id)).toEqual([]);
  expect(run.code).toBe(2);
  expect(run.report().scratchAccounts.every((a) => a.deleted)).toBe(true);
}

describe("each probe says so when the portal differs", () => {
  it("recording-secret-masking: account lists that mask secrets", async () => {
    const run = await checkAgainst(variant("masked-account-lists"));
    expectOnlyDifference(
      run,
      "recording-secret-masking",
      /the account list showed it masked or altered \(41 characters, ending in X\)/,
      /Plans would show recording secrets as changed/,
    );
  });

  it("recording-secret-masking: a single-account GET that shows secrets in clear", async () => {
    const run = await checkAgainst(variant("unmasked-account-read"));
    expectOnlyDifference(run, "recording-secret-masking", /^the single-account GET showed it in clear$/, /No change in plans/);
  });

  it("recording-secret-masking (read-only): an existing account's secret masked in the list", async () => {
    const emulator = await emulatorWith({ variant: ["masked-account-lists"] });
    try {
      const admin = new PortalClient({ apiUrl: emulator.apiUrl, apiKey: emulator.adminKey, rateLimit: false });
      const sid = (
        (await admin.post(["Accounts"], { name: "existing", service_provider_sid: emulator.serviceProviderSid })) as { sid: string }
      ).sid;
      await admin.put(["Accounts", sid], {
        bucket_credential: { vendor: "azure", name: "rec", connection_string: "FAKE-connection-string-for-tests-0000" },
      });
      await admin.close();
      const run = await checkPortal(emulatorTarget(emulator), ["--read-only", "--format", "json"]);
      expect(run.probe("recording-secret-masking")).toMatchObject({
        status: "differs",
        observed: `account ${sid}: the account list showed it masked or altered (37 characters, ending in X)`,
      });
      expect(run.code).toBe(2);
    } finally {
      await emulator.close();
    }
  });

  it("missing-account-status: an admin's DELETE of a missing account answering 404", async () => {
    const run = await checkAgainst(variant("missing-account-delete-404"));
    expectOnlyDifference(
      run,
      "missing-account-status",
      /admin key, the deleted scratch account: GET 404, DELETE 404$/,
      /^None needed: the provider still reads the account as gone/,
    );
  });

  it("missing-account-status (read-only): a missing account that reads as a 500", async () => {
    const emulator = await emulatorWith();
    try {
      // In read-only mode the probe's GET of an SID nobody has is the only single-account GET of the run.
      emulator.faults.inject({ kind: "status", status: 500, match: { method: "GET", path: /^\/v1\/Accounts\/[^/]+$/ } });
      const run = await checkPortal(emulatorTarget(emulator), ["--read-only", "--format", "json"]);
      expect(run.probe("missing-account-status")).toMatchObject({
        status: "differs",
        observed: expect.stringMatching(/^admin key, an account that never existed: GET 500 .*; DELETE not sent \(read-only\)$/),
        providerAction: expect.stringMatching(/would fail every plan/),
      });
      expect(emulator.faults.pending()).toEqual([]);
      expect(run.code).toBe(2);
    } finally {
      await emulator.close();
    }
  });

  it("missing-api-key-status: a DELETE of a missing key answering 400", async () => {
    const run = await checkAgainst(variant("missing-api-key-delete-400"));
    expectOnlyDifference(
      run,
      "missing-api-key-status",
      /a second DELETE of the probe's key: 400 "api key .* not found"/,
      /fails with this answer/,
    );
  });

  it("bad-input-status: a missing recording field refused with 400", async () => {
    const run = await checkAgainst(variant("recording-field-checked-400"));
    expectOnlyDifference(
      run,
      "bad-input-status",
      /without secret_access_key: 400 "invalid aws S3 bucket credential/,
      /^None needed: the provider checks required fields at plan time/,
    );
  });

  it("limit-categories: a portal without the api_rate and device categories", async () => {
    const run = await checkAgainst(variant("limits-session-and-minute-only"));
    expectOnlyDifference(
      run,
      "limit-categories",
      /^refused: api_rate \(500 "Data truncated.*\), device \(500 "Data truncated/,
      /^None needed for api_rate and device/,
    );
  });

  it("limit-categories: a POST that adds rows instead of replacing the category's", async () => {
    const run = await checkAgainst(variant("limits-insert-only"));
    expectOnlyDifference(
      run,
      "limit-categories",
      /has 2 row\(s\) of it, quantities 1, 100 \(expected one, 100\)/,
      /add a row instead of replacing one/,
    );
  });

  it("account-key-scope: keys created with only account_sid that get service-provider scope", async () => {
    const run = await checkAgainst(variant("account-keys-service-provider-scope"));
    expectOnlyDifference(
      run,
      "account-key-scope",
      /the key is listed with service provider [0-9a-f-]{36}; with its token, GET \/Accounts shows 1 other account/,
      /treat them as service-provider credentials/,
    );
  });

  it("rate-limit-headers: a portal that sends no RateLimit-* headers", async () => {
    // Rate limiting switched off, as DISABLE_RATE_LIMITS does on a portal: no headers at all.
    const run = await checkAgainst({ rateLimit: false });
    expectOnlyDifference(
      run,
      "rate-limit-headers",
      /^(\d+) of \1 answers had no RateLimit-Policy; \1 of \1 answers had no RateLimit-Remaining; \1 of \1 answers had no RateLimit-Reset$/,
      /paces itself by its own count only/,
    );
  });

  it("retry-after: a 429 without Retry-After", async () => {
    const run = await checkAgainst(variant("no-retry-after"), (emulator) =>
      emulator.faults.inject({ kind: "rate-limit", retryAfterSecs: 0, match: { method: "GET" } }),
    );
    expectOnlyDifference(run, "retry-after", /^1 of 1 429 answers had no Retry-After$/, /backs off exponentially/);
  });

  it("application-ownership: a portal that checks who owns the application", async () => {
    const run = await checkAgainst(variant("application-owner-checked"));
    expectOnlyDifference(
      run,
      "application-ownership",
      /an application of another account: 400 "application .* does not belong/,
      /^None needed: the provider checks that an application belongs/,
    );
  });

  it("account-name-uniqueness: a portal that refuses a name already in use", async () => {
    const run = await checkAgainst(variant("unique-account-names"));
    expectOnlyDifference(
      run,
      "account-name-uniqueness",
      /with the scratch account's name again: 422 "Duplicate entry/,
      /refuses a name in use/,
    );
    // The second scratch account the application probe needs is then made under another name, and deleted too.
    expect(run.report().scratchAccounts.map((a) => a.name)).toEqual([
      expect.stringMatching(/^vg-check-portal-[0-9a-f]{10}$/),
      expect.stringMatching(/-2$/),
    ]);
  });

  it("webhook-secret-regeneration: a regeneration that keeps the secret", async () => {
    const run = await checkAgainst(variant("webhook-secret-kept"));
    expectOnlyDifference(
      run,
      "webhook-secret-regeneration",
      /^the secret returned is the one the account had$/,
      /does not rotate anything/,
    );
  });
});
