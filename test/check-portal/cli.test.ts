import { CHECK_PORTAL_USAGE } from "../../provider/src/cli/check-portal-command";
import { main } from "../../provider/src/cli/main";
import { PortalClient } from "../../provider/src/core/client";
import { type RunningEmulator } from "../../provider/src/emulator";
import { FAKE_SECRET } from "../../provider/src/portal-check/probes/fake-values";
import { startSecretRecorder } from "./secret-recorder";
import { allAccounts, Capture, checkPortal, checkWithScratch, emulatorTarget, emulatorWith, terminalTyping } from "./support";

const scratchLeft = async (emulator: RunningEmulator) =>
  (await allAccounts(emulator)).filter((a) => String(a.name).startsWith("vg-check-portal-"));
const portalRequests = (emulator: RunningEmulator) => emulator.requests.all().filter((r) => !r.path.startsWith("/_emulator"));

describe("voicegateway check-portal, the command", () => {
  let emulator: RunningEmulator;
  let admin: PortalClient;
  beforeAll(async () => {
    emulator = await emulatorWith();
    admin = new PortalClient({ apiUrl: emulator.apiUrl, apiKey: emulator.adminKey, rateLimit: false });
  });
  beforeEach(() => {
    emulator.resetRateLimit();
    emulator.faults.clear();
    emulator.requests.clear();
  });
  afterAll(async () => {
    await admin.close();
    await emulator.close();
  });

  it("is listed by voicegateway --help and documents itself", async () => {
    const out = new Capture();
    expect(await main(["--help"], out, new Capture())).toBe(0);
    expect(out.text).toMatch(/^ {2}check-portal {2,}check that a portal behaves as the provider assumes/m);
    const help = await checkPortal(emulatorTarget(emulator), ["--help"]);
    expect(help).toMatchObject({ code: 0, stdout: CHECK_PORTAL_USAGE });
    expect(CHECK_PORTAL_USAGE).toMatch(/Exit codes: 0 nothing differs .* 2 something differs,\n1 an error/s);
  });

  it("says what it will create, then refuses without --yes when stdin is not a terminal, sending nothing", async () => {
    const run = await checkPortal(emulatorTarget(emulator), ["--format", "json"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^voicegateway check-portal will create scratch accounts named vg-check-portal-[0-9a-f]{10}\* in service provider /,
    );
    expect(run.stderr).toMatch(
      /refusing to create scratch accounts without confirmation: stdin is not a terminal\. Pass --yes to proceed \(CI\), or --read-only/,
    );
    expect(run.stdout).toBe("");
    expect(portalRequests(emulator)).toEqual([]);
  });

  it("asks on a terminal: no sends nothing, yes runs", async () => {
    const no = await checkPortal(emulatorTarget(emulator), ["--format", "json"], terminalTyping("n"));
    expect(no.code).toBe(1);
    expect(no.stderr).toMatch(/Proceed\? \[y\/N\] [\s\S]*cancelled; nothing was sent/);
    expect(portalRequests(emulator)).toEqual([]);

    const yes = await checkPortal(emulatorTarget(emulator), ["--format", "json"], terminalTyping("yes"));
    expect(yes.code).toBe(0);
    expect(yes.report().status).toBe("holds");
  });

  it("refuses an API key on the command line without echoing it", async () => {
    const run = await checkPortal(emulatorTarget(emulator), ["--api-key=sekrit-value-123", "--yes"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/--api-key is not accepted/);
    expect(run.stderr + run.stdout).not.toContain("sekrit-value-123");
  });

  it("needs the portal's URL and key, and a service provider for an admin key, before creating anything", async () => {
    const noKey = await checkPortal({ apiUrl: emulator.apiUrl, apiKey: "" }, ["--yes"]);
    expect(noKey).toMatchObject({ code: 1, stderr: expect.stringMatching(/set VOICEGATEWAY_API_KEY/) });

    const noSp = await checkPortal({ apiUrl: emulator.apiUrl, apiKey: emulator.adminKey }, ["--yes", "--format", "json"]);
    expect(noSp.code).toBe(1);
    expect(noSp.report().error).toMatch(/set VOICEGATEWAY_SERVICE_PROVIDER_SID/);
    expect(portalRequests(emulator).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("stops with exit 1 when the portal rejects the key, creating nothing and showing no key", async () => {
    const wrongKey = "0e6f2b7a-1c1d-4a4f-9f55-5a5b5c5d5e5f";
    const run = await checkWithScratch({ ...emulatorTarget(emulator), apiKey: wrongKey });
    expect(run.code).toBe(1);
    expect(run.report()).toMatchObject({ status: "error", error: expect.stringMatching(/401/), scratchAccounts: [] });
    expect(run.report().probes.every((p) => p.status === "could-not-check" && p.cause === "error")).toBe(true);
    expect(run.stdout + run.stderr).not.toContain(wrongKey);
    expect(portalRequests(emulator).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("refuses to write with an account-scope key, and says so", async () => {
    const account = (
      (await admin.post(["Accounts"], { name: "key-owner", service_provider_sid: emulator.serviceProviderSid })) as { sid: string }
    ).sid;
    const key = (await admin.post(["ApiKeys"], { account_sid: account })) as { token: string };
    emulator.requests.clear();
    const run = await checkWithScratch({ apiUrl: emulator.apiUrl, apiKey: key.token });
    expect(run.code).toBe(1);
    expect(run.report()).toMatchObject({
      keyScope: "account",
      status: "error",
      error: expect.stringMatching(/account-scope API key cannot create accounts/),
    });
    expect(portalRequests(emulator).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("reports scratch accounts it could not delete, with their SIDs, and exits 1", async () => {
    emulator.faults.inject({ kind: "status", status: 500, count: 100, match: { method: "DELETE", path: "/v1/Accounts/*" } });
    const run = await checkWithScratch(emulatorTarget(emulator));
    emulator.faults.clear();
    expect(run.code).toBe(1);
    const left = run.report().scratchAccounts;
    expect(left).toHaveLength(2);
    expect(left.every((a) => !a.deleted && /500/.test(a.error ?? ""))).toBe(true);
    for (const account of left) expect(run.stderr).toContain(`scratch account ${account.sid} (${account.name}) could not be deleted`);
    expect((await scratchLeft(emulator)).map((a) => a.account_sid).sort()).toEqual(left.map((a) => a.sid).sort());
    for (const account of left) await admin.delete(["Accounts", account.sid]);
  });

  it("deletes its scratch accounts when a probe fails, and reports the failure", async () => {
    emulator.faults.inject({ kind: "status", status: 500, match: { method: "POST", path: "/v1/Applications" } });
    const run = await checkWithScratch(emulatorTarget(emulator));
    expect(run.code).toBe(1);
    expect(run.probe("application-ownership")).toMatchObject({
      status: "could-not-check",
      cause: "error",
      reason: expect.stringMatching(/^the probe failed: .*500/),
    });
    expect(run.report().scratchAccounts.every((a) => a.deleted)).toBe(true);
    expect(await scratchLeft(emulator)).toEqual([]);
  });

  it("finds and deletes the scratch account when the answer to its create is lost", async () => {
    emulator.faults.inject({ kind: "lost-response", match: { method: "POST", path: "/v1/Accounts" } });
    const run = await checkWithScratch(emulatorTarget(emulator));
    expect(run.code).toBe(1);
    expect(run.report().error).toBeDefined();
    expect(run.report().scratchAccounts).toEqual([
      expect.objectContaining({ deleted: true, name: expect.stringMatching(/^vg-check-portal-/) }),
    ]);
    expect(await scratchLeft(emulator)).toEqual([]);
  });

  it.each([
    ["the faithful portal", []],
    [
      "a portal where everything differs",
      ["masked-account-lists", "account-keys-service-provider-scope", "missing-api-key-delete-400", "webhook-secret-kept"],
    ],
  ])("never prints a secret it sent or saw, on %s", async (_name, variant) => {
    const portal = await emulatorWith({ variant: variant as never[] });
    const recorder = await startSecretRecorder(portal.apiUrl);
    try {
      const target = { ...emulatorTarget(portal), apiUrl: recorder.apiUrl };
      const runs = [
        await checkWithScratch(target),
        await checkWithScratch(target, "--format", "table"),
        await checkPortal(target, ["--read-only"]),
      ];
      // What was on the wire: the API key, the fake recording secret, the probe key's token, webhook secrets.
      expect(recorder.secrets).toContain(portal.adminKey);
      expect(recorder.secrets).toContain(FAKE_SECRET);
      expect(recorder.secrets.size).toBeGreaterThan(6);
      for (const run of runs) {
        const printed = run.stdout + run.stderr;
        expect([...recorder.secrets].filter((secret) => printed.includes(secret))).toEqual([]);
      }
    } finally {
      await recorder.close();
      await portal.close();
    }
  });
});
