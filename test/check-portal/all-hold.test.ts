import { PortalClient } from "../../provider/src/core/client";
import { type RunningEmulator } from "../../provider/src/emulator";
import { allAccounts, checkPortal, checkWithScratch, emulatorTarget, emulatorWith } from "./support";

const BYSTANDER_SECRET = "FAKEbystander-secret-never-to-be-shown-0000";
const EVERY_PROBE = [
  "recording-secret-masking",
  "bad-input-status",
  "limit-categories",
  "account-name-uniqueness",
  "application-ownership",
  "account-key-scope",
  "missing-api-key-status",
  "webhook-secret-regeneration",
  "missing-account-status",
  "rate-limit-headers",
  "retry-after",
];

describe("check-portal against the faithful emulator", () => {
  let emulator: RunningEmulator;
  let admin: PortalClient;
  let bystander: string;
  beforeAll(async () => {
    emulator = await emulatorWith();
    admin = new PortalClient({ apiUrl: emulator.apiUrl, apiKey: emulator.adminKey, rateLimit: false });
    // An account the check must leave exactly as it is, with something in every part the probes touch.
    bystander = (
      (await admin.post(["Accounts"], { name: "bystander", service_provider_sid: emulator.serviceProviderSid })) as { sid: string }
    ).sid;
    await admin.put(["Accounts", bystander], {
      bucket_credential: {
        vendor: "aws_s3",
        name: "bystander-bucket",
        region: "us-east-1",
        access_key_id: "AKIAFAKEBYSTANDER000",
        secret_access_key: BYSTANDER_SECRET,
      },
    });
    await admin.post(["Accounts", bystander, "Limits"], { category: "voice_call_session", quantity: 7 });
    await admin.post(["ApiKeys"], { account_sid: bystander });
    await admin.post(["Applications"], {
      name: "bystander-app",
      account_sid: bystander,
      call_hook: { url: "https://hooks.example.com/call" },
      call_status_hook: { url: "https://hooks.example.com/status" },
    });
  });
  beforeEach(() => emulator.resetRateLimit());
  afterAll(async () => {
    await admin.close();
    await emulator.close();
  });

  /** Everything the check could have changed outside its scratch accounts. */
  const snapshot = async () => ({
    accounts: await allAccounts(emulator),
    limits: await admin.get(["Accounts", bystander, "Limits"]),
    keys: await admin.get(["Accounts", bystander, "ApiKeys"]),
    applications: await admin.get(["Applications"]),
  });

  it("reports every assumption as holding (Retry-After unseen), deletes its scratch accounts and touches nothing else", async () => {
    const before = await snapshot();
    const run = await checkWithScratch(emulatorTarget(emulator));
    expect(run.code).toBe(0);
    const report = run.report();
    expect(report).toMatchObject({ status: "holds", exitCode: 0, mode: "scratch", keyScope: "admin" });
    expect(report.probes.map((p) => p.id)).toEqual(EVERY_PROBE);
    expect(report.probes.filter((p) => p.status !== "holds").map((p) => [p.id, p.status])).toEqual([["retry-after", "could-not-check"]]);
    expect(report.scratchAccounts).toHaveLength(2);
    expect(report.scratchAccounts.every((a) => a.deleted && a.name.startsWith("vg-check-portal-"))).toBe(true);
    expect(await snapshot()).toEqual(before);
    // Announced on stderr before anything was sent.
    expect(run.stderr.split("\n")[0]).toMatch(/^voicegateway check-portal will create scratch accounts named vg-check-portal-[0-9a-f]{10}/);
  });

  it("sees Retry-After hold when the portal answers a 429 during the run", async () => {
    emulator.faults.inject({ kind: "rate-limit", retryAfterSecs: 0, match: { method: "GET" } });
    const run = await checkWithScratch(emulatorTarget(emulator));
    expect(run.probe("retry-after")).toMatchObject({ status: "holds", observed: "1 429 answer(s) during the check carried Retry-After" });
    expect(run.code).toBe(0);
  });

  it("holds with a service-provider key, whose answers for a missing account are 403s", async () => {
    const spKey = (await admin.post(["ApiKeys"], { service_provider_sid: emulator.serviceProviderSid })) as { token: string };
    const run = await checkWithScratch({ apiUrl: emulator.apiUrl, apiKey: spKey.token });
    expect(run.report()).toMatchObject({ status: "holds", keyScope: "service_provider" });
    expect(run.probe("missing-account-status")).toMatchObject({ status: "holds", observed: expect.stringContaining("GET 403") });
    expect(run.probe("missing-account-status")).toMatchObject({ observed: expect.stringContaining("DELETE 403") });
  });

  it("with --read-only sends GETs only, and checks what reads can show", async () => {
    emulator.requests.clear();
    const before = await snapshot();
    const run = await checkPortal(emulatorTarget(emulator), ["--read-only", "--format", "json"]);
    expect(run.code).toBe(0);
    const requests = emulator.requests.all().filter((r) => !r.path.includes("_emulator"));
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((r) => r.method !== "GET" || r.path.includes("WebhookSecret"))).toEqual([]);
    expect(await snapshot()).toEqual(before);
    const statuses = Object.fromEntries(
      run.report().probes.map((p) => [p.id, p.status === "could-not-check" ? `not checked: ${p.cause}` : p.status]),
    );
    expect(statuses).toEqual({
      // The bystander's credential is compared between the list and the single GET.
      "recording-secret-masking": "holds",
      "bad-input-status": "not checked: read-only",
      "limit-categories": "not checked: read-only",
      "account-name-uniqueness": "not checked: nothing-to-check",
      "application-ownership": "not checked: read-only",
      "account-key-scope": "not checked: read-only",
      "missing-api-key-status": "not checked: read-only",
      "webhook-secret-regeneration": "not checked: read-only",
      "missing-account-status": "holds",
      "rate-limit-headers": "holds",
      "retry-after": "not checked: nothing-to-check",
    });
    expect(run.stdout).not.toContain(BYSTANDER_SECRET);
    expect(run.stderr).not.toMatch(/will create scratch accounts/);
  });

  it("with --read-only, sees that names are not unique when two accounts already share one", async () => {
    for (let i = 0; i < 2; i++) await admin.post(["Accounts"], { name: "twin", service_provider_sid: emulator.serviceProviderSid });
    const run = await checkPortal(emulatorTarget(emulator), ["--read-only", "--format", "json"]);
    expect(run.probe("account-name-uniqueness")).toMatchObject({
      status: "holds",
      observed: "1 name(s) are already used by more than one account of a service provider",
    });
  });

  it("prints a table by default", async () => {
    const run = await checkWithScratch(emulatorTarget(emulator), "--format", "table");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^voicegateway check-portal: no difference found \(10 hold, 0 differ, 1 could not be checked\)\n/);
    expect(run.stdout).toMatch(/^holds +recording-secret-masking: /m);
    expect(run.stdout).toMatch(/^could not check +retry-after: /m);
    expect(run.stdout).toMatch(/^scratch account [0-9a-f-]{36} \(vg-check-portal-[0-9a-f]{10}\): deleted$/m);
    expect(run.stdout).toMatch(/exit 0\n$/);
  });
});
