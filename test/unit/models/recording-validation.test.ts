import { checkRecordingPlan } from "../../../provider/src/core/resources/account-recording/rules";
import { type RecordingConfig } from "../../../provider/src/core/resources/account-recording/schema";
import { accountRecordingResource } from "../../../provider/src/core/resources/catalog";
import { parseConfig } from "../../../provider/src/core/resources/resource-definition";
import { describeIssue, type ValidationIssue } from "../../../provider/src/core/schema/issues";
import { UNKNOWN } from "../../../provider/src/core/schema/unknown";

const ACCOUNT = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c";
const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const AZURE =
  "DefaultEndpointsProtocol=https;AccountName=voicerec;AccountKey=c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seQ==;EndpointSuffix=core.windows.net";
const GOOGLE_KEY = JSON.stringify({
  type: "service_account",
  project_id: "voice",
  client_email: "rec@voice.iam.gserviceaccount.com",
  private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
});

const aws = (over: Record<string, unknown> = {}) => ({
  account_sid: ACCOUNT,
  aws_s3: { bucket: "call-recordings", region: "eu-west-1", access_key_id: "AKIAIOSFODNN7EXAMPLE", secret_access_key: AWS_SECRET, ...over },
});

function issuesOf(raw: Record<string, unknown>): ValidationIssue[] {
  const result = parseConfig(accountRecordingResource, raw);
  return result.ok ? [] : result.issues;
}

function onlyIssueAt(raw: Record<string, unknown>, path: (string | number)[]): ValidationIssue {
  const issues = issuesOf(raw);
  expect(issues.map((i) => i.path)).toEqual([path]);
  return issues[0]!;
}

describe("account_recording validation", () => {
  it("accepts a complete AWS S3 configuration and applies the defaults", () => {
    const result = parseConfig<RecordingConfig>(accountRecordingResource, aws({ tags: { team: "voice" } }));
    expect(result).toMatchObject({
      ok: true,
      config: { record_all_calls: false, record_format: "mp3", verify_bucket_credential: false, aws_s3: { skip_region_validation: false } },
    });
  });

  it("fails when no vendor is set, naming every vendor", () => {
    const issue = onlyIssueAt({ account_sid: ACCOUNT }, []);
    expect(issue.message).toMatch(/aws_s3, s3_compatible, google_cloud_storage, azure_blob/);
  });

  it("fails when two vendors are set, pointing at the second", () => {
    const issue = onlyIssueAt({ ...aws(), azure_blob: { container: "recordings", connection_string: AZURE } }, ["azure_blob"]);
    expect(issue.message).toMatch(/conflicts with aws_s3/);
  });

  it("fails on an S3 bucket name with upper-case letters, showing the name and the rule", () => {
    const issue = onlyIssueAt(aws({ bucket: "Call_Recordings" }), ["aws_s3", "bucket"]);
    expect(describeIssue(issue)).toBe(
      'aws_s3.bucket: "Call_Recordings" may only contain lower-case letters, digits, dots and hyphens; use 3-63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit',
    );
  });

  it.each([
    ["ab", /3-63 characters/],
    ["a".repeat(64), /3-63 characters/],
    ["-recordings", /start and end with a letter or digit/],
    ["rec..ordings", /two adjacent dots/],
    ["192.168.10.12", /IP address/],
    ["xn--recordings", /reserved by AWS/],
    ["recordings-s3alias", /reserved by AWS/],
  ])("fails on the S3 bucket name %s", (bucket, message) => {
    expect(onlyIssueAt(aws({ bucket }), ["aws_s3", "bucket"]).message).toMatch(message);
  });

  it("fails on a region outside the portal's 22 and says how to opt out", () => {
    const issue = onlyIssueAt(aws({ region: "eu-central-2" }), ["aws_s3", "region"]);
    expect(issue.shownValue).toBe('"eu-central-2"');
    expect(issue.message).toMatch(/set skip_region_validation to true/);
  });

  it("accepts an unlisted region when skip_region_validation is true, but still checks its shape", () => {
    expect(issuesOf(aws({ region: "eu-central-2", skip_region_validation: true }))).toEqual([]);
    expect(onlyIssueAt(aws({ region: "mars-1", skip_region_validation: true }), ["aws_s3", "region"]).message).toMatch(
      /not an AWS region name/,
    );
  });

  it("fails on a malformed access key ID", () => {
    expect(onlyIssueAt(aws({ access_key_id: "akia-lower" }), ["aws_s3", "access_key_id"]).message).toMatch(/16-128 upper-case/);
  });

  it("fails on a secret access key with white space without ever showing the secret", () => {
    const secret = "secret with spaces in it";
    const issue = onlyIssueAt(aws({ secret_access_key: secret }), ["aws_s3", "secret_access_key"]);
    expect(issue.shownValue).toBe("(sensitive value)");
    expect(describeIssue(issue)).not.toContain(secret);
  });

  it("fails on an S3-compatible endpoint that is not an absolute http(s) URL", () => {
    const base = { bucket: "recordings", access_key_id: "minio", secret_access_key: "minio-secret-key" };
    expect(
      onlyIssueAt({ account_sid: ACCOUNT, s3_compatible: { ...base, endpoint: "minio.local:9000" } }, ["s3_compatible", "endpoint"])
        .message,
    ).toMatch(/absolute URL/);
    expect(
      onlyIssueAt({ account_sid: ACCOUNT, s3_compatible: { ...base, endpoint: "ftp://minio.local" } }, ["s3_compatible", "endpoint"])
        .message,
    ).toMatch(/http or https/);
    expect(
      issuesOf({ account_sid: ACCOUNT, s3_compatible: { ...base, endpoint: "https://minio.local:9000", region: "us-east-1" } }),
    ).toEqual([]);
  });

  it("fails on an S3-compatible bucket name with underscores", () => {
    const raw = {
      account_sid: ACCOUNT,
      s3_compatible: { endpoint: "https://minio.local", bucket: "rec_ordings", access_key_id: "minio", secret_access_key: "minio-secret" },
    };
    expect(onlyIssueAt(raw, ["s3_compatible", "bucket"]).message).toMatch(/lower-case letters/);
  });

  it("fails on an Azure container name with a double hyphen", () => {
    const raw = { account_sid: ACCOUNT, azure_blob: { container: "call--recordings", connection_string: AZURE } };
    expect(onlyIssueAt(raw, ["azure_blob", "container"]).message).toMatch(/single hyphens/);
  });

  it("fails on an Azure connection string without an account key or SAS, naming keys but not values", () => {
    const raw = {
      account_sid: ACCOUNT,
      azure_blob: { container: "recordings", connection_string: "AccountName=voicerec;EndpointSuffix=core.windows.net" },
    };
    const issue = onlyIssueAt(raw, ["azure_blob", "connection_string"]);
    expect(issue.message).toMatch(/AccountName and AccountKey, or SharedAccessSignature/);
    expect(describeIssue(issue)).not.toContain("voicerec");
  });

  it("accepts an Azure SAS connection string", () => {
    const sas = "BlobEndpoint=https://voicerec.blob.core.windows.net/;SharedAccessSignature=sv=2022-11-02&ss=b&sig=abc";
    expect(issuesOf({ account_sid: ACCOUNT, azure_blob: { container: "recordings", connection_string: sas } })).toEqual([]);
  });

  it("fails on a Google service key that is not JSON, or lacks private_key and client_email", () => {
    const gcs = (service_key: string) => ({ account_sid: ACCOUNT, google_cloud_storage: { bucket: "call-recordings", service_key } });
    expect(onlyIssueAt(gcs("not json"), ["google_cloud_storage", "service_key"]).message).toMatch(/does not parse as JSON/);
    expect(onlyIssueAt(gcs('{"type":"service_account"}'), ["google_cloud_storage", "service_key"]).message).toBe(
      "must contain private_key and client_email (a service account key file does)",
    );
    expect(issuesOf(gcs(GOOGLE_KEY))).toEqual([]);
  });

  it("fails on a Google bucket name containing google", () => {
    const raw = { account_sid: ACCOUNT, google_cloud_storage: { bucket: "my-google-recordings", service_key: GOOGLE_KEY } };
    expect(onlyIssueAt(raw, ["google_cloud_storage", "bucket"]).message).toMatch(/"google"/);
  });

  it("fails on a record_format other than mp3 or wav", () => {
    expect(onlyIssueAt({ ...aws(), record_format: "ogg" }, ["record_format"]).message).toBe('must be "mp3" or "wav"');
  });

  it("fails on empty tag keys and overlong tag values", () => {
    const issues = issuesOf(aws({ tags: { "": "x", team: "v".repeat(257) } }));
    expect(issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["aws_s3.tags", "has a tag with an empty key; tag keys must not be empty"],
      ["aws_s3.tags", 'has tag "team" with a value longer than 256 characters'],
    ]);
  });

  it("fails when the credential JSON would not fit the portal's column", () => {
    const tags = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`tag${i}`, "v".repeat(100)]));
    const issue = onlyIssueAt(aws({ tags }), ["aws_s3"]);
    expect(issue.message).toMatch(/bytes of JSON; the portal stores at most about 4060/);
  });

  it("reports every problem at once", () => {
    const issues = issuesOf({ ...aws({ bucket: "B", region: "nowhere", access_key_id: "x" }), record_format: "flac" });
    expect(issues.map((i) => i.path.join("."))).toEqual(
      expect.arrayContaining(["aws_s3.bucket", "aws_s3.access_key_id", "record_format", "aws_s3.region"]),
    );
    expect(issues).toHaveLength(4);
  });

  it("skips values that are not known yet instead of guessing", () => {
    expect(issuesOf(aws({ bucket: UNKNOWN, secret_access_key: UNKNOWN }))).toEqual([]);
    expect(issuesOf({ account_sid: UNKNOWN, aws_s3: UNKNOWN })).toEqual([]);
  });

  it("accepts a masked secret as 'keep the stored one' in shape checks", () => {
    const raw = { account_sid: ACCOUNT, azure_blob: { container: "recordings", connection_string: "DefaulXXXXXXXXXXXXXXXX" } };
    expect(issuesOf(raw)).toEqual([]);
  });
});

describe("account_recording plan checks", () => {
  const config = (over: Partial<RecordingConfig> = {}): RecordingConfig => ({
    account_sid: ACCOUNT,
    record_all_calls: false,
    record_format: "mp3",
    verify_bucket_credential: false,
    ...over,
  });

  it("fails on create when the secret is omitted", () => {
    const issues = checkRecordingPlan(
      config({ aws_s3: { bucket: "b-1", region: "eu-west-1", access_key_id: "AKIAIOSFODNN7EXAMPLE", skip_region_validation: false } }),
      null,
    );
    expect(issues).toEqual([
      expect.objectContaining({
        path: ["aws_s3", "secret_access_key"],
        message: expect.stringMatching(/is required: the portal stores no aws_s3 credential/),
      }),
    ]);
  });

  it("fails when a masked secret would be sent while switching vendor", () => {
    const prior = { ...config({ azure_blob: { container: "recordings", connection_string: AZURE } }), id: ACCOUNT };
    const next = config({
      aws_s3: {
        bucket: "b-1",
        region: "eu-west-1",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key: "wJalrXXXXXXXXX",
        skip_region_validation: false,
      },
    });
    expect(checkRecordingPlan(next, prior)[0]?.message).toMatch(/looks masked/);
  });

  it("lets the secret be omitted when the portal stores one for the same vendor", () => {
    const prior = { ...config({ azure_blob: { container: "recordings", connection_string: "DefaulXXXXXX" } }), id: ACCOUNT };
    expect(checkRecordingPlan(config({ azure_blob: { container: "recordings" } }), prior)).toEqual([]);
  });
});
