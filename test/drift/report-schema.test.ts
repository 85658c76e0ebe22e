import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import {
  accountApiKeyResource,
  accountLimitsResource,
  accountRecordingResource,
  accountResource,
} from "../../provider/src/core/resources/catalog";
import { createFromInput } from "../../provider/src/core/resources/validated-handlers";
import { type DriftReport } from "../../provider/src/drift/model";
import { type PortalFixture, startPortal } from "../support/portal";
import { drift, type StateEntry, tempDir, terraformState } from "./support";

/**
 * The published JSON Schema of `voicegateway drift --format json` (docs/schemas/drift-report.v1.json, shipped in the
 * package) holds for real reports of the command against the emulator: in sync, drifted (every kind of verdict,
 * sensitive and plain attributes), a comparison, and an environment that could not be read. The schema allows no
 * property it does not name, so a field added to the report without the schema fails here.
 */

const SCHEMA_PATH = join(__dirname, "../../docs/schemas/drift-report.v1.json");
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile<DriftReport>(
  JSON.parse(readFileSync(SCHEMA_PATH, "utf8")),
);

function expectValid(report: unknown): void {
  validate(report);
  expect(validate.errors ?? []).toEqual([]);
}

async function seed(portal: PortalFixture, name: string, licensed: number): Promise<{ entries: StateEntry[]; acme: string; beta: string }> {
  const ctx = portal.ctx;
  const acme = await createFromInput(accountResource, ctx, {
    name: `acme-${name}`,
    registration_hook: { url: `https://${name}.hooks.example.com/reg` },
  });
  const beta = await createFromInput(accountResource, ctx, { name: `beta-${name}` });
  const recording = await createFromInput(accountRecordingResource, ctx, {
    account_sid: acme.id,
    aws_s3: {
      bucket: `acme-${name}-recordings`,
      region: "eu-west-1",
      access_key_id: "AKIAIOSFODNN7EXAMPLE",
      secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    },
  });
  const limits = await createFromInput(accountLimitsResource, ctx, { account_sid: acme.id, max: 10, licensed });
  const key = await createFromInput(accountApiKeyResource, ctx, { account_sid: acme.id });
  return {
    acme: acme.id as string,
    beta: beta.id as string,
    entries: [
      { definition: accountResource, name: "acme", state: acme },
      { definition: accountResource, name: "beta", state: beta },
      { definition: accountRecordingResource, name: "acme", state: recording, writeOnly: ["aws_s3.secret_access_key"] },
      { definition: accountLimitsResource, name: "acme", state: limits },
      { definition: accountApiKeyResource, name: "ci", state: key },
    ],
  };
}

describe("the drift report's JSON Schema (docs/schemas/drift-report.v1.json)", () => {
  let staging: PortalFixture;
  let prod: PortalFixture;
  let stagingAccounts: { acme: string; beta: string };
  const files = tempDir("vg-drift-schema-");
  let env: Record<string, string>;

  beforeAll(async () => {
    staging = await startPortal();
    prod = await startPortal();
    const stagingSeed = await seed(staging, "staging", 5);
    const prodSeed = await seed(prod, "prod", 50);
    stagingAccounts = stagingSeed;
    files.write("staging.tfstate", terraformState(stagingSeed.entries, staging.apiKey));
    files.write("prod.tfstate", terraformState(prodSeed.entries, prod.apiKey));
    files.write("voicegateway-drift.json", {
      environments: {
        staging: { serviceProviderSid: staging.serviceProviderSid, terraformState: "staging.tfstate" },
        prod: { serviceProviderSid: prod.serviceProviderSid, terraformState: "prod.tfstate" },
      },
    });
    env = {
      STAGING_VOICEGATEWAY_API_URL: staging.apiUrl,
      STAGING_VOICEGATEWAY_API_KEY: staging.apiKey,
      PROD_VOICEGATEWAY_API_URL: prod.apiUrl,
      PROD_VOICEGATEWAY_API_KEY: prod.apiKey,
    };
  });
  afterAll(async () => {
    files.remove();
    await staging?.close();
    await prod?.close();
  });

  it("holds for a report with nothing drifted", async () => {
    const result = await drift(["--format", "json", "--quiet"], env, files.dir);
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ formatVersion: 1, status: "in-sync" });
    expectValid(result.json());
  });

  it("holds for a comparison of two environments", async () => {
    const result = await drift(["--compare", "staging,prod", "--format", "json", "--quiet"], env, files.dir);
    expect(result.json().comparison).toMatchObject({
      status: "different",
      accounts: expect.arrayContaining([expect.objectContaining({ differences: [{ attribute: "limits.licensed", values: [5, 50] }] })]),
    });
    expectValid(result.json());
  });

  it("holds for a drifted report with changed (plain and sensitive), missing and unmanaged resources", async () => {
    await staging.admin("PUT", `/Accounts/${stagingAccounts.acme}`, { enable_debug_log: true });
    await staging.admin("PUT", `/Accounts/${stagingAccounts.acme}`, {
      bucket_credential: {
        vendor: "aws_s3",
        name: "acme-staging-recordings",
        region: "eu-west-1",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: "zZrotatedOUTOFBANDsecretValue0000000000",
      },
    });
    await staging.admin("DELETE", `/Accounts/${stagingAccounts.beta}`);
    await staging.admin("POST", "/Accounts", { name: "rogue", service_provider_sid: staging.serviceProviderSid });

    const result = await drift(["--format", "json", "--quiet"], env, files.dir);
    expect(result.code).toBe(2);
    const report = result.json();
    const statuses = new Set(report.environments.flatMap((e) => e.resources.map((r) => r.status)));
    expect([...statuses].sort()).toEqual(["changed", "in-sync", "missing", "unmanaged"]);
    const attributes = report.environments.flatMap((e) => e.resources.flatMap((r) => r.attributes ?? []));
    expect(attributes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sensitive: true }),
        expect.objectContaining({ sensitive: false, declared: false, live: true }),
      ]),
    );
    expectValid(report);
  });

  it("holds for a report with an environment that could not be read", async () => {
    const result = await drift(["--format", "json", "--quiet"], { ...env, PROD_VOICEGATEWAY_API_KEY: "not-the-key" }, files.dir);
    expect(result.code).toBe(1);
    expect(result.json().environments.find((e) => e.name === "prod")).toMatchObject({
      status: "error",
      error: { code: expect.stringMatching(/^VG_ERR_/) },
    });
    expectValid(result.json());
  });

  it("rejects what a reader of format 1 would not expect: a property it does not name, a verdict it does not know", async () => {
    const report = (await drift(["--format", "json", "--quiet"], env, files.dir)).json();
    expect(validate({ ...report, extra: true })).toBe(false);
    const [first, ...rest] = report.environments;
    const resources = first!.resources.map((r, i) => (i === 0 ? { ...r, status: "drifting" } : r));
    expect(validate({ ...report, environments: [{ ...first, resources }, ...rest] })).toBe(false);
    expect(validate({ ...report, formatVersion: 2 })).toBe(false);
  });
});
