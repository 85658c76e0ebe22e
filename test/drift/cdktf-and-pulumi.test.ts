import {
  accountApiKeyResource,
  accountLimitsResource,
  accountRecordingResource,
  accountResource,
} from "../../provider/src/core/resources/catalog";
import { createFromInput } from "../../provider/src/core/resources/validated-handlers";
import { type EnvironmentReport, type ResourceResult } from "../../provider/src/drift/model";
import { type PortalFixture, startPortal } from "../support/portal";
import { drift, expectNoSecretsIn, tempDir, terraformState } from "./support";

/** Declarations from a synthesized CDKTF stack (with and without its state) and from a Pulumi stack export. */

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCDKTFSECRET";
const ROTATED = "rOtAtEdOutOfBandSecretValue000000000000";
const HOOK_PASSWORD = "pulumi-hook-password";
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const plaintext = (value: unknown) => ({ [SIG]: SECRET_SIG, plaintext: JSON.stringify(value) });
const ciphertext = () => ({ [SIG]: SECRET_SIG, ciphertext: "v1:c2VjcmV0LWJ1dC1lbmNyeXB0ZWQ=" });

const find = (environment: EnvironmentReport, address: string): ResourceResult => {
  const found = environment.resources.find((r) => r.address === address);
  if (!found) throw new Error(`${address} not in ${JSON.stringify(environment.resources.map((r) => r.address))}`);
  return found;
};

describe("voicegateway drift with CDKTF and Pulumi declarations", () => {
  let portal: PortalFixture;
  const files = tempDir();
  let env: Record<string, string>;
  let acme: Record<string, unknown>;
  let recording: Record<string, unknown>;
  let limits: Record<string, unknown>;
  let key: Record<string, unknown>;
  const aws = { bucket: "acme-recordings", region: "eu-west-1", access_key_id: "AKIAIOSFODNN7EXAMPLE" };

  const stack = {
    "//": { metadata: { backend: "local", stackName: "staging", version: "0.21.0" } },
    provider: { voicegateway: [{}] },
    terraform: { required_providers: { voicegateway: { source: "voicegateway/voicegateway" } } },
    variable: { recording_secret: { type: "string", sensitive: true } },
    resource: {
      voicegateway_account: {
        acme: {
          "//": { metadata: { path: "staging/acme", uniqueId: "acme" } },
          name: "acme",
          sip_realm: "acme.sip.example.com",
          depends_on: [],
          lifecycle: { prevent_destroy: true },
        },
        pool: { count: 2, name: "pool-${count.index}" },
      },
      voicegateway_account_recording: {
        acme: {
          account_sid: "${voicegateway_account.acme.id}",
          record_all_calls: true,
          aws_s3: {
            ...aws,
            secret_access_key_wo: "${var.recording_secret}",
            secret_access_key_wo_version: "1",
            tags: { cost: "$${literal}" },
          },
        },
      },
      voicegateway_account_limits: { acme: { account_sid: "${voicegateway_account.acme.id}", max: 10, licensed: 5 } },
      voicegateway_account_api_key: { ci: { account_sid: "${voicegateway_account.acme.id}" } },
    },
  };

  beforeAll(async () => {
    portal = await startPortal();
    acme = await createFromInput(accountResource, portal.ctx, { name: "acme", sip_realm: "acme.sip.example.com" });
    recording = await createFromInput(accountRecordingResource, portal.ctx, {
      account_sid: acme.id,
      record_all_calls: true,
      aws_s3: { ...aws, secret_access_key: SECRET, tags: { cost: "${literal}" } },
    });
    limits = await createFromInput(accountLimitsResource, portal.ctx, { account_sid: acme.id, max: 10, licensed: 5 });
    key = await createFromInput(accountApiKeyResource, portal.ctx, { account_sid: acme.id });
    files.write("cdk.tf.json", stack);
    env = { VOICEGATEWAY_API_URL: portal.emulator.apiUrl, VOICEGATEWAY_API_KEY: portal.emulator.adminKey };
  });
  afterAll(async () => {
    files.remove();
    await portal.close();
  });

  describe("a synthesized CDKTF stack", () => {
    it("finds accounts by name, resolves ${voicegateway_account.x.id}, matches keys by count and says what it cannot check", async () => {
      portal.emulator.requests.clear();
      const result = await drift(["--cdktf-stack", "cdk.tf.json", "--format", "json", "--quiet"], env, files.dir);
      expect(result.code).toBe(0);
      const report = result.json().environments[0]!;
      expect(report.summary).toEqual({ inSync: 4, changed: 0, missing: 0, unmanaged: 0, unverifiable: 1, errors: 0 });
      expect(find(report, "voicegateway_account.acme")).toMatchObject({ status: "in-sync", id: acme.id });
      expect(find(report, "voicegateway_account_recording.acme")).toMatchObject({
        status: "in-sync",
        unverifiedAttributes: ["aws_s3.secret_access_key"],
      });
      expect(find(report, "voicegateway_account_api_key.ci")).toMatchObject({
        status: "in-sync",
        detail: expect.stringContaining("matched by count"),
      });
      expect(find(report, "voicegateway_account.pool")).toMatchObject({
        status: "unverifiable",
        detail: expect.stringContaining("uses count"),
      });
      // the list (answering the account and its recording), its limits, its keys
      expect(
        portal.emulator.requests
          .all()
          .map((r) => r.path)
          .sort(),
      ).toEqual([`/v1/Accounts`, `/v1/Accounts/${acme.id as string}/ApiKeys`, `/v1/Accounts/${acme.id as string}/Limits`].sort());
      const table = await drift(["--cdktf-stack", "cdk.tf.json", "--quiet"], env, files.dir);
      expect(table.stdout).toContain(
        "note: voicegateway_account_recording.acme: not checked (unknown in the declaration): aws_s3.secret_access_key",
      );
      expect(table.stdout).toMatch(/\?\s+voicegateway_account\.pool\s+uses count/);
    });

    it("reports a realm changed out of band, and an extra key without state as a count", async () => {
      await portal.admin("PUT", `/Accounts/${acme.id as string}`, { sip_realm: "other.sip.example.com" });
      const extra = (await portal.admin("POST", "/ApiKeys", { account_sid: acme.id })) as { sid: string; token: string };
      try {
        const result = await drift(["--cdktf-stack", "cdk.tf.json", "--format", "json", "--quiet"], env, files.dir);
        expect(result.code).toBe(2);
        const report = result.json().environments[0]!;
        expect(find(report, "voicegateway_account.acme").attributes).toEqual([
          { attribute: "sip_realm", sensitive: false, declared: "acme.sip.example.com", live: "other.sip.example.com" },
        ]);
        expect(report.resources.filter((r) => r.status === "unmanaged")).toEqual([
          expect.objectContaining({ type: "voicegateway_account_api_key", address: "1 API key(s)", accountName: "acme" }),
        ]);
        expectNoSecretsIn([result.stdout], [SECRET, extra.token, key.token as string]);
      } finally {
        await portal.admin("PUT", `/Accounts/${acme.id as string}`, { sip_realm: "acme.sip.example.com" });
        await portal.admin("DELETE", `/ApiKeys/${extra.sid}`);
      }
    });

    it("with the stack's state, takes IDs and write-only fingerprints from it, so a rotated secret shows even behind ${var.x}", async () => {
      files.write(
        "terraform.staging.tfstate",
        terraformState(
          [
            { definition: accountResource, name: "acme", state: acme },
            { definition: accountRecordingResource, name: "acme", state: recording, writeOnly: ["aws_s3.secret_access_key"] },
            { definition: accountLimitsResource, name: "acme", state: limits },
            { definition: accountApiKeyResource, name: "ci", state: key },
            { definition: accountApiKeyResource, name: "old", state: { ...key, id: "7b0d9a3e-2c41-4f6e-9a57-0c8d2e1f4a6b" } },
          ],
          portal.emulator.adminKey,
        ),
      );
      const args = ["--cdktf-stack", "cdk.tf.json", "--terraform-state", "terraform.staging.tfstate", "--format", "json", "--quiet"];
      const clean = await drift(args, env, files.dir);
      expect(clean.code).toBe(0);
      const report = clean.json().environments[0]!;
      expect(find(report, "voicegateway_account_api_key.ci")).toMatchObject({ status: "in-sync", id: key.id });
      expect(find(report, "voicegateway_account_recording.acme").unverifiedAttributes).toBeUndefined();
      expect(report.notes).toEqual([
        expect.stringContaining("1 resource(s) in the Terraform state are no longer in the synthesized stack"),
      ]);

      const credential = {
        vendor: "aws_s3",
        name: aws.bucket,
        region: aws.region,
        access_key_id: aws.access_key_id,
        tags: [{ Key: "cost", Value: "${literal}" }],
      };
      await portal.admin("PUT", `/Accounts/${acme.id as string}`, { bucket_credential: { ...credential, secret_access_key: ROTATED } });
      try {
        const drifted = await drift(args, env, files.dir);
        expect(drifted.code).toBe(2);
        expect(find(drifted.json().environments[0]!, "voicegateway_account_recording.acme").attributes).toEqual([
          { attribute: "aws_s3.secret_access_key", sensitive: true },
        ]);
        expectNoSecretsIn([drifted.stdout], [SECRET, ROTATED]);
      } finally {
        await portal.admin("PUT", `/Accounts/${acme.id as string}`, { bucket_credential: { ...credential, secret_access_key: SECRET } });
      }
    });
  });

  describe("a Pulumi stack export", () => {
    const exportOf = (secret: unknown) => ({
      version: 3,
      deployment: {
        manifest: { time: "2026-11-20T10:00:00Z", magic: "x", version: "v3.248.0" },
        secrets_providers: { type: "passphrase" },
        resources: [
          { urn: "urn:pulumi:staging::vg::pulumi:pulumi:Stack::vg-staging", custom: false, type: "pulumi:pulumi:Stack" },
          {
            urn: "urn:pulumi:staging::vg::pulumi:providers:pulumi-nodejs::default",
            custom: true,
            id: "abc",
            type: "pulumi:providers:pulumi-nodejs",
          },
          {
            urn: "urn:pulumi:staging::vg::pulumi-nodejs:dynamic/voicegateway:Account::acme",
            custom: true,
            id: acme.id,
            type: "pulumi-nodejs:dynamic/voicegateway:Account",
            outputs: {
              __provider: "exports.handler = function () { /* serialised closure */ }",
              connection: plaintext({ apiUrl: portal.emulator.apiUrl, apiKey: portal.emulator.adminKey }),
              name: "acme",
              serviceProviderSid: acme.service_provider_sid,
              sipRealm: "acme.sip.example.com",
              enableDebugLog: false,
              webhookSecret: ciphertext(),
            },
          },
          {
            urn: "urn:pulumi:staging::vg::pulumi-nodejs:dynamic:Resource::acme-recording",
            custom: true,
            id: acme.id,
            type: "pulumi-nodejs:dynamic:Resource",
            outputs: {
              __provider: "exports.handler = ...",
              connection: ciphertext(),
              accountSid: acme.id,
              recordAllCalls: true,
              recordFormat: "mp3",
              awsS3: {
                ...{ bucket: aws.bucket, region: aws.region, accessKeyId: aws.access_key_id },
                secretAccessKey: secret,
                tags: { cost: "${literal}" },
                skipRegionValidation: false,
              },
              verifyBucketCredential: false,
            },
          },
          {
            urn: "urn:pulumi:staging::vg::pulumi-nodejs:dynamic:Resource::acme-limits",
            custom: true,
            id: acme.id,
            type: "pulumi-nodejs:dynamic:Resource",
            outputs: { __provider: "x", accountSid: acme.id, unit: "sessions", max: 10, licensed: 5 },
          },
          {
            urn: "urn:pulumi:staging::vg::pulumi-nodejs:dynamic:Resource::acme-ci",
            custom: true,
            id: key.id,
            type: "pulumi-nodejs:dynamic:Resource",
            outputs: { __provider: "x", accountSid: acme.id, token: ciphertext() },
          },
          {
            urn: "urn:pulumi:staging::vg::pulumi-nodejs:dynamic:Resource::unrelated",
            custom: true,
            id: "u1",
            type: "pulumi-nodejs:dynamic:Resource",
            outputs: { __provider: "x", greeting: "hello" },
          },
        ],
      },
    });

    it("reads typed and untyped dynamic resources, compares plaintext secrets by mask and skips encrypted ones", async () => {
      files.write("plain.json", exportOf(plaintext(SECRET)));
      const result = await drift(["--pulumi-export", "plain.json", "--format", "json", "--quiet"], env, files.dir);
      expect(result.code).toBe(0);
      const report = result.json().environments[0]!;
      expect(report.resources.map((r) => [r.address, r.type, r.status])).toEqual([
        ["Account::acme", "voicegateway_account", "in-sync"],
        ["AccountApiKey::acme-ci", "voicegateway_account_api_key", "in-sync"],
        ["AccountLimits::acme-limits", "voicegateway_account_limits", "in-sync"],
        ["AccountRecording::acme-recording", "voicegateway_account_recording", "in-sync"],
      ]);
      expect(find(report, "Account::acme").unverifiedAttributes).toEqual(["webhook_secret"]);
      expect(report.notes).toEqual([
        expect.stringContaining("skipped dynamic resource unrelated"),
        expect.stringContaining("hold encrypted secrets, which cannot be compared; export with `pulumi stack export --show-secrets`"),
      ]);

      files.write("encrypted.json", exportOf(ciphertext()));
      const encrypted = (await drift(["--pulumi-export", "encrypted.json", "--format", "json", "--quiet"], env, files.dir)).json()
        .environments[0]!;
      expect(find(encrypted, "AccountRecording::acme-recording")).toMatchObject({
        status: "in-sync",
        unverifiedAttributes: ["aws_s3.secret_access_key"],
      });
    });

    it("reports a rotated secret and changed tags against a plaintext export", async () => {
      const credential = { vendor: "aws_s3", name: aws.bucket, region: aws.region, access_key_id: aws.access_key_id };
      await portal.admin("PUT", `/Accounts/${acme.id as string}`, {
        bucket_credential: { ...credential, secret_access_key: ROTATED, tags: [{ Key: "cost", Value: "ops" }] },
      });
      try {
        const result = await drift(["--pulumi-export", "plain.json", "--format", "json", "--quiet"], env, files.dir);
        expect(result.code).toBe(2);
        expect(find(result.json().environments[0]!, "AccountRecording::acme-recording").attributes).toEqual([
          { attribute: "aws_s3.secret_access_key", sensitive: true },
          { attribute: "aws_s3.tags", sensitive: false, declared: { cost: "${literal}" }, live: { cost: "ops" } },
        ]);
        const markdown = await drift(["--pulumi-export", "plain.json", "--format", "markdown", "--quiet"], env, files.dir);
        expect(markdown.stdout).toContain(
          '| ~ changed | `AccountRecording::acme-recording` | `aws_s3.tags` | `{"cost":"${literal}"}` | `{"cost":"ops"}` |  |',
        );
        expectNoSecretsIn(
          [result.stdout, markdown.stdout],
          [SECRET, ROTATED, HOOK_PASSWORD, key.token as string, acme.webhook_secret as string, portal.emulator.adminKey],
        );
      } finally {
        await portal.admin("PUT", `/Accounts/${acme.id as string}`, {
          bucket_credential: { ...credential, secret_access_key: SECRET, tags: [{ Key: "cost", Value: "${literal}" }] },
        });
      }
    });
  });
});
