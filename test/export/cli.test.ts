import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../provider/src/cli/main";
import { Capture, expectNoSecretsIn } from "../drift/support";
import { type PortalFixture, portalEnv, startPortal } from "../support/portal";
import { exportTo, outputPath, readTree } from "./support";

/** The command line: options, filters, errors that name the option and value, exit codes, what is (not) written. */

describe("voicegateway export: the command line", () => {
  let portal: PortalFixture;
  let env: Record<string, string>;
  let sp: string;
  let otherSp: string;
  const sids: Record<string, string> = {};
  const cleanups: (() => void)[] = [];
  const out = () => {
    const path = outputPath();
    cleanups.push(path.remove);
    return path.dir;
  };
  const create = async (name: string, serviceProvider = sp) =>
    ((await portal.admin("POST", "/Accounts", { name, service_provider_sid: serviceProvider })) as { sid: string }).sid;

  beforeAll(async () => {
    portal = await startPortal();
    env = portalEnv(portal);
    sp = portal.emulator.serviceProviderSid;
    otherSp = ((await portal.admin("POST", "/ServiceProviders", { name: "other-sp" })) as { sid: string }).sid;
    sids.alpha = await create("Alpha One");
    sids.alphaDash = await create("alpha-one");
    sids.beta = await create("beta");
    sids.shared = await create("Shared");
    sids.sharedOther = await create("Shared", otherSp);
  });
  afterAll(async () => {
    for (const cleanup of cleanups) cleanup();
    await portal.close();
  });

  it("prints its usage with --help and exits 0, and the command list names it", async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    expect(await main(["export", "--help"], stdout, stderr)).toBe(0);
    expect(stdout.text).toContain("Usage: voicegateway export --out DIR [options]");
    expect(stdout.text).toContain("Exit codes: 0 written");
    const list = new Capture();
    expect(await main(["--help"], list, stderr)).toBe(0);
    expect(list.text).toMatch(/^ {2}export {2,}write Terraform or CDKTF configuration/m);
  });

  it("filters by name: globs ignore letter case, /regex/ is taken as written; several --name add up", async () => {
    const dir = out();
    const run = await exportTo(["--out", dir, "--name", "ALPHA*", "--name", "/^be/", "--quiet"], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const files = readTree(dir);
    expect(
      Object.keys(files)
        .filter((f) => f.endsWith(".tf"))
        .sort(),
    ).toEqual(
      [
        `account_alpha_one_${sids.alphaDash!.slice(0, 8)}.tf`,
        `account_alpha_one_${sids.alpha!.slice(0, 8)}.tf`,
        "account_beta.tf",
        "providers.tf",
      ].sort(),
    );
    expect(files["README.md"]).toContain("Filters: --name ALPHA*; --name /^be/.");
    expect(files["README.md"]).toContain("Left out: 1 account(s) by the filters.");
  });

  it("filters by SID, and refuses a SID the scope does not have, before writing anything", async () => {
    const dir = out();
    const run = await exportTo(["--out", dir, "--account-sid", `${sids.beta},${sids.shared}`], env);
    expect(run.code).toBe(0);
    expect(
      Object.keys(readTree(dir))
        .filter((f) => f.startsWith("account_"))
        .sort(),
    ).toEqual(["account_beta.tf", "account_shared.tf"]);

    const elsewhere = out();
    const missing = await exportTo(["--out", elsewhere, "--account-sid", sids.sharedOther!], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(
      `--account-sid ${sids.sharedOther}: the portal has no such account among the 4 of service provider ${sp}`,
    );
    expect(existsSync(elsewhere)).toBe(false);
  });

  it("without a service provider reads every account the key can see; names alike across providers are told apart and each account names its provider", async () => {
    const dir = out();
    const { VOICEGATEWAY_SERVICE_PROVIDER_SID: _unset, ...adminOnly } = env;
    const run = await exportTo(["--out", dir, "--name", "shared"], adminOnly);
    expect(run.code).toBe(0);
    const files = readTree(dir);
    const first = files[`account_shared_${sids.shared!.slice(0, 8)}.tf`]!;
    const second = files[`account_shared_${sids.sharedOther!.slice(0, 8)}.tf`]!;
    expect(first).toContain(`service_provider_sid = "${sp}"`);
    expect(second).toContain(`service_provider_sid = "${otherSp}"`);
    expect(files["providers.tf"]).not.toContain("service_provider_sid");
    expect(files["README.md"]).toContain("every service provider the API key can see");
  });

  it("writes nothing and exits 0 when no account is left after the filters", async () => {
    const dir = out();
    const run = await exportTo(["--out", dir, "--name", "nobody-*"], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Nothing to export");
    expect(existsSync(dir)).toBe(false);
  });

  it("exits 2 and says what to fix when the provider refuses a value the portal holds, and writes everything else", async () => {
    const padded = await create(" padded name ");
    const dir = out();
    const run = await exportTo(["--out", dir, "--account-sid", padded], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the plan fails until these values are fixed");
    expect(run.stderr).toContain('name: " padded name " must not start or end with white space');
    const files = readTree(dir);
    expect(files["account_padded_name.tf"]).toContain('# NEEDS ATTENTION: name: " padded name " must not start or end with white space');
    expect(files["README.md"]).toContain("## Needs attention");
    await portal.admin("DELETE", `/Accounts/${padded}`);
  });

  it("never exports the API key it runs with (an account key sees its own account)", async () => {
    const own = (await portal.admin("POST", "/ApiKeys", { account_sid: sids.beta })) as { sid: string; token: string };
    const other = (await portal.admin("POST", "/ApiKeys", { account_sid: sids.beta })) as { sid: string; token: string };
    const dir = out();
    const { VOICEGATEWAY_SERVICE_PROVIDER_SID: _unset, ...rest } = env;
    const run = await exportTo(["--out", dir], { ...rest, VOICEGATEWAY_API_KEY: own.token });
    expect(run.code).toBe(0);
    const files = readTree(dir);
    expect(Object.keys(files).filter((f) => f.startsWith("account_"))).toEqual(["account_beta.tf"]);
    expect(files["account_beta.tf"]).toContain(other.sid);
    expect(files["account_beta.tf"]).not.toContain(own.sid.slice(0, 8));
    expect(files["README.md"]).toContain(`API key ${own.sid} is the key this export ran with`);
    expectNoSecretsIn([...Object.values(files), run.stdout, run.stderr], [own.token, other.token]);
    await portal.admin("DELETE", `/ApiKeys/${own.sid}`);
    await portal.admin("DELETE", `/ApiKeys/${other.sid}`);
  });

  describe("errors name the option and the value, send no request and write nothing", () => {
    beforeEach(() => portal.emulator.requests.clear());
    afterEach(() => expect(portal.emulator.requests.all()).toHaveLength(0));

    it.each([
      [["--format", "yaml"], '--format "yaml": must be hcl or cdktf'],
      [["--secrets", "plain"], '--secrets "plain": must be keep or variables'],
      [["--concurrency", "0"], '--concurrency "0": must be a whole number from 1 to 16'],
      [["--name", "/[unclosed/"], '--name "/[unclosed/" is not a valid regular expression'],
      [["--name", ""], '--name "": an empty pattern matches nothing'],
      [["--account-sid", "acme"], '--account-sid "acme": must be a portal SID'],
      [["--service-provider-sid", "sp-1"], '--service-provider-sid "sp-1": must be a portal SID'],
      [["--api-key-env", "abc-123"], "--api-key-env takes the NAME of an environment variable"],
      [["--terraform-state", "/nonexistent/terraform.tfstate"], "/nonexistent/terraform.tfstate does not exist"],
      [["--bogus"], "Unknown option '--bogus'"],
    ])("%j", async (args, message) => {
      const dir = out();
      const run = await exportTo(["--out", dir, ...args], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(message);
      expect(existsSync(dir)).toBe(false);
    });

    it("needs --out", async () => {
      const run = await exportTo(["--name", "beta"], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("--out DIR is required");
    });

    it("refuses an API key given as an option without echoing it", async () => {
      const run = await exportTo(["--out", out(), "--api-key=s3cr3t-key-value"], env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("--api-key is not accepted");
      expect(run.stderr).not.toContain("s3cr3t-key-value");
    });

    it("refuses a directory that is not empty, and one that is a file", async () => {
      const root = mkdtempSync(join(tmpdir(), "vg-export-"));
      cleanups.push(() => rmSync(root, { recursive: true, force: true }));
      const full = join(root, "full");
      mkdirSync(full);
      writeFileSync(join(full, "main.tf"), "# mine\n");
      const notEmpty = await exportTo(["--out", full], env);
      expect(notEmpty.code).toBe(1);
      expect(notEmpty.stderr).toContain(`--out ${full}: is not empty (1 entry); export never overwrites`);
      expect(readTree(full)).toEqual({ "main.tf": "# mine\n" });

      const file = join(full, "main.tf");
      expect((await exportTo(["--out", file], env)).stderr).toContain(`--out ${file}: is a file, not a directory`);
      expect((await exportTo(["--out", join(file, "sub")], env)).stderr).toContain(
        `--out ${join(file, "sub")}: ${file} is a file, so the directory cannot be created`,
      );
    });

    (process.getuid?.() === 0 ? it.skip : it)(
      "refuses a directory it cannot create (SKIPPED as root, who may write anywhere)",
      async () => {
        const root = mkdtempSync(join(tmpdir(), "vg-export-"));
        cleanups.push(() => rmSync(root, { recursive: true, force: true }));
        chmodSync(root, 0o500);
        const run = await exportTo(["--out", join(root, "out")], env);
        chmodSync(root, 0o700);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`--out ${join(root, "out")}: cannot be created, ${root} is not writable`);
      },
    );

    it("needs the URL and key variables, and names the ones missing", async () => {
      const run = await exportTo(["--out", out()], { VOICEGATEWAY_API_URL: env.VOICEGATEWAY_API_URL! });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("set VOICEGATEWAY_API_KEY: the portal's API key");
    });
  });

  it("on a rejected key exits 1 with the portal's verdict, never the key, and writes nothing", async () => {
    const dir = out();
    const wrongKey = "00000000-0000-4000-8000-00000000bad1";
    const run = await exportTo(["--out", dir], { ...env, VOICEGATEWAY_API_KEY: wrongKey });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("listing the accounts of service provider");
    expect(run.stderr).toContain("The portal rejected the API key");
    expectNoSecretsIn([run.stdout, run.stderr], [wrongKey]);
    expect(existsSync(dir)).toBe(false);
  });
});
