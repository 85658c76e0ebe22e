import { isUnknown } from "../../provider/src/core/schema/unknown";
import { resolveConnection } from "../../provider/src/pulumi/connection";
import { camelName } from "../../provider/src/pulumi/naming";
import { fromModel, PULUMI_UNKNOWN, propertyPath, toModel } from "../../provider/src/pulumi/properties";
import {
  inputFields,
  pulumiResource,
  pulumiResources,
  secretProperties,
  stateFields,
  typeToken,
} from "../../provider/src/pulumi/resource-table";

const recording = pulumiResources.account_recording.definition;

describe("Pulumi property names", () => {
  it.each([
    ["name", "name"],
    ["aws_s3", "awsS3"],
    ["s3_compatible", "s3Compatible"],
    ["google_cloud_storage", "googleCloudStorage"],
    ["record_all_calls", "recordAllCalls"],
    ["webhook_secret_rotation", "webhookSecretRotation"],
  ])("spells %s as %s", (snake, camel) => {
    expect(camelName(snake)).toBe(camel);
  });

  it("renames object fields at every level but leaves map keys alone", () => {
    const bag = { accountSid: "a", awsS3: { bucket: "b", secretAccessKey: "s", tags: { "cost centre": "42", snake_key: "x" } } };
    const { model, unrecognised } = toModel(inputFields(recording), bag);
    expect(model).toEqual({
      account_sid: "a",
      aws_s3: { bucket: "b", secret_access_key: "s", tags: { "cost centre": "42", snake_key: "x" } },
    });
    expect(unrecognised).toEqual([]);
    expect(fromModel(stateFields(recording), model)).toEqual(bag);
  });

  it("names the properties it does not know by their Pulumi paths", () => {
    const { unrecognised } = toModel(inputFields(recording), { awsS3: { bukket: "b" }, account_sid: "snake", __provider: "text" }, [
      "__provider",
    ]);
    expect(unrecognised).toEqual(["awsS3.bukket", "account_sid"]);
  });

  it("turns Pulumi's unknown placeholder into the core's unknown, at any depth", () => {
    const { model } = toModel(inputFields(recording), {
      accountSid: PULUMI_UNKNOWN,
      awsS3: { bucket: PULUMI_UNKNOWN, tags: { a: PULUMI_UNKNOWN } },
    });
    expect(isUnknown(model.account_sid)).toBe(true);
    const s3 = model.aws_s3 as Record<string, Record<string, unknown>>;
    expect(isUnknown(s3.bucket)).toBe(true);
    expect(isUnknown(s3.tags!.a)).toBe(true);
  });

  it("writes model paths as Pulumi property paths", () => {
    const fields = inputFields(recording);
    expect(propertyPath(fields, ["aws_s3", "secret_access_key"])).toBe("awsS3.secretAccessKey");
    expect(propertyPath(fields, ["aws_s3", "tags", "cost centre"])).toBe('awsS3.tags["cost centre"]');
    expect(propertyPath(fields, ["aws_s3", "tags", "team"])).toBe("awsS3.tags.team");
    expect(propertyPath(fields, ["record_format"])).toBe("recordFormat");
    expect(propertyPath(fields, [])).toBe("");
  });
});

describe("Pulumi resource table", () => {
  it("gives each resource its module type token", () => {
    expect(Object.values(pulumiResources).map(typeToken)).toEqual([
      "pulumi-nodejs:dynamic/voicegateway:Account",
      "pulumi-nodejs:dynamic/voicegateway:AccountApiKey",
      "pulumi-nodejs:dynamic/voicegateway:AccountRecording",
      "pulumi-nodejs:dynamic/voicegateway:AccountLimits",
    ]);
  });

  it("keeps secret every top-level property that holds a sensitive field, and the connection", () => {
    expect(secretProperties(pulumiResources.account.definition)).toEqual([
      "registrationHook",
      "queueEventHook",
      "webhookSecret",
      "connection",
    ]);
    expect(secretProperties(pulumiResources.account_api_key.definition)).toEqual(["token", "connection"]);
    expect(secretProperties(recording)).toEqual(["awsS3", "s3Compatible", "googleCloudStorage", "azureBlob", "connection"]);
    expect(secretProperties(pulumiResources.account_limits.definition)).toEqual(["connection"]);
  });

  it("fails clearly for a resource name the installed package does not know", () => {
    expect(() => pulumiResource("account_trunk")).toThrow(/Unknown Voice Gateway resource "account_trunk".*different versions/);
  });

  it("has no model field named like the connection property", () => {
    for (const { definition } of Object.values(pulumiResources)) {
      expect(definition.fields.map((f) => camelName(f.name))).not.toContain("connection");
    }
  });
});

describe("Pulumi connection settings", () => {
  const env = {
    VOICEGATEWAY_API_URL: "https://env.example.com/v1",
    VOICEGATEWAY_API_KEY: "env-key",
    VOICEGATEWAY_SERVICE_PROVIDER_SID: "env-sp",
  };

  it("takes each setting from the resource, else from the environment", () => {
    expect(resolveConnection({ apiKey: "resource-key" }, env)).toEqual({
      ok: true,
      settings: { apiUrl: "https://env.example.com/v1", apiKey: "resource-key", serviceProviderSid: "env-sp" },
    });
    expect(resolveConnection(undefined, env)).toMatchObject({ ok: true, settings: { apiKey: "env-key" } });
  });

  it("names every missing or malformed setting", () => {
    expect(resolveConnection({ apiUrl: 7, apiKy: "typo" }, {})).toEqual({
      ok: false,
      problems: [
        { property: "connection.apiKy", reason: expect.stringContaining("is not a connection setting") },
        { property: "connection.apiUrl", reason: "must be a string" },
        { property: "connection.apiUrl", reason: expect.stringContaining("is not set") },
        { property: "connection.apiKey", reason: expect.stringContaining("is not set") },
      ],
    });
  });

  it("issue 13: takes maxConcurrentRequests from the resource, else VOICEGATEWAY_MAX_CONCURRENT_REQUESTS, and refuses a bad one", () => {
    expect(resolveConnection({ maxConcurrentRequests: 3 }, env)).toMatchObject({ ok: true, settings: { maxConcurrentRequests: 3 } });
    expect(resolveConnection(undefined, { ...env, VOICEGATEWAY_MAX_CONCURRENT_REQUESTS: "12" })).toMatchObject({
      ok: true,
      settings: { maxConcurrentRequests: 12 },
    });
    expect(resolveConnection({ maxConcurrentRequests: 0 }, env)).toEqual({
      ok: false,
      problems: [
        { property: "connection.maxConcurrentRequests", reason: "connection.maxConcurrentRequests must be a whole number from 1 to 64" },
      ],
    });
    expect(resolveConnection(undefined, { ...env, VOICEGATEWAY_MAX_CONCURRENT_REQUESTS: "eight" })).toEqual({
      ok: false,
      problems: [
        {
          property: "connection.maxConcurrentRequests",
          reason: 'VOICEGATEWAY_MAX_CONCURRENT_REQUESTS ("eight") must be a whole number from 1 to 64',
        },
      ],
    });
  });

  it("waits while the connection is not known (a preview)", () => {
    expect(resolveConnection({ apiUrl: "https://x/v1", apiKey: PULUMI_UNKNOWN }, {})).toEqual({ ok: false, problems: [], unknown: true });
  });
});
