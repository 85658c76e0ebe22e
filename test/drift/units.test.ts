import { join } from "node:path";
import { accountResource } from "../../provider/src/core/resources/catalog";
import { createFromInput } from "../../provider/src/core/resources/validated-handlers";
import { isUnknown } from "../../provider/src/core/schema/unknown";
import { pairingKey, stripEnvironment } from "../../provider/src/drift/compare";
import { loadConfigFile, parseConfig } from "../../provider/src/drift/config";
import { type DriftReport } from "../../provider/src/drift/model";
import { PortalPool, ReadOnlyPortalClient } from "../../provider/src/drift/portal-reader";
import { renderReport } from "../../provider/src/drift/render";
import { cell } from "../../provider/src/drift/render/markdown";
import { parseCdktfStack } from "../../provider/src/drift/sources/cdktf-stack";
import { startPortal, uniqueName } from "../support/portal";
import { drift, tempDir, terraformState } from "./support";
import { findAll, parseXml } from "./xml";

describe("drift: pairing accounts across environments", () => {
  it.each([
    ["acme-staging", "acme"],
    ["staging-acme", "acme"],
    ["Acme (staging)", "Acme"],
    ["acme_staging_eu", "acme_eu"],
    ["acme-staging-recordings", "acme-recordings"],
    ["acme.staging.sip.example.com", "acme.sip.example.com"],
    ["https://staging.hooks.example.com/register", "https://hooks.example.com/register"],
    ["https://hooks.example.com/staging/register", "https://hooks.example.com/register"],
    ["stagingly", "stagingly"],
    ["staging", "staging"],
  ])("takes the environment's name out of %j", (text, expected) => {
    expect(stripEnvironment(text, ["staging"])).toBe(expected);
  });

  it("pairs by a name pattern first, then by the stripped name, ignoring case", () => {
    const env = { name: "prod", aliases: ["production"], namePattern: "prd-{key}" };
    expect(pairingKey("prd-Acme", env)).toBe("acme");
    expect(pairingKey("acme-production", env)).toBe("acme");
    expect(pairingKey("Beta", { name: "staging", aliases: [] })).toBe("beta");
  });
});

describe("drift: the config file", () => {
  it("fills in variable names from the environment name and resolves paths against the file", () => {
    const config = parseConfig(
      { environments: { "eu-prod": { terraformState: ["a.tfstate", "/abs/b.tfstate"] } } },
      "/repo/ci/voicegateway-drift.json",
    );
    expect(config.environments[0]).toMatchObject({
      name: "eu-prod",
      apiUrlEnv: "EU_PROD_VOICEGATEWAY_API_URL",
      apiKeyEnv: "EU_PROD_VOICEGATEWAY_API_KEY",
      terraformState: ["/repo/ci/a.tfstate", "/abs/b.tfstate"],
    });
  });

  it("accepts the example in examples/drift", () => {
    const config = loadConfigFile(join(__dirname, "..", "..", "examples", "drift", "voicegateway-drift.json"));
    expect(config.environments.map((e) => [e.name, e.apiKeyEnv, e.terraformState.length + e.cdktfStack.length])).toEqual([
      ["staging", "STAGING_VOICEGATEWAY_API_KEY", 1],
      ["prod", "PROD_VOICEGATEWAY_API_KEY", 2],
    ]);
  });

  it("fails listing every problem, and refuses keys that would hold a secret", () => {
    expect(() => parseConfig({ environments: { x: { apiKeyEnv: "not a name", namePattern: "no-key", extra: 1 } } }, "c.json")).toThrow(
      /apiKeyEnv: must be the NAME of an environment variable[\s\S]*namePattern: must contain \{key\}[\s\S]*Unrecognized key/,
    );
    expect(() => parseConfig({ environments: { x: { token: "abc" } } }, "c.json")).toThrow(
      /environments\.x\.token: API keys are never written in the config file/,
    );
  });
});

describe("drift: reading a synthesized CDKTF stack", () => {
  it("keeps literals, unescapes $${, makes expressions unknown and records ID references", () => {
    const [account, recording] = parseCdktfStack(
      {
        resource: {
          voicegateway_account: { a: { name: "x-$${literal}", sip_realm: "${var.realm}" } },
          voicegateway_account_recording: { r: { account_sid: "${voicegateway_account.a.id}", record_format: "wav" } },
          aws_s3_bucket: { ignored: { bucket: "b" } },
        },
      },
      "cdk.tf.json",
    );
    expect(account!.values).toMatchObject({ name: "x-${literal}", enable_debug_log: false });
    expect(isUnknown(account!.values.sip_realm)).toBe(true);
    expect(recording!.references).toEqual({ account_sid: "voicegateway_account.a" });
    expect(recording!.values).toMatchObject({ record_format: "wav", record_all_calls: false });
  });
});

describe("drift: rendering", () => {
  const hostile: DriftReport = {
    formatVersion: 1,
    generatedAt: "2026-11-25T00:00:00.000Z",
    status: "drifted",
    exitCode: 2,
    environments: [
      {
        name: "qa",
        sources: [],
        status: "drifted",
        summary: { inSync: 0, changed: 1, missing: 0, unmanaged: 0, unverifiable: 0, errors: 0 },
        notes: [],
        resources: [
          {
            status: "changed",
            type: "voicegateway_account",
            address: 'voicegateway_account.a["<&>\'"]',
            attributes: [{ attribute: "name", sensitive: false, declared: "a|b`c\nd", live: "\u0001</failure>&amp;" }],
          },
        ],
      },
    ],
  };

  it("writes well-formed JUnit XML whatever the names and values hold", () => {
    const root = parseXml(renderReport(hostile, "junit"));
    const [failure] = findAll(root, "failure");
    expect(failure!.text).toBe('name: declared "a|b`c\\nd", live "\\u0001</failure>&amp;"');
    expect(findAll(root, "testcase")[0]!.attributes.name).toBe('voicegateway_account.a["<&>\'"]');
  });

  it("escapes markdown table cells", () => {
    expect(cell("a|b\nc")).toBe("a\\|b c");
    expect(cell("x`y", true)).toBe("x`y");
    const row = renderReport(hostile, "markdown")
      .split("\n")
      .find((l) => l.startsWith("| ~"))!;
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
  });
});

describe("drift: portal access", () => {
  it("refuses writes and the webhook-secret route before sending anything, and asks each GET once", async () => {
    const portal = await startPortal();
    const client = new ReadOnlyPortalClient({ apiUrl: portal.emulator.apiUrl, apiKey: portal.emulator.adminKey, rateLimit: false });
    try {
      await expect(client.post(["Accounts"], { name: "x" })).rejects.toMatchObject({ code: "VG_ERR_DRIFT_WRITE" });
      await expect(client.delete(["Accounts", "x"])).rejects.toMatchObject({ code: "VG_ERR_DRIFT_WRITE" });
      await expect(client.get(["Accounts", "x", "WebhookSecret"], { query: { regenerate: "true" } })).rejects.toMatchObject({
        code: "VG_ERR_DRIFT_WRITE",
      });
      const account = await createFromInput(accountResource, portal.ctx, { name: uniqueName() });
      portal.emulator.requests.clear();
      const [a, b] = await Promise.all([client.get(["Accounts", account.id]), client.get(["Accounts", account.id])]);
      expect(a).toEqual(b);
      expect(portal.emulator.requests.all()).toHaveLength(1);
    } finally {
      await client.close();
      await portal.close();
    }
  });

  it("keeps no account list (the run's session keeps it masked) and no API-key tokens", async () => {
    const portal = await startPortal();
    const client = new ReadOnlyPortalClient({ apiUrl: portal.emulator.apiUrl, apiKey: portal.emulator.adminKey, rateLimit: false });
    try {
      const account = await createFromInput(accountResource, portal.ctx, { name: "acme" });
      const key = (await portal.admin("POST", "/ApiKeys", { account_sid: account.id })) as { token: string };
      portal.emulator.requests.clear();
      await client.get(["Accounts"]);
      await client.get(["Accounts"]);
      expect(portal.emulator.requests.all()).toHaveLength(2);
      expect(client.cachedPaths).toBe(0);
      const keys = (await client.get(["Accounts", account.id, "ApiKeys"])) as { token: string }[];
      expect(keys).toHaveLength(1);
      expect(JSON.stringify(keys)).not.toContain(key.token);
    } finally {
      await client.close();
      await portal.close();
    }
  });

  it("shares one rate limiter between the clients of one portal", () => {
    const pool = new PortalPool({ userAgent: "t", concurrency: 2 });
    const a = pool.client({ apiUrl: "http://127.0.0.1:9/v1", apiKey: "key-one-0000" });
    const b = pool.client({ apiUrl: "http://127.0.0.1:9/v1/", apiKey: "key-two-0000" });
    const c = pool.client({ apiUrl: "http://127.0.0.1:10/v1", apiKey: "key-one-0000" });
    expect(a).not.toBe(b);
    expect(a.rateLimiter).toBe(b.rateLimiter);
    expect(a.rateLimiter).not.toBe(c.rateLimiter);
    expect(a.rateLimiter!.budget).toBe(600);
    expect(pool.client({ apiUrl: "http://127.0.0.1:9/v1", apiKey: "key-one-0000" })).toBe(a);
    return pool.close();
  });

  it("completes under the portal's rate limit, pausing instead of failing", async () => {
    const portal = await startPortal({ rateLimit: { max: 3, windowSecs: 1 } });
    const files = tempDir();
    try {
      const entries = [];
      for (const name of ["one", "two"]) {
        entries.push({ definition: accountResource, name, state: await createFromInput(accountResource, portal.ctx, { name }) });
      }
      portal.emulator.resetRateLimit();
      files.write("s.tfstate", terraformState(entries));
      const env = { VOICEGATEWAY_API_URL: portal.emulator.apiUrl, VOICEGATEWAY_API_KEY: portal.emulator.adminKey };
      const result = await drift(["--terraform-state", "s.tfstate", "--format", "json", "--quiet"], env, files.dir);
      expect(result.code).toBe(0);
      expect(result.json().environments[0]!.summary.inSync).toBe(2);
    } finally {
      files.remove();
      await portal.close();
    }
  });
});

describe("drift: requests in flight", () => {
  it("issue 13: refuses a bad --max-concurrent-requests, config value or VOICEGATEWAY_MAX_CONCURRENT_REQUESTS, naming it", async () => {
    const files = tempDir();
    try {
      const flag = await drift(["--max-concurrent-requests", "0", "--terraform-state", "none.tfstate"], {}, files.dir);
      expect(flag.code).toBe(1);
      expect(flag.stderr).toContain('--max-concurrent-requests must be a whole number from 1 to 64 (got "0")');
      const variable = await drift(["--terraform-state", "none.tfstate"], { VOICEGATEWAY_MAX_CONCURRENT_REQUESTS: "eight" }, files.dir);
      expect(variable.stderr).toContain('VOICEGATEWAY_MAX_CONCURRENT_REQUESTS must be a whole number from 1 to 64 (got "eight")');
      files.write("voicegateway-drift.json", { environments: { staging: { terraformState: "none.tfstate" } }, maxConcurrentRequests: 100 });
      const config = await drift([], {}, files.dir);
      expect(config.code).toBe(1);
      expect(config.stderr).toContain("maxConcurrentRequests: must be from 1 to 64");
    } finally {
      files.remove();
    }
  });
});
