import { TerraformStack, Testing } from "cdktf";
import { Account, LimitUnit, Recording, VoicegatewayProvider } from "../../constructs/src";
import { ConfigValidationError } from "../../provider/src/core/schema/issues";

/** Adopting existing portal objects with the hand-written constructs: `importFrom()` and omitted secrets. */

const ACCOUNT = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c";
const KEY = "7b0d9a3e-2c41-4f6e-9a57-0c8d2e1f4a6b";

interface Synthesized {
  import?: { to: string; id: string }[];
  resource: Record<string, Record<string, Record<string, unknown>>>;
}

function newStack(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "test");
  new VoicegatewayProvider(stack, "voicegateway");
  return stack;
}
const synth = (stack: TerraformStack): Synthesized => JSON.parse(Testing.synth(stack)) as Synthesized;
const addressOf = (json: Synthesized, type: string): string => `${type}.${Object.keys(json.resource[type] ?? {})[0]}`;

function thrown(fn: () => unknown): ConfigValidationError {
  try {
    fn();
  } catch (error) {
    if (ConfigValidationError.is(error)) return error;
    throw error;
  }
  throw new Error("expected a ConfigValidationError");
}

describe("importFrom", () => {
  it("adds an import block for the account, a key, the recording and the limits, each to its own resource", () => {
    // GIVEN
    const stack = newStack();
    const account = new Account(stack, "Acme", { name: "acme" });
    // WHEN
    account.importFrom(ACCOUNT);
    account.addApiKey("Ci").importFrom(`${ACCOUNT}/${KEY}`);
    account.enableRecording(Recording.azureBlob({ container: "recordings" }), { recordAllCalls: true }).importFrom(ACCOUNT);
    account.setLimits({ unit: LimitUnit.MINUTES, max: 1000 }).importFrom(ACCOUNT);
    // THEN
    const json = synth(stack);
    expect(json.import).toEqual(
      expect.arrayContaining([
        { to: addressOf(json, "voicegateway_account"), id: ACCOUNT },
        { to: addressOf(json, "voicegateway_account_api_key"), id: `${ACCOUNT}/${KEY}` },
        { to: addressOf(json, "voicegateway_account_recording"), id: ACCOUNT },
        { to: addressOf(json, "voicegateway_account_limits"), id: ACCOUNT },
      ]),
    );
    expect(json.import).toHaveLength(4);
  });

  it("adds no import block unless asked", () => {
    const stack = newStack();
    new Account(stack, "Acme", { name: "acme" }).addApiKey("Ci");
    expect(synth(stack).import).toBeUndefined();
  });

  it("works on an account defined elsewhere, whose keys and settings are adopted", () => {
    const stack = newStack();
    const existing = Account.fromAccountSid(stack, "Existing", ACCOUNT);
    existing.addApiKey("Ci").importFrom(`${ACCOUNT}/${KEY}`);
    const json = synth(stack);
    expect(json.import).toEqual([{ to: addressOf(json, "voicegateway_account_api_key"), id: `${ACCOUNT}/${KEY}` }]);
    expect(json.resource.voicegateway_account).toBeUndefined();
  });

  it("fails on an account ID that is not a SID, naming the method, the value and the format", () => {
    const account = new Account(newStack(), "Acme", { name: "acme" });
    const error = thrown(() => account.importFrom("acme"));
    expect(error.issues.map((i) => i.path.join("."))).toEqual(["importFrom"]);
    expect(error.message).toContain("Account.importFrom (test/Acme)");
    expect(error.message).toContain('"acme"');
    expect(error.message).toContain("<account_sid>");
  });

  it("fails on a key ID without its account, and on one with a bad part", () => {
    const account = Account.fromAccountSid(newStack(), "Existing", ACCOUNT);
    const key = account.addApiKey("Ci");
    expect(thrown(() => key.importFrom(KEY)).message).toContain("<account_sid>/<api_key_sid>");
    expect(thrown(() => key.importFrom(`${ACCOUNT}/key-1`)).message).toContain(`"${ACCOUNT}/key-1"`);
    expect(thrown(() => key.importFrom(`${ACCOUNT}/${KEY}/x`)).issues).toHaveLength(1);
  });

  it("fails on recording and limits IDs that are not SIDs", () => {
    const account = Account.fromAccountSid(newStack(), "Existing", ACCOUNT);
    const recording = account.enableRecording(Recording.googleCloudStorage({ bucket: "voice-recordings" }));
    const limits = account.setLimits({ max: 10 });
    expect(thrown(() => recording.importFrom(`${ACCOUNT}/${KEY}`)).message).toContain("AccountRecording.importFrom");
    expect(thrown(() => limits.importFrom("")).message).toContain("AccountLimits.importFrom");
  });
});

describe("Recording without a secret", () => {
  it.each([
    [
      "awsS3",
      Recording.awsS3({ bucket: "acme-recordings", region: "eu-west-1", accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretVersion: "2" }),
      { aws_s3: { bucket: "acme-recordings", region: "eu-west-1", access_key_id: "AKIAIOSFODNN7EXAMPLE" } },
    ],
    [
      "s3Compatible",
      Recording.s3Compatible({ endpoint: "https://minio.example.com", bucket: "recordings", accessKeyId: "minio" }),
      { s3_compatible: { endpoint: "https://minio.example.com", bucket: "recordings", access_key_id: "minio" } },
    ],
    [
      "googleCloudStorage",
      Recording.googleCloudStorage({ bucket: "voice-recordings" }),
      { google_cloud_storage: { bucket: "voice-recordings" } },
    ],
    ["azureBlob", Recording.azureBlob({ container: "recordings", storeSecretInState: true }), { azure_blob: { container: "recordings" } }],
  ])("%s leaves every secret attribute out, so the portal keeps the one it stores", (_name, recording, expected) => {
    const stack = newStack();
    Account.fromAccountSid(stack, "Existing", ACCOUNT).enableRecording(recording);
    expect(Object.values(synth(stack).resource.voicegateway_account_recording!)[0]).toEqual({ account_sid: ACCOUNT, ...expected });
  });
});
