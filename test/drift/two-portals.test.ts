import { readFileSync } from "node:fs";
import { PortalClient } from "../../provider/src/core/client";
import {
  accountApiKeyResource,
  accountLimitsResource,
  accountRecordingResource,
  accountResource,
} from "../../provider/src/core/resources/catalog";
import { createFromInput } from "../../provider/src/core/resources/validated-handlers";
import { type EnvironmentReport, type ResourceResult } from "../../provider/src/drift/model";
import { type PortalFixture, startPortal } from "../support/portal";
import { drift, expectNoSecretsIn, type StateEntry, tempDir, terraformShowJson, terraformState } from "./support";
import { findAll, parseXml } from "./xml";

/**
 * The drift command against two in-process portals (staging and prod) whose declarations are Terraform state
 * files written by the test itself from the handlers' own states, so this suite needs no terraform binary.
 */

const STAGING_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSTAGINGKEY";
const PROD_SECRET = "pRoDsEcReT/K7MDENG/bPxRfiCYPRODUCTIONKEY";
const ROTATED_SECRET = "zZrotatedOUTOFBANDsecretValue0000000000";
const HOOK_PASSWORD = "hook-password-never-shown";

interface Environment {
  readonly portal: PortalFixture;
  readonly acme: Record<string, unknown>;
  readonly beta: Record<string, unknown>;
  readonly key: Record<string, unknown>;
  readonly entries: StateEntry[];
}

async function seed(name: "staging" | "prod", licensed: number, secret: string, writeOnly: boolean): Promise<Environment> {
  const portal = await startPortal();
  const ctx = portal.ctx;
  const acme = await createFromInput(accountResource, ctx, {
    name: `acme-${name}`,
    sip_realm: `acme.${name}.sip.example.com`,
    registration_hook: { url: `https://${name}.hooks.example.com/register`, username: "vg", password: HOOK_PASSWORD },
  });
  const beta = await createFromInput(accountResource, ctx, { name: `beta-${name}` });
  const recording = await createFromInput(accountRecordingResource, ctx, {
    account_sid: acme.id,
    record_all_calls: true,
    aws_s3: { bucket: `acme-${name}-recordings`, region: "eu-west-1", access_key_id: "AKIAIOSFODNN7EXAMPLE", secret_access_key: secret },
  });
  const limits = await createFromInput(accountLimitsResource, ctx, { account_sid: acme.id, max: 10, licensed });
  const key = await createFromInput(accountApiKeyResource, ctx, { account_sid: acme.id });
  const entries: StateEntry[] = [
    { definition: accountResource, name: "acme", state: acme },
    { definition: accountResource, name: "beta", state: beta },
    {
      definition: accountRecordingResource,
      name: "acme",
      state: recording,
      ...(writeOnly ? { writeOnly: ["aws_s3.secret_access_key"] } : {}),
    },
    { definition: accountLimitsResource, name: "acme", state: limits },
    { definition: accountApiKeyResource, name: "ci", state: key },
  ];
  return { portal, acme, beta, key, entries };
}

const resource = (environment: EnvironmentReport, address: string): ResourceResult => {
  const found = environment.resources.find((r) => r.address === address);
  if (!found) throw new Error(`${address} is not in the report of ${environment.name}`);
  return found;
};

describe("voicegateway drift against two portals (state files written by the test)", () => {
  let staging: Environment;
  let prod: Environment;
  const files = tempDir();
  let env: Record<string, string>;
  let secrets: string[];

  beforeAll(async () => {
    staging = await seed("staging", 5, STAGING_SECRET, true);
    prod = await seed("prod", 50, PROD_SECRET, false);
    files.write("staging.tfstate", terraformState(staging.entries, staging.portal.emulator.adminKey));
    files.write("prod.tfstate", terraformState(prod.entries));
    files.write("voicegateway-drift.json", {
      environments: {
        staging: {
          apiUrlEnv: "STAGING_VOICEGATEWAY_API_URL",
          apiKeyEnv: "STAGING_VOICEGATEWAY_API_KEY",
          serviceProviderSid: staging.portal.emulator.serviceProviderSid,
          terraformState: "staging.tfstate",
        },
        prod: {
          serviceProviderSid: prod.portal.emulator.serviceProviderSid,
          terraformState: "prod.tfstate",
        },
      },
    });
    env = {
      STAGING_VOICEGATEWAY_API_URL: staging.portal.emulator.apiUrl,
      STAGING_VOICEGATEWAY_API_KEY: staging.portal.emulator.adminKey,
      PROD_VOICEGATEWAY_API_URL: prod.portal.emulator.apiUrl,
      PROD_VOICEGATEWAY_API_KEY: prod.portal.emulator.adminKey,
    };
    secrets = [
      STAGING_SECRET,
      PROD_SECRET,
      ROTATED_SECRET,
      HOOK_PASSWORD,
      staging.portal.emulator.adminKey,
      prod.portal.emulator.adminKey,
      staging.acme.webhook_secret as string,
      prod.acme.webhook_secret as string,
      staging.key.token as string,
      prod.key.token as string,
    ];
  });
  afterAll(async () => {
    files.remove();
    await staging.portal.close();
    await prod.portal.close();
  });

  it("exits 0 and reports every declared resource in sync when nothing drifted, in every format", async () => {
    const json = await drift(["--format", "json"], env, files.dir);
    expect(json.code).toBe(0);
    const report = json.json();
    expect(report).toMatchObject({ formatVersion: 1, status: "in-sync", exitCode: 0 });
    expect(report.environments.map((e) => [e.name, e.status, e.summary.inSync, e.resources.length])).toEqual([
      ["staging", "in-sync", 5, 5],
      ["prod", "in-sync", 5, 5],
    ]);

    const table = await drift(["--quiet"], env, files.dir);
    expect(table).toMatchObject({ code: 0, stderr: "" });
    expect(table.stdout).toMatch(/^voicegateway drift: no drift/);
    expect(table.stdout).toContain("in sync: 5 in sync");

    const markdown = await drift(["--format", "markdown", "--quiet"], env, files.dir);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain("## Voice Gateway drift: no drift");
    expect(markdown.stdout).not.toContain("| Status |");

    const junit = await drift(["--format", "junit", "--quiet"], env, files.dir);
    const root = parseXml(junit.stdout);
    expect(root.attributes).toMatchObject({ tests: "10", failures: "0", errors: "0" });
    expect(findAll(root, "failure")).toHaveLength(0);
    expectNoSecretsIn([json.stdout, json.stderr, table.stdout, markdown.stdout, junit.stdout], secrets);
  });

  it("reads with one account list per portal (no single GETs of accounts), limits and keys once each, and never writes", async () => {
    for (const e of [staging, prod]) e.portal.emulator.requests.clear();
    const result = await drift(["--format", "json", "--env", "staging"], env, files.dir);
    expect(result.code).toBe(0);
    const log = staging.portal.emulator.requests;
    const sp = staging.portal.emulator.serviceProviderSid;
    expect(log.all().every((r) => r.method === "GET")).toBe(true);
    expect(log.count({ path: `/v1/ServiceProviders/${sp}/Accounts` })).toBe(1);
    expect(log.count({ path: "/v1/Accounts" })).toBe(0);
    // The list answers every account and recording read (secrets compared by keyed fingerprint); limits and keys once each.
    expect(log.count({ path: `/v1/Accounts/${staging.acme.id as string}` })).toBe(0);
    expect(log.count({ path: `/v1/Accounts/${staging.beta.id as string}` })).toBe(0);
    expect(log.count({ path: `/v1/Accounts/${staging.acme.id as string}/Limits` })).toBe(1);
    expect(log.count({ path: `/v1/Accounts/${staging.acme.id as string}/ApiKeys` })).toBe(1);
    expect(log.count({ path: `/v1/Accounts/${staging.beta.id as string}/ApiKeys` })).toBe(1);
    expect(log.all()).toHaveLength(4);
    expect(result.json().environments[0]!.requests).toBe(4);
    // --env picks one environment: the other portal was not asked anything.
    expect(prod.portal.emulator.requests.all()).toHaveLength(0);
  });

  it("--compare shows a setting that differs between the environments, beyond names, SIDs, realms and secrets", async () => {
    const result = await drift(["--compare", "staging,prod", "--format", "json", "--quiet"], env, files.dir);
    expect(result.code).toBe(2);
    const comparison = result.json().comparison!;
    expect(comparison).toMatchObject({ environments: ["staging", "prod"], source: "live", status: "different" });
    expect(comparison.accounts).toEqual([
      {
        key: "acme",
        names: ["acme-staging", "acme-prod"],
        status: "different",
        differences: [{ attribute: "limits.licensed", values: [5, 50] }],
      },
      { key: "beta", names: ["beta-staging", "beta-prod"], status: "same", differences: [] },
    ]);
    expect(result.json().environments).toEqual([]);

    const markdown = await drift(["--compare", "staging,prod", "--format", "markdown", "--quiet"], env, files.dir);
    expect(markdown.stdout).toContain("| `acme-staging / acme-prod` | `limits.licensed` | `5` | `50` |");
    const junit = parseXml((await drift(["--compare", "staging,prod", "--format", "junit", "--quiet"], env, files.dir)).stdout);
    expect(findAll(junit, "failure").map((f) => f.attributes.type)).toEqual(["different"]);
    expectNoSecretsIn([result.stdout, markdown.stdout], secrets);
  });

  it("--compare-source declared compares the declarations without asking the portals", async () => {
    for (const e of [staging, prod]) e.portal.emulator.requests.clear();
    const result = await drift(["--compare", "staging,prod", "--compare-source", "declared", "--format", "json"], {}, files.dir);
    expect(result.code).toBe(2);
    expect(result.json().comparison!.accounts.find((a) => a.key === "acme")!.differences).toEqual([
      { attribute: "limits.licensed", values: [5, 50] },
    ]);
    expect(staging.portal.emulator.requests.all().length + prod.portal.emulator.requests.all().length).toBe(0);
  });

  it("--match pairs accounts whose names follow another pattern", async () => {
    await staging.portal.admin("PUT", `/Accounts/${staging.beta.id as string}`, { name: "stg-beta" });
    try {
      const unpaired = (await drift(["--compare", "staging,prod", "--format", "json", "--quiet"], env, files.dir)).json().comparison!;
      expect(unpaired.accounts.filter((a) => a.status.startsWith("only")).map((a) => a.names)).toEqual([
        [null, "beta-prod"],
        ["stg-beta", null],
      ]);
      const matched = (
        await drift(["--compare", "staging,prod", "--match", "staging=stg-{key}", "--format", "json", "--quiet"], env, files.dir)
      ).json().comparison!;
      expect(matched.accounts.find((a) => a.key === "beta")).toMatchObject({ names: ["stg-beta", "beta-prod"], status: "same" });
    } finally {
      await staging.portal.admin("PUT", `/Accounts/${staging.beta.id as string}`, { name: "beta-staging" });
    }
  });

  it("exits 2 and reports a changed attribute, a changed secret, a deleted account, an unmanaged account and an unmanaged key", async () => {
    const acme = staging.acme.id as string;
    const sp = staging.portal.emulator.serviceProviderSid;
    await staging.portal.admin("PUT", `/Accounts/${acme}`, { enable_debug_log: true });
    await staging.portal.admin("PUT", `/Accounts/${acme}`, {
      bucket_credential: {
        vendor: "aws_s3",
        name: "acme-staging-recordings",
        region: "eu-west-1",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: ROTATED_SECRET,
      },
    });
    await staging.portal.admin("DELETE", `/Accounts/${staging.beta.id as string}`);
    const rogue = ((await staging.portal.admin("POST", "/Accounts", { name: "rogue", service_provider_sid: sp })) as { sid: string }).sid;
    const extraKey = (await staging.portal.admin("POST", "/ApiKeys", { account_sid: acme })) as { sid: string; token: string };
    secrets.push(extraKey.token);
    staging.portal.emulator.requests.clear();

    const result = await drift(["--format", "json"], env, files.dir);
    expect(result.code).toBe(2);
    const report = result.json();
    expect(report.status).toBe("drifted");
    const [stagingReport, prodReport] = report.environments;
    expect(prodReport!.status).toBe("in-sync");
    expect(stagingReport!.status).toBe("drifted");
    expect(stagingReport!.summary).toEqual({ inSync: 2, changed: 2, missing: 1, unmanaged: 2, unverifiable: 0, errors: 0 });
    expect(resource(stagingReport!, "voicegateway_account.acme")).toMatchObject({
      status: "changed",
      attributes: [{ attribute: "enable_debug_log", sensitive: false, declared: false, live: true }],
    });
    const recording = resource(stagingReport!, "voicegateway_account_recording.acme");
    expect(recording).toMatchObject({ status: "changed", attributes: [{ attribute: "aws_s3.secret_access_key", sensitive: true }] });
    expect(recording.attributes![0]).not.toHaveProperty("declared");
    expect(recording.attributes![0]).not.toHaveProperty("live");
    expect(resource(stagingReport!, "voicegateway_account.beta")).toMatchObject({ status: "missing" });
    expect(stagingReport!.resources.filter((r) => r.status === "unmanaged")).toEqual([
      expect.objectContaining({ type: "voicegateway_account", id: rogue, accountName: "rogue" }),
      expect.objectContaining({ type: "voicegateway_account_api_key", id: extraKey.sid, accountSid: acme, accountName: "acme-staging" }),
    ]);
    // The deleted account is missing from the list: no GET for it, none for the unmanaged one either.
    const log = staging.portal.emulator.requests;
    expect(log.count({ path: `/v1/Accounts/${staging.beta.id as string}` })).toBe(0);
    expect(log.count({ path: `/v1/Accounts/${rogue}` })).toBe(0);

    const table = await drift(["--quiet"], env, files.dir);
    expect(table.code).toBe(2);
    expect(table.stdout).toMatch(/~\s+voicegateway_account\.acme\s+enable_debug_log\s+false -> true/);
    expect(table.stdout).toMatch(/~\s+voicegateway_account_recording\.acme\s+aws_s3\.secret_access_key\s+\(sensitive value changed\)/);
    expect(table.stdout).toMatch(/-\s+voicegateway_account\.beta\s+the account is not in the portal/);
    expect(table.stdout).toMatch(/\+\s+account "rogue" \(/);
    expect(table.stdout).toContain(`+  API key ${extraKey.sid} of account "acme-staging"`);

    const markdown = await drift(["--format", "markdown", "--quiet"], env, files.dir);
    expect(markdown.code).toBe(2);
    const rows = markdown.stdout.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Status"));
    expect(rows).toEqual([
      "| ~ changed | `voicegateway_account.acme` | `enable_debug_log` | `false` | `true` |  |",
      "| - missing | `voicegateway_account.beta` |  | declared | (missing) | the account is not in the portal |",
      "| ~ changed | `voicegateway_account_recording.acme` | `aws_s3.secret_access_key` | (sensitive) | (sensitive) | (sensitive value changed) |",
      `| + unmanaged | \`account "rogue" (${rogue})\` |  | (not declared) | exists | in the portal, declared nowhere |`,
      `| + unmanaged | \`API key ${extraKey.sid} of account "acme-staging"\` |  | (not declared) | exists | an API key of a managed account that nothing declares |`,
    ]);
    expect(markdown.stdout).toContain("### staging: drift");
    expect(markdown.stdout).toContain("### prod: in sync");

    const junit = await drift(["--format", "junit", "--quiet"], env, files.dir);
    expect(junit.code).toBe(2);
    const root = parseXml(junit.stdout);
    expect(root.name).toBe("testsuites");
    expect(root.attributes).toMatchObject({ tests: "12", failures: "5", errors: "0" });
    const [stagingSuite, prodSuite] = findAll(root, "testsuite");
    expect(stagingSuite!.attributes).toMatchObject({ name: "drift.staging", tests: "7", failures: "5" });
    expect(prodSuite!.attributes).toMatchObject({ name: "drift.prod", failures: "0" });
    const failures = findAll(stagingSuite!, "testcase").flatMap((c) =>
      findAll(c, "failure").map((f) => [c.attributes.name, f.attributes.type, f.text]),
    );
    expect(failures).toEqual([
      ["voicegateway_account.acme", "changed", "enable_debug_log: declared false, live true"],
      ["voicegateway_account.beta", "missing", "the account is not in the portal"],
      ["voicegateway_account_recording.acme", "changed", "aws_s3.secret_access_key: (sensitive value changed)"],
      [`account "rogue" (${rogue})`, "unmanaged", "in the portal, declared nowhere"],
      [`API key ${extraKey.sid} of account "acme-staging"`, "unmanaged", "an API key of a managed account that nothing declares"],
    ]);
    expectNoSecretsIn([result.stdout, result.stderr, table.stdout, markdown.stdout, junit.stdout], secrets);
  });

  it("ignores accounts listed in ignoreAccounts or --ignore-account", async () => {
    const result = await drift(["--format", "json", "--env", "staging", "--ignore-account", "/^rog/"], env, files.dir);
    expect(result.json().environments[0]!.resources.filter((r) => r.type === "voicegateway_account" && r.status === "unmanaged")).toEqual(
      [],
    );
  });

  it("writes the report to --output, and more formats from the same run with --report", async () => {
    prod.portal.emulator.requests.clear();
    const result = await drift(
      ["--format", "json", "--output", "report.json", "--report", "junit=report.xml", "--report", "markdown=report.md", "--env", "prod"],
      env,
      files.dir,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`report written to ${files.dir}/report.json`);
    expect(JSON.parse(readFileSync(`${files.dir}/report.json`, "utf8"))).toMatchObject({ status: "in-sync" });
    expect(parseXml(readFileSync(`${files.dir}/report.xml`, "utf8")).attributes).toMatchObject({ tests: "5", failures: "0" });
    expect(readFileSync(`${files.dir}/report.md`, "utf8")).toContain("### prod: in sync");
    // One run, three files: the portal was read once.
    expect(prod.portal.emulator.requests.all()).toHaveLength(4);
  });

  it("checks a sensitive (not write-only) secret from `terraform show -json` output by its mask", async () => {
    const show = files.write("prod-show.json", terraformShowJson(prod.entries));
    const args = [
      "--env",
      "prod",
      "--terraform-state",
      show,
      "--api-url-env",
      "PROD_VOICEGATEWAY_API_URL",
      "--api-key-env",
      "PROD_VOICEGATEWAY_API_KEY",
      "--format",
      "json",
      "--quiet",
    ];
    expect((await drift(args, env, files.dir)).code).toBe(0);
    await prod.portal.admin("PUT", `/Accounts/${prod.acme.id as string}`, {
      bucket_credential: {
        vendor: "aws_s3",
        name: "acme-prod-recordings",
        region: "eu-west-1",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: ROTATED_SECRET,
      },
    });
    const result = await drift(args, env, files.dir);
    expect(result.code).toBe(2);
    expect(resource(result.json().environments[0]!, "voicegateway_account_recording.acme").attributes).toEqual([
      { attribute: "aws_s3.secret_access_key", sensitive: true },
    ]);
    expectNoSecretsIn([result.stdout], secrets);
  });

  it("shows a webhook secret regenerated in the portal as a sensitive change of the account", async () => {
    const client = new PortalClient({ apiUrl: prod.portal.emulator.apiUrl, apiKey: prod.portal.emulator.adminKey, rateLimit: false });
    try {
      const fresh = (await client.get(["Accounts", prod.acme.id as string, "WebhookSecret"], { query: { regenerate: "true" } })) as {
        webhook_secret: string;
      };
      secrets.push(fresh.webhook_secret);
    } finally {
      await client.close();
    }
    const result = await drift(["--env", "prod", "--format", "json", "--quiet"], env, files.dir);
    expect(result.code).toBe(2);
    expect(resource(result.json().environments[0]!, "voicegateway_account.acme").attributes).toEqual([
      { attribute: "webhook_secret", sensitive: true },
    ]);
    // ... which --compare normalises away, with the other differences.
    const compared = (await drift(["--compare", "staging,prod", "--format", "json", "--quiet"], env, files.dir)).json().comparison!;
    expect(compared.accounts.find((a) => a.key === "acme")!.differences.map((d) => d.attribute)).toEqual([
      "enable_debug_log",
      "limits.licensed",
    ]);
    expectNoSecretsIn([result.stdout], secrets);
  });

  describe("errors exit 1", () => {
    it("fails on a config file that is not JSON, without quoting it", async () => {
      const dir = tempDir();
      dir.write("voicegateway-drift.json", `{"environments": {"x": {"apiKey": "${STAGING_SECRET}"`);
      try {
        const result = await drift([], env, dir.dir);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/is not valid JSON/);
        expectNoSecretsIn([result.stdout, result.stderr], [STAGING_SECRET]);
      } finally {
        dir.remove();
      }
    });

    it("fails on an API key written into the config file, naming the key but not its value", async () => {
      const dir = tempDir();
      dir.write("cfg.json", { environments: { staging: { apiKey: STAGING_SECRET, terraformState: "x.tfstate" } } });
      try {
        const result = await drift(["--config", "cfg.json"], env, dir.dir);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("environments.staging.apiKey: API keys are never written in the config file");
        expectNoSecretsIn([result.stdout, result.stderr], [STAGING_SECRET]);
      } finally {
        dir.remove();
      }
    });

    it("fails on an API key on the command line, without echoing it", async () => {
      for (const argv of [["--api-key", STAGING_SECRET], [`--api-key=${STAGING_SECRET}`], ["--token", STAGING_SECRET]]) {
        const result = await drift(argv, env, files.dir);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("is not accepted: an API key on the command line ends up in shell history");
        expectNoSecretsIn([result.stdout, result.stderr], [STAGING_SECRET]);
      }
      const value = await drift(["--api-key-env", STAGING_SECRET], env, files.dir);
      expect(value.code).toBe(1);
      expect(value.stderr).toContain("--api-key-env takes the NAME of an environment variable");
      expectNoSecretsIn([value.stderr], [STAGING_SECRET]);
    });

    it("fails on an unknown environment, a missing variable, an unknown option and a declaration that is not JSON", async () => {
      expect(await drift(["--env", "qa"], env, files.dir)).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('Unknown environment "qa"; defined: staging, prod'),
      });
      const { STAGING_VOICEGATEWAY_API_KEY: _dropped, ...withoutKey } = env;
      expect(await drift([], withoutKey, files.dir)).toMatchObject({
        code: 1,
        stderr: expect.stringContaining("Environment staging: set STAGING_VOICEGATEWAY_API_KEY (the portal's API key)"),
      });
      expect(await drift(["--frobnicate"], env, files.dir)).toMatchObject({ code: 1, stderr: expect.stringContaining("--frobnicate") });
      expect(await drift(["--format", "xml"], env, files.dir)).toMatchObject({
        code: 1,
        stderr: expect.stringContaining("--format must be one of table, json, markdown, junit"),
      });
      files.write("broken.tfstate", `{"version": 4, "resources": [ {"secret": "${STAGING_SECRET}"`);
      const broken = await drift(["--terraform-state", "broken.tfstate", "--env", "staging"], env, files.dir);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toMatch(/broken\.tfstate is not valid JSON/);
      expectNoSecretsIn([broken.stderr], [STAGING_SECRET]);
    });

    it("fails on a rejected key (401), reported as the environment's error, redacted, in every format", async () => {
      const wrongKey = "00000000-0000-4000-8000-00000000dead";
      const badEnv = { ...env, STAGING_VOICEGATEWAY_API_KEY: wrongKey };
      const result = await drift(["--format", "json", "--quiet"], badEnv, files.dir);
      expect(result.code).toBe(1);
      const report = result.json();
      expect(report).toMatchObject({ status: "error", exitCode: 1 });
      expect(report.environments[0]).toMatchObject({ name: "staging", status: "error", error: { code: "VG_ERR_UNAUTHORIZED" } });
      expect(report.environments[0]!.error!.message).toContain("The portal rejected the API key");
      expect(report.environments[1]!.status).not.toBe("error");
      const insecure = await drift(
        ["--format", "json", "--quiet", "--env", "staging"],
        { ...env, STAGING_VOICEGATEWAY_API_URL: "http://vg.example.com/api/v1" },
        files.dir,
      );
      expect(insecure.code).toBe(1);
      expect(insecure.json().environments[0]!.error).toMatchObject({
        code: "VG_ERR_INSECURE_URL",
        message: expect.stringContaining("plain http"),
      });
      const junit = parseXml((await drift(["--format", "junit", "--quiet"], badEnv, files.dir)).stdout);
      expect(findAll(junit, "error").map((e) => e.attributes.type)).toEqual(["VG_ERR_UNAUTHORIZED"]);
      const table = await drift(["--quiet"], badEnv, files.dir);
      expect(table.code).toBe(1);
      expect(table.stdout).toContain("ERROR VG_ERR_UNAUTHORIZED");
      expectNoSecretsIn([result.stdout, table.stdout, table.stderr], [wrongKey, ...secrets]);
    });
  });
});
