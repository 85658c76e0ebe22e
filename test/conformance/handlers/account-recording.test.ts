import { inspect } from "node:util";
import { type RecordingState } from "../../../provider/src/core/resources/account-recording/schema";
import { accountRecordingResource, accountResource } from "../../../provider/src/core/resources/catalog";
import { PartialApplyError } from "../../../provider/src/core/resources/partial-apply-error";
import { createFromInput, updateFromInput } from "../../../provider/src/core/resources/validated-handlers";
import { ConfigValidationError } from "../../../provider/src/core/schema/issues";
import { itWithEmulator, type PortalFixture, startPortalUnderTest, uniqueName } from "../../support/portal";

const handlers = accountRecordingResource.handlers;
const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const ROTATED_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYOTHERKEY00";
const AZURE = "DefaultEndpointsProtocol=https;AccountName=voicerec;AccountKey=c2VjcmV0LWtleS1mb3ItdGVzdHM=;EndpointSuffix=core.windows.net";
const GOOGLE_KEY = JSON.stringify(
  {
    type: "service_account",
    project_id: "voice",
    client_email: "rec@voice.iam.gserviceaccount.com",
    private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n",
  },
  null,
  2,
);

describe("account_recording handlers against the portal", () => {
  let portal: PortalFixture;
  let accountSid: string;
  beforeAll(async () => {
    portal = await startPortalUnderTest();
  });
  beforeEach(async () => {
    accountSid = (await createFromInput(accountResource, portal.ctx, { name: uniqueName() })).id;
  });
  afterAll(() => portal.close());

  const aws = (over: Record<string, unknown> = {}) => ({
    account_sid: accountSid,
    record_all_calls: true,
    aws_s3: {
      bucket: "call-recordings",
      region: "eu-west-1",
      access_key_id: "AKIAIOSFODNN7EXAMPLE",
      secret_access_key: AWS_SECRET,
      tags: { team: "voice" },
      ...over,
    },
  });
  const storedCredential = async () => {
    // The list endpoint returns the stored secret in plaintext (portal-behaviour.md §3.2): the test's way to see it.
    const list = (await portal.admin("GET", "/Accounts")) as { account_sid: string; bucket_credential: Record<string, unknown> }[];
    return list.find((a) => a.account_sid === accountSid)!.bucket_credential;
  };

  it("sets recording by PUT, reads it back without drift, updates and turns it off on delete", async () => {
    const created = await createFromInput(accountRecordingResource, portal.ctx, aws());
    expect(await storedCredential()).toMatchObject({
      vendor: "aws_s3",
      name: "call-recordings",
      secret_access_key: AWS_SECRET,
      tags: [{ Key: "team", Value: "voice" }],
    });
    // The portal masks the secret on read; the configured secret is kept because its mask matches.
    expect(await handlers.read(portal.ctx, created)).toEqual(created);

    const wav = await updateFromInput(accountRecordingResource, portal.ctx, created, { ...aws(), record_format: "wav" });
    expect(await handlers.read(portal.ctx, wav)).toMatchObject({ record_format: "wav", record_all_calls: true });

    await handlers.delete(portal.ctx, wav);
    const off = await handlers.read(portal.ctx, wav);
    expect(off).toMatchObject({ record_all_calls: false });
    expect(off?.aws_s3).toBeUndefined();
    expect(await storedCredential()).toBeNull();
  });

  it("detects an out-of-band secret change through the portal's mask, without learning the secret", async () => {
    const created = await createFromInput(accountRecordingResource, portal.ctx, aws());
    await portal.admin("PUT", `/Accounts/${accountSid}`, {
      bucket_credential: {
        vendor: "aws_s3",
        name: "call-recordings",
        region: "eu-west-1",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: `${ROTATED_SECRET}XX`,
      },
    });
    const drifted = (await handlers.read(portal.ctx, created)) as RecordingState;
    expect(drifted.aws_s3?.secret_access_key).toBe("wJalrX" + "X".repeat(ROTATED_SECRET.length + 2 - 6));
    const restored = await updateFromInput(accountRecordingResource, portal.ctx, drifted, aws());
    expect(await handlers.read(portal.ctx, restored)).toEqual(restored);
    expect((await storedCredential()).secret_access_key).toBe(AWS_SECRET);
  });

  it("imports with the masked secret, and keeps the stored secret when the configuration omits it", async () => {
    await createFromInput(accountRecordingResource, portal.ctx, aws());
    const imported = (await handlers.importState(portal.ctx, accountSid)) as RecordingState;
    expect(imported.aws_s3?.secret_access_key).toMatch(/^wJalrXX+$/);
    expect(JSON.stringify(imported)).not.toContain(AWS_SECRET);
    const { secret_access_key: _omitted, ...withoutSecret } = aws().aws_s3;
    await updateFromInput(accountRecordingResource, portal.ctx, imported, {
      ...aws(),
      aws_s3: { ...withoutSecret, tags: { team: "ops" } },
    });
    expect(await storedCredential()).toMatchObject({ secret_access_key: AWS_SECRET, tags: [{ Key: "team", Value: "ops" }] });
  });

  it("keeps a Google key the portal re-serialised, and an Azure connection string, without drift", async () => {
    const gcs = await createFromInput(accountRecordingResource, portal.ctx, {
      account_sid: accountSid,
      google_cloud_storage: { bucket: "voice-recordings", service_key: GOOGLE_KEY },
    });
    expect(await handlers.read(portal.ctx, gcs)).toEqual(gcs);
    const azure = await updateFromInput(accountRecordingResource, portal.ctx, gcs, {
      account_sid: accountSid,
      azure_blob: { container: "recordings", connection_string: AZURE },
    });
    expect(await handlers.read(portal.ctx, azure)).toEqual(azure);
    expect(await storedCredential()).toMatchObject({ vendor: "azure", connection_string: AZURE });
  });

  itWithEmulator(
    "fails to switch vendor with the secret omitted, before any request",
    "counts requests in the emulator's log",
    async () => {
      const created = await createFromInput(accountRecordingResource, portal.ctx, aws());
      portal.emulator.requests.clear();
      const error = await updateFromInput(accountRecordingResource, portal.ctx, created, {
        account_sid: accountSid,
        azure_blob: { container: "recordings" },
      }).catch((e: unknown) => e);
      expect(ConfigValidationError.is(error)).toBe(true);
      expect((error as Error).message).toMatch(/azure_blob\.connection_string: is required/);
      expect(portal.emulator.requests.count()).toBe(0);
    },
  );

  itWithEmulator(
    "fails on bad vendor fields before any request, and never shows the secret",
    "counts requests in the emulator's log",
    async () => {
      portal.emulator.requests.clear();
      const secret = "not a valid secret with spaces";
      const error = await createFromInput(
        accountRecordingResource,
        portal.ctx,
        aws({ bucket: "Bad_Bucket", region: "moon-1", secret_access_key: secret }),
      ).catch((e: unknown) => e);
      expect(ConfigValidationError.is(error)).toBe(true);
      expect((error as ConfigValidationError).issues).toHaveLength(3);
      expect(inspect(error)).not.toContain(secret);
      expect(portal.emulator.requests.count()).toBe(0);
    },
  );

  itWithEmulator(
    "runs the portal's bucket test only when asked, and reports its failure after saving",
    "reads the emulator's bucket and makes its bucket test fail",
    async () => {
      await createFromInput(accountRecordingResource, portal.ctx, aws());
      expect(await portal.emulator.bucketObjects()).toEqual([]);

      const verified = await createFromInput(accountRecordingResource, portal.ctx, {
        ...aws({ bucket: "verified-bucket" }),
        verify_bucket_credential: true,
      });
      expect(verified.verify_bucket_credential).toBe(true);
      expect(await portal.emulator.bucketObjects()).toEqual([
        expect.objectContaining({ bucket: "verified-bucket", key: "jambonz-sample.text" }),
      ]);

      portal.emulator.failBucketTests("Access Denied");
      const error = await createFromInput(accountRecordingResource, portal.ctx, { ...aws(), verify_bucket_credential: true }).catch(
        (e: unknown) => e,
      );
      portal.emulator.failBucketTests(null);
      expect(PartialApplyError.is(error)).toBe(true);
      expect((error as Error).message).toMatch(/bucket test failed.*Access Denied/);
      expect((error as PartialApplyError).state).toMatchObject({ account_sid: accountSid });
      expect(inspect(error)).not.toContain(AWS_SECRET);
    },
  );

  it("reads recording of a deleted account as gone", async () => {
    const created = await createFromInput(accountRecordingResource, portal.ctx, aws());
    await portal.admin("DELETE", `/Accounts/${accountSid}`);
    expect(await handlers.read(portal.ctx, created)).toBeNull();
    await expect(handlers.delete(portal.ctx, created)).resolves.toBeUndefined();
  });
});
