import { type PortalFixture, startPortal, uniqueName } from "../support/portal";
import { DIFF_NONE, DIFF_SOME, type DynamicProviderHost, type PulumiHarness, startPulumiHarness, urnOf } from "../support/pulumi-host";

const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const AZURE = "DefaultEndpointsProtocol=https;AccountName=voicerec;AccountKey=c2VjcmV0LWtleS1mb3ItdGVzdHM=;EndpointSuffix=core.windows.net";

describe("AccountRecording through the Pulumi dynamic provider host", () => {
  let portal: PortalFixture;
  let harness: PulumiHarness;
  let host: DynamicProviderHost;
  let connection: Record<string, string>;
  let accountSid: string;
  const urn = (name = "recording") => urnOf("AccountRecording", name);
  // As the engine sends them: no undefined values.
  const inputs = (values: Record<string, unknown>) =>
    JSON.parse(JSON.stringify({ ...values, connection, __provider: harness.providers.AccountRecording })) as Record<string, unknown>;
  const awsS3 = (extra: Record<string, unknown> = {}) => ({
    bucket: "call-recordings",
    region: "eu-west-1",
    accessKeyId: "AKIAIOSFODNN7EXAMPLE",
    secretAccessKey: SECRET,
    tags: { team: "voice", "cost centre": "42" },
    ...extra,
  });
  // The list shows the stored credential in plaintext (portal-behaviour.md §3.2): the test's window into the portal.
  const stored = async () => {
    const list = (await portal.admin("GET", "/Accounts")) as {
      account_sid: string;
      bucket_credential: Record<string, unknown> | null;
      record_all_calls: number;
      record_format: string;
    }[];
    return list.find((a) => a.account_sid === accountSid)!;
  };

  beforeAll(async () => {
    portal = await startPortal();
    connection = { apiUrl: portal.emulator.apiUrl, apiKey: portal.emulator.adminKey };
    harness = await startPulumiHarness();
    host = harness.host;
  });
  beforeEach(async () => {
    accountSid = (
      (await portal.admin("POST", "/Accounts", { name: uniqueName(), service_provider_sid: portal.emulator.serviceProviderSid })) as {
        sid: string;
      }
    ).sid;
  });
  afterAll(async () => {
    try {
      await harness?.close();
    } finally {
      await portal?.close();
    }
  });

  it("fails Check on nested problems by property path, and never shows a secret", async () => {
    const checked = await host.check(
      urn(),
      {},
      inputs({
        accountSid,
        recordFormat: "ogg",
        awsS3: awsS3({ bucket: "My_Bucket", region: "mars-north-1", secretAccessKey: "has white space", tags: { "": "x" } }),
      }),
    );
    expect(checked.failures).toEqual(
      expect.arrayContaining([
        { property: "recordFormat", reason: 'must be "mp3" or "wav"' },
        { property: "awsS3.bucket", reason: expect.stringMatching(/^"My_Bucket" /) },
        { property: "awsS3.secretAccessKey", reason: "(sensitive value) must not contain white space" },
        // Other props are named as this front end spells them (issue 14).
        {
          property: "awsS3.region",
          reason: expect.stringMatching(/^"mars-north-1" is not one of the portal's regions .*set skipRegionValidation to true/),
        },
        { property: "awsS3.tags", reason: expect.stringContaining("empty key") },
      ]),
    );
    expect(JSON.stringify(checked.failures)).not.toContain("has white space");
  });

  it("fails Check without exactly one vendor, and without a secret the portal does not store yet", async () => {
    expect((await host.check(urn(), {}, inputs({ accountSid }))).failures).toEqual([
      { property: "", reason: expect.stringContaining("exactly one bucket vendor is required") },
    ]);
    const two = await host.check(
      urn(),
      {},
      inputs({ accountSid, awsS3: awsS3(), azureBlob: { container: "recordings", connectionString: AZURE } }),
    );
    expect(two.failures).toEqual([
      {
        property: "azureBlob",
        reason: expect.stringContaining("conflicts with awsS3: set exactly one of awsS3, s3Compatible, googleCloudStorage, azureBlob"),
      },
    ]);
    // A new recording needs the secret; an existing one (old inputs with the vendor) may omit it.
    const withoutSecret = inputs({ accountSid, awsS3: awsS3({ secretAccessKey: undefined }) });
    expect((await host.check(urn(), {}, withoutSecret)).failures).toEqual([
      { property: "awsS3.secretAccessKey", reason: expect.stringContaining("is required") },
    ]);
    expect((await host.check(urn(), inputs({ accountSid, awsS3: awsS3() }), withoutSecret)).failures).toEqual([]);
  });

  it("creates, diffs, updates, refreshes and deletes the recording settings", async () => {
    const desired = inputs({ accountSid, recordAllCalls: true, awsS3: awsS3() });
    const created = await host.create(urn(), desired);
    expect(created.id).toBe(accountSid);
    expect(created.properties).toMatchObject({
      accountSid,
      recordAllCalls: true,
      recordFormat: "mp3",
      verifyBucketCredential: false,
      awsS3: { ...awsS3(), skipRegionValidation: false },
    });
    expect(await stored()).toMatchObject({
      record_all_calls: 1,
      bucket_credential: {
        vendor: "aws_s3",
        secret_access_key: SECRET,
        tags: expect.arrayContaining([
          { Key: "team", Value: "voice" },
          { Key: "cost centre", Value: "42" },
        ]),
      },
    });

    // the same settings, with defaults spelled out or the secret left out (keep what the portal stores): no change
    expect(await host.diff(urn(), created.id, created.properties, desired)).toEqual({
      changes: DIFF_NONE,
      replaces: [],
      deleteBeforeReplace: true,
    });
    expect(
      (
        await host.diff(
          urn(),
          created.id,
          created.properties,
          inputs({
            accountSid,
            recordAllCalls: true,
            recordFormat: "mp3",
            awsS3: awsS3({ secretAccessKey: undefined, skipRegionValidation: false }),
          }),
        )
      ).changes,
    ).toBe(DIFF_NONE);
    // a new secret, another vendor, another account
    expect(
      (
        await host.diff(
          urn(),
          created.id,
          created.properties,
          inputs({ accountSid, recordAllCalls: true, awsS3: awsS3({ secretAccessKey: `${SECRET}2` }) }),
        )
      ).changes,
    ).toBe(DIFF_SOME);
    expect(
      await host.diff(
        urn(),
        created.id,
        created.properties,
        inputs({ accountSid, azureBlob: { container: "recordings", connectionString: AZURE } }),
      ),
    ).toEqual({ changes: DIFF_SOME, replaces: [], deleteBeforeReplace: true });
    expect(
      (
        await host.diff(
          urn(),
          created.id,
          created.properties,
          inputs({ ...desired, accountSid: "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c", connection: undefined }),
        )
      ).replaces,
    ).toEqual(["accountSid"]);

    const wav = inputs({ accountSid, recordAllCalls: true, recordFormat: "wav", awsS3: awsS3({ secretAccessKey: undefined }) });
    const updated = await host.update(urn(), created.id, created.properties, wav);
    expect(updated).toMatchObject({ recordFormat: "wav", awsS3: { secretAccessKey: SECRET } });
    expect(await stored()).toMatchObject({ record_format: "wav", bucket_credential: { secret_access_key: SECRET } });

    // refresh: an out-of-band change shows; the portal's masked secret reads as the one we hold
    await portal.admin("PUT", `/Accounts/${accountSid}`, { record_all_calls: false });
    const refreshed = await host.read(urn(), created.id, updated);
    expect(refreshed.properties).toMatchObject({ recordAllCalls: false, awsS3: { secretAccessKey: SECRET } });

    await host.delete(urn(), created.id, refreshed.properties);
    expect(await stored()).toMatchObject({ record_all_calls: 0, bucket_credential: null });
  });

  it("treats the masked secret of an adopted recording as equal to the configured one", async () => {
    await host.create(urn(), inputs({ accountSid, awsS3: awsS3() }));
    const adopted = await host.read(urn("adopted"), accountSid, { connection, __provider: harness.providers.AccountRecording });
    const maskedSecret = (adopted.properties.awsS3 as Record<string, string>).secretAccessKey;
    expect(maskedSecret).toMatch(/^wJalrXX+$/);
    expect((await host.diff(urn("adopted"), accountSid, adopted.properties, inputs({ accountSid, awsS3: awsS3() }))).changes).toBe(
      DIFF_NONE,
    );
    expect(
      (
        await host.diff(
          urn("adopted"),
          accountSid,
          adopted.properties,
          inputs({ accountSid, awsS3: awsS3({ secretAccessKey: "AnotherSecretKey1234567890" }) }),
        )
      ).changes,
    ).toBe(DIFF_SOME);
  });
});
