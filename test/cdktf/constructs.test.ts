import { App, TerraformOutput, TerraformStack, TerraformVariable, Testing, Token } from "cdktf";
import {
  Account,
  AccountApiKey,
  generated,
  LimitUnit,
  RecordFormat,
  Recording,
  VoicegatewayProvider,
  WebhookMethod,
} from "../../constructs/src";
import { ConfigValidationError } from "../../provider/src/core/schema/issues";

const SID = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c";
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const GOOGLE_KEY = {
  type: "service_account",
  client_email: "rec@proj.iam.gserviceaccount.com",
  private_key: "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n",
};

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new VoicegatewayProvider(stack, "voicegateway");
  return stack;
}

type Synthesized = { resource: Record<string, Record<string, Record<string, unknown>>>; output?: Record<string, Record<string, unknown>> };
const synth = (stack: TerraformStack): Synthesized => JSON.parse(Testing.synth(stack)) as Synthesized;
/** The only resource of a type in a synthesized stack. */
function only(stack: TerraformStack, type: string): Record<string, unknown> {
  const all = Object.values(synth(stack).resource[type] ?? {});
  expect(all).toHaveLength(1);
  const { "//": _metadata, ...config } = all[0]!;
  return config;
}

/** The error a construct throws, for assertions on its issues. */
function thrown(fn: () => unknown): ConfigValidationError {
  try {
    fn();
  } catch (error) {
    if (ConfigValidationError.is(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigValidationError");
}
const paths = (error: ConfigValidationError) => error.issues.map((i) => i.path.join("."));

describe("Account", () => {
  it("synthesizes a voicegateway_account with the props in snake_case", () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    new Account(stack, "Acme", {
      name: "staging-acme",
      sipRealm: "acme.sip.example.com",
      enableDebugLog: true,
      registrationHook: { url: "https://hooks.example.com/reg", method: WebhookMethod.GET, username: "u", password: "p4ss" },
      webhookSecretRotation: "2026-11",
    });
    // THEN
    expect(
      Testing.toHaveResourceWithProperties(Testing.synth(stack), generated.account.Account.tfResourceType, {
        name: "staging-acme",
        sip_realm: "acme.sip.example.com",
        enable_debug_log: true,
        webhook_secret_rotation: "2026-11",
      }),
    ).toBe(true);
    expect(only(stack, "voicegateway_account").registration_hook).toEqual({
      url: "https://hooks.example.com/reg",
      method: "GET",
      username: "u",
      password_wo: "p4ss",
      password_wo_version: "1",
    });
  });

  it("leaves unset props out, so the provider's defaults apply", () => {
    const stack = newStack();
    new Account(stack, "Acme", { name: "acme" });
    expect(only(stack, "voicegateway_account")).toEqual({ name: "acme" });
  });

  it("names its resource Resource and exposes runtime attributes as tokens", () => {
    const stack = newStack();
    const account = new Account(stack, "Acme", { name: "acme" });
    expect(account.node.defaultChild).toBeInstanceOf(generated.account.Account);
    expect((account.node.defaultChild as generated.account.Account).node.id).toBe("Resource");
    expect(Token.isUnresolved(account.accountSid)).toBe(true);
    expect(Token.isUnresolved(account.webhookSecret)).toBe(true);
    new TerraformOutput(stack, "sid", { value: account.accountSid });
    expect(synth(stack).output?.sid?.value).toMatch(/^\$\{voicegateway_account\.Acme_[0-9A-F]+\.id\}$/);
  });

  it("accepts tokens anywhere, leaving their checks to plan time", () => {
    const stack = newStack();
    const name = new TerraformVariable(stack, "name", { type: "string" });
    const realm = new TerraformVariable(stack, "realm", { type: "string" });
    const max = new TerraformVariable(stack, "max", { type: "number" });
    const account = new Account(stack, "Acme", { name: name.stringValue, sipRealm: `${realm.stringValue}.example.com` });
    account.setLimits({ max: max.numberValue });
    expect(only(stack, "voicegateway_account").name).toBe("${var.name}");
    expect(only(stack, "voicegateway_account_limits").max).toBe("${var.max}");
  });
});

describe("Account.addApiKey", () => {
  it("adds a key bound to the account, with token and SID as tokens", () => {
    const stack = newStack();
    const account = new Account(stack, "Acme", { name: "acme" });
    const key = account.addApiKey("Ci", { triggers: { rotated: "2026-11" } });
    expect(key).toBeInstanceOf(AccountApiKey);
    expect(key.node.path).toBe("test/Acme/Ci");
    expect(Token.isUnresolved(key.token)).toBe(true);
    expect(Token.isUnresolved(key.apiKeySid)).toBe(true);
    expect(only(stack, "voicegateway_account_api_key")).toEqual({
      account_sid: expect.stringMatching(/^\$\{voicegateway_account\.Acme_[0-9A-F]+\.id\}$/),
      triggers: { rotated: "2026-11" },
    });
  });

  it("keeps the token sensitive in an output that says so", () => {
    const stack = newStack();
    const key = new Account(stack, "Acme", { name: "acme" }).addApiKey("Ci");
    new TerraformOutput(stack, "token", { value: key.token, sensitive: true });
    expect(synth(stack).output?.token).toEqual({ value: expect.stringMatching(/\.token\}$/), sensitive: true });
  });
});

describe("Account.fromAccountSid", () => {
  it("supports keys, recording and limits on an existing account", () => {
    const stack = newStack();
    const account = Account.fromAccountSid(stack, "Existing", SID);
    expect(account.accountSid).toBe(SID);
    account.addApiKey("Ci");
    account.enableRecording(Recording.azureBlob({ container: "recordings", connectionString: "AccountName=acme;AccountKey=a2V5" }));
    account.setLimits({ unit: LimitUnit.MINUTES, max: 1000, licensed: 500 });
    expect(only(stack, "voicegateway_account_api_key")).toEqual({ account_sid: SID });
    expect(only(stack, "voicegateway_account_recording")).toMatchObject({ account_sid: SID, azure_blob: { container: "recordings" } });
    expect(only(stack, "voicegateway_account_limits")).toEqual({ account_sid: SID, unit: "minutes", max: 1000, licensed: 500 });
    expect(Testing.toHaveResource(Testing.synth(stack), "voicegateway_account")).toBe(false);
  });

  it("fails on a SID that is not a portal SID", () => {
    const error = thrown(() => Account.fromAccountSid(newStack(), "Existing", "acct-123"));
    expect(paths(error)).toEqual(["accountSid"]);
    expect(error.message).toContain("test/Existing");
    expect(error.message).toContain('"acct-123"');
  });
});

describe("Account.enableRecording", () => {
  it("sends an S3 secret through the write-only attribute with a version, by default", () => {
    const stack = newStack();
    const account = new Account(stack, "Acme", { name: "acme" });
    account.enableRecording(
      Recording.awsS3({
        bucket: "acme-recordings",
        region: "eu-west-1",
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: SECRET,
        tags: { team_name: "voice" },
      }),
      { recordAllCalls: true, recordFormat: RecordFormat.WAV },
    );
    const recording = only(stack, "voicegateway_account_recording");
    expect(recording).toEqual({
      account_sid: expect.stringMatching(/\.id\}$/),
      record_all_calls: true,
      record_format: "wav",
      aws_s3: {
        bucket: "acme-recordings",
        region: "eu-west-1",
        access_key_id: "AKIAIOSFODNN7EXAMPLE",
        secret_access_key_wo: SECRET,
        secret_access_key_wo_version: "1",
        tags: { team_name: "voice" },
      },
    });
    expect(account.node.tryFindChild("Recording")?.node.tryFindChild("Resource")).toBeInstanceOf(
      generated.accountRecording.AccountRecording,
    );
  });

  it("rotates with secretVersion, or stores the secret in state when asked", () => {
    const rotated = newStack();
    new Account(rotated, "Acme", { name: "acme" }).enableRecording(
      Recording.s3Compatible({
        endpoint: "https://minio.example.com",
        bucket: "recs",
        accessKeyId: "minio",
        secretAccessKey: SECRET,
        secretVersion: "2026-11",
      }),
    );
    expect(only(rotated, "voicegateway_account_recording").s3_compatible).toMatchObject({
      secret_access_key_wo: SECRET,
      secret_access_key_wo_version: "2026-11",
    });

    const stored = newStack();
    new Account(stored, "Acme", { name: "acme" }).enableRecording(
      Recording.azureBlob({ container: "recs", connectionString: "AccountName=acme;AccountKey=a2V5", storeSecretInState: true }),
    );
    expect(only(stored, "voicegateway_account_recording").azure_blob).toEqual({
      container: "recs",
      connection_string: "AccountName=acme;AccountKey=a2V5",
    });
  });

  it("takes a secret from a sensitive variable", () => {
    const stack = newStack();
    const secret = new TerraformVariable(stack, "secret", { type: "string", sensitive: true });
    new Account(stack, "Acme", { name: "acme" }).enableRecording(
      Recording.awsS3({
        bucket: "acme-recordings",
        region: "eu-west-1",
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: secret.stringValue,
      }),
    );
    expect(only(stack, "voicegateway_account_recording").aws_s3).toMatchObject({ secret_access_key_wo: "${var.secret}" });
  });

  it("accepts a Google service key as JSON text or as an object", () => {
    const asText = newStack();
    new Account(asText, "Acme", { name: "acme" }).enableRecording(
      Recording.googleCloudStorage({ bucket: "acme-recs", serviceKey: JSON.stringify(GOOGLE_KEY) }),
    );
    const asObject = newStack();
    new Account(asObject, "Acme", { name: "acme" }).enableRecording(
      Recording.googleCloudStorage({ bucket: "acme-recs", serviceKey: GOOGLE_KEY }),
    );
    const expected = { bucket: "acme-recs", service_key_wo: JSON.stringify(GOOGLE_KEY), service_key_wo_version: "1" };
    expect(only(asText, "voicegateway_account_recording").google_cloud_storage).toEqual(expected);
    expect(only(asObject, "voicegateway_account_recording").google_cloud_storage).toEqual(expected);
  });

  it("encodes a Google service key object holding tokens with jsonencode", () => {
    const stack = newStack();
    const privateKey = new TerraformVariable(stack, "private_key", { type: "string", sensitive: true });
    new Account(stack, "Acme", { name: "acme" }).enableRecording(
      Recording.googleCloudStorage({ bucket: "acme-recs", serviceKey: { ...GOOGLE_KEY, private_key: privateKey.stringValue } }),
    );
    expect(only(stack, "voicegateway_account_recording").google_cloud_storage).toMatchObject({
      service_key_wo: expect.stringMatching(/^\$\{jsonencode\(\{.*"private_key" = var\.private_key.*\}\)\}$/s),
    });
  });

  it("fails when recording is enabled twice on one account", () => {
    const account = new Account(newStack(), "Acme", { name: "acme" });
    const azure = Recording.azureBlob({ container: "recs", connectionString: "AccountName=acme;AccountKey=a2V5" });
    account.enableRecording(azure);
    expect(() => account.enableRecording(azure)).toThrow(/enableRecording\(\) was called twice on test\/Acme/);
  });
});

describe("Account.setLimits", () => {
  it("synthesizes the limits with sessions as the default unit", () => {
    const stack = newStack();
    new Account(stack, "Acme", { name: "acme" }).setLimits({ max: 20, licensed: 10 });
    expect(only(stack, "voicegateway_account_limits")).toEqual({
      account_sid: expect.stringMatching(/\.id\}$/),
      unit: "sessions",
      max: 20,
      licensed: 10,
    });
  });

  it("fails on a quantity beyond the portal's 32-bit column, showing the value and the range", () => {
    const account = new Account(newStack(), "Acme", { name: "acme" });
    expect(() => account.setLimits({ max: 3_000_000_000 })).toThrow(/max: 3000000000 must be a whole number from 0 to 2147483647/);
  });

  it("fails when limits are set twice on one account", () => {
    const account = new Account(newStack(), "Acme", { name: "acme" });
    account.setLimits({ max: 1 });
    expect(() => account.setLimits({ max: 2 })).toThrow(/setLimits\(\) was called twice/);
  });
});

describe("synth-time validation", () => {
  it("fails with every problem of an account at once, at the props' paths", () => {
    const stack = newStack();
    const error = thrown(
      () =>
        new Account(stack, "Acme", {
          name: "",
          sipRealm: "not a realm",
          serviceProviderSid: "sp-1",
          registrationHook: { url: "ftp://hooks.example.com", password: "x".repeat(300) },
        }),
    );
    expect(error.code).toBe("VG_ERR_CONFIG");
    expect(paths(error).sort()).toEqual(["name", "registrationHook.password", "registrationHook.url", "serviceProviderSid", "sipRealm"]);
    expect(error.message).toMatch(/^Invalid Account \(test\/Acme\) configuration \(5 problems\):/);
    expect(error.message).toContain('sipRealm: "not a realm"');
    expect(error.message).not.toContain("x".repeat(300));
  });

  it("fails on a bad recording without showing the secret", () => {
    const account = new Account(newStack(), "Acme", { name: "acme" });
    const badSecret = "has white space and is secret";
    const error = thrown(() =>
      account.enableRecording(
        Recording.awsS3({
          bucket: "Bad_Bucket",
          region: "mars-north-1",
          accessKeyId: "short",
          secretAccessKey: badSecret,
          tags: { "": "v" },
        }),
      ),
    );
    expect(paths(error).sort()).toEqual(["awsS3.accessKeyId", "awsS3.bucket", "awsS3.region", "awsS3.secretAccessKey", "awsS3.tags"]);
    expect(error.message).toContain("test/Acme/Recording");
    expect(error.message).toContain("awsS3.secretAccessKey: (sensitive value)");
    // Other props are named as the constructs spell them (issue 14), never in the provider's snake_case.
    expect(error.message).toContain("set skipRegionValidation to true");
    expect(error.message).not.toContain("skip_region_validation");
    expect(error.message).not.toContain(badSecret);
  });

  it("fails on a Google service key or Azure connection string that cannot work, without showing them", () => {
    const googleKey = '{"private_key": "-----BEGIN PRIVATE KEY-----secret"}';
    const google = thrown(() =>
      new Account(newStack(), "Acme", { name: "acme" }).enableRecording(
        Recording.googleCloudStorage({ bucket: "acme-recs", serviceKey: googleKey }),
      ),
    );
    expect(paths(google)).toEqual(["googleCloudStorage.serviceKey"]);
    expect(google.message).not.toContain("BEGIN PRIVATE KEY");

    const connection = "DefaultEndpointsProtocol=https;AccountKey=c2VjcmV0LWtleQ==";
    const azure = thrown(() =>
      new Account(newStack(), "Acme", { name: "acme" }).enableRecording(
        Recording.azureBlob({ container: "recs", connectionString: connection }),
      ),
    );
    expect(paths(azure)).toEqual(["azureBlob.connectionString"]);
    expect(azure.message).not.toContain("c2VjcmV0LWtleQ==");
  });

  it("fails on limits that are not whole numbers of 0 or more", () => {
    const account = new Account(newStack(), "Acme", { name: "acme" });
    const error = thrown(() => account.setLimits({ max: -1, licensed: 2.5 }));
    expect(paths(error).sort()).toEqual(["licensed", "max"]);
    expect(error.message).toContain("test/Acme/Limits");
  });

  it("fails on an API key of an imported account whose triggers are not strings", () => {
    const account = Account.fromAccountSid(newStack(), "Existing", SID);
    const error = thrown(() => account.addApiKey("Ci", { triggers: { rotated_at: 2026 as unknown as string } }));
    // Map keys are the user's own: they stay as written while field names become the props' names.
    expect(paths(error)).toEqual(["triggers.rotated_at"]);
  });
});
