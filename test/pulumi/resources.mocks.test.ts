import * as pulumi from "@pulumi/pulumi";
import { Account, AccountApiKey, AccountLimits, AccountRecording } from "../../provider/src/pulumi";

/**
 * The resource classes' wiring under `pulumi.runtime.setMocks`: type tokens, camelCase inputs, the connection
 * taken from the stack config, secrecy, and the serialized provider. Mocks never run the provider's methods; the
 * host tests (dynamic-provider.*.test.ts) do.
 */

const API_KEY = "sp-key-0f7c2e51-6a1d-4d6c-9b1e-2f4d8c3a7e90";
const BUCKET_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const HOOK_PASSWORD = "hook-password-4f1d";

// How the SDK marks a secret value inside a property bag (`runtime/rpc` specialSigKey / specialSecretSig).
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const isSecretValue = (value: unknown): boolean =>
  typeof value === "object" && value !== null && (value as Record<string, unknown>)[SIG] === SECRET;
const plain = (value: unknown): unknown => {
  if (isSecretValue(value)) return plain((value as { value: unknown }).value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
};

interface Registered {
  readonly type: string;
  readonly name: string;
  readonly id?: string;
  readonly inputs: Record<string, unknown>;
}
const registered: Registered[] = [];
/** `additionalSecretOutputs` of each registration, as the engine receives them (mocks ignore them otherwise). */
const requestedSecrets = new Map<string, string[]>();

// `promise()` (internal, but the SDK's own tests use it) also rejects, where apply() would wait forever.
const valueOf = <T>(output: pulumi.Output<T>): Promise<T> => (output as unknown as { promise(): Promise<T> }).promise();
/** Registration happens after the provider is serialized: wait for the engine's (the mock's) answer. */
const registered_ = (resource: pulumi.CustomResource): Promise<string> => valueOf(resource.id);
const registration = (name: string): Registered => {
  const found = registered.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name} was registered`);
  return found;
};

beforeAll(async () => {
  pulumi.runtime.setAllConfig(
    {
      "voicegateway:apiUrl": "https://vg.example.com/api/v1",
      "voicegateway:apiKey": API_KEY,
      "voicegateway:serviceProviderSid": "5f3e9d21-7c4b-4a8e-9f61-2d0b3c4e5a67",
    },
    ["voicegateway:apiKey"],
  );
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs, ...(args.id ? { id: args.id } : {}) });
        const computed: Record<string, unknown> = {
          "pulumi-nodejs:dynamic/voicegateway:Account": {
            webhookSecret: "wh_secret_1234",
            serviceProviderSid: "5f3e9d21-7c4b-4a8e-9f61-2d0b3c4e5a67",
          },
          "pulumi-nodejs:dynamic/voicegateway:AccountApiKey": { token: "c0ffee00-1111-4222-8333-944455556666" },
        };
        const state: Record<string, unknown> = { ...args.inputs, ...((computed[args.type] as object | undefined) ?? {}) };
        // What the engine does with additionalSecretOutputs: the outputs come back secret.
        for (const name of requestedSecrets.get(args.name) ?? []) {
          if (state[name] !== undefined && !isSecretValue(state[name])) state[name] = { [SIG]: SECRET, value: state[name] };
        }
        // A new resource's args.id is "" (only reads have one).
        return { id: args.id || `${args.name}-sid`, state };
      },
      call: () => ({}),
    },
    "voicegateway-test",
    "dev",
    false,
  );
  type Request = { getName(): string; getAdditionalsecretoutputsList(): string[] };
  const monitor = pulumi.runtime.getMonitor() as unknown as Record<
    "registerResource" | "readResource",
    (req: Request, cb: unknown) => unknown
  >;
  for (const method of ["registerResource", "readResource"] as const) {
    const original = monitor[method].bind(monitor);
    monitor[method] = (req, cb) => {
      requestedSecrets.set(req.getName(), req.getAdditionalsecretoutputsList());
      return original(req, cb);
    };
  }
});

describe("Pulumi resource classes under mocks", () => {
  it("registers an Account under its module type token with camelCase inputs and the connection from the stack config", async () => {
    const account = new Account("acme", {
      name: "acme",
      sipRealm: "sip.acme.example.com",
      registrationHook: { url: "https://hooks.example.com/register", password: HOOK_PASSWORD },
    });
    expect(await valueOf(account.id)).toBe("acme-sid");
    expect(await valueOf(account.urn)).toBe("urn:pulumi:dev::voicegateway-test::pulumi-nodejs:dynamic/voicegateway:Account::acme");
    const { type, inputs } = registration("acme");
    expect(type).toBe("pulumi-nodejs:dynamic/voicegateway:Account");
    expect(plain(inputs)).toMatchObject({
      name: "acme",
      sipRealm: "sip.acme.example.com",
      registrationHook: { url: "https://hooks.example.com/register", password: HOOK_PASSWORD },
      connection: {
        apiUrl: "https://vg.example.com/api/v1",
        apiKey: API_KEY,
        serviceProviderSid: "5f3e9d21-7c4b-4a8e-9f61-2d0b3c4e5a67",
      },
    });
    // Inputs holding a secret are stored as secrets, whatever the caller passed.
    expect(isSecretValue(inputs.registrationHook)).toBe(true);
    expect(isSecretValue(inputs.connection)).toBe(true);
    expect(isSecretValue(inputs.name)).toBe(false);
    expect(await valueOf(account.name)).toBe("acme");
    expect(await valueOf(account.sipRealm)).toBe("sip.acme.example.com");
  });

  it("keeps the webhook secret, the hooks and the connection secret, and nothing else", async () => {
    const account = new Account("secrets", {
      name: "secrets",
      registrationHook: { url: "https://hooks.example.com/r", password: HOOK_PASSWORD },
    });
    await registered_(account);
    expect(requestedSecrets.get("secrets")?.sort()).toEqual(["connection", "queueEventHook", "registrationHook", "webhookSecret"]);
    expect(await pulumi.isSecret(account.webhookSecret)).toBe(true);
    expect(await valueOf(account.webhookSecret)).toBe("wh_secret_1234");
    expect(await pulumi.isSecret(account.registrationHook)).toBe(true);
    expect(await pulumi.isSecret((account as unknown as { connection: pulumi.Output<unknown> }).connection)).toBe(true);
    expect(await pulumi.isSecret(account.name)).toBe(false);
    expect(await pulumi.isSecret(account.enableDebugLog)).toBe(false);
  });

  it("serializes a provider that requires the runtime by package name and holds no credential", async () => {
    await registered_(
      new Account("serialized", {
        name: "serialized",
        connection: { apiKey: "explicit-key-77aa", apiUrl: "https://other.example.com/v1" },
      }),
    );
    const text = registration("serialized").inputs.__provider;
    expect(typeof text).toBe("string");
    expect(text).toContain('require("@voicegateway/iac/pulumi/runtime").create(resource, inputs)');
    expect(text).toContain('resource: "account"');
    for (const secret of [API_KEY, "explicit-key-77aa", "other.example.com", HOOK_PASSWORD]) expect(text).not.toContain(secret);
    // No module of ours is copied into the text: the provider holds six small functions and a name.
    expect((text as string).length).toBeLessThan(6000);
  });

  it("lets the connection argument override the stack config per setting, and keeps it secret", async () => {
    const account = new Account("override", {
      name: "override",
      connection: { apiKey: pulumi.secret("explicit-key-77aa"), insecureHttp: true },
    });
    await registered_(account);
    expect(plain(registration("override").inputs.connection)).toEqual({
      apiUrl: "https://vg.example.com/api/v1",
      apiKey: "explicit-key-77aa",
      serviceProviderSid: "5f3e9d21-7c4b-4a8e-9f61-2d0b3c4e5a67",
      insecureHttp: true,
    });
    expect(await pulumi.isSecret((account as unknown as { connection: pulumi.Output<unknown> }).connection)).toBe(true);
  });

  it("wires an AccountApiKey to its account and keeps the token secret", async () => {
    const account = new Account("keyed", { name: "keyed" });
    const key = new AccountApiKey("keyed-ci", { accountSid: account.id, triggers: { rotation: "1" } });
    await registered_(key);
    expect(await valueOf(key.token)).toBe("c0ffee00-1111-4222-8333-944455556666");
    expect(await pulumi.isSecret(key.token)).toBe(true);
    expect(await pulumi.isSecret(key.accountSid)).toBe(false);
    expect(requestedSecrets.get("keyed-ci")).toEqual(["token", "connection"]);
    expect(registration("keyed-ci")).toMatchObject({
      type: "pulumi-nodejs:dynamic/voicegateway:AccountApiKey",
      inputs: { accountSid: "keyed-sid", triggers: { rotation: "1" } },
    });
  });

  it("keeps the bucket settings of an AccountRecording secret, in state inputs and outputs", async () => {
    const recording = new AccountRecording("rec", {
      accountSid: "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c",
      recordAllCalls: true,
      // A plain string: the class still stores it as a secret.
      awsS3: {
        bucket: "call-recordings",
        region: "eu-west-1",
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: BUCKET_SECRET,
        tags: { "cost centre": "42" },
      },
    });
    await registered_(recording);
    expect(await pulumi.isSecret(recording.awsS3)).toBe(true);
    expect((await valueOf(recording.awsS3))?.secretAccessKey).toBe(BUCKET_SECRET);
    expect((await valueOf(recording.awsS3))?.tags).toEqual({ "cost centre": "42" });
    expect(await pulumi.isSecret(recording.recordAllCalls)).toBe(false);
    expect(registration("rec").type).toBe("pulumi-nodejs:dynamic/voicegateway:AccountRecording");
    expect(requestedSecrets.get("rec")?.sort()).toEqual(["awsS3", "azureBlob", "connection", "googleCloudStorage", "s3Compatible"]);
    expect(isSecretValue(registration("rec").inputs.awsS3)).toBe(true);
    expect(plain(registration("rec").inputs.awsS3)).toMatchObject({ accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: BUCKET_SECRET });
  });

  it("registers AccountLimits with its numbers and no secret but the connection", async () => {
    const limits = new AccountLimits("limits", { accountSid: "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c", unit: "minutes", max: 1000 });
    await registered_(limits);
    expect(registration("limits")).toMatchObject({
      type: "pulumi-nodejs:dynamic/voicegateway:AccountLimits",
      inputs: { accountSid: "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c", unit: "minutes", max: 1000 },
    });
    expect(requestedSecrets.get("limits")).toEqual(["connection"]);
    expect(await pulumi.isSecret(limits.max)).toBe(false);
    expect(await valueOf(limits.licensed)).toBeUndefined();
  });

  it("reads an existing account with get(): only the ID and the connection go to the provider", async () => {
    const existing = Account.get("existing", "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c");
    expect(await valueOf(existing.id)).toBe("2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c");
    const { id, type, inputs } = registration("existing");
    expect({ id, type }).toEqual({ id: "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c", type: "pulumi-nodejs:dynamic/voicegateway:Account" });
    expect(Object.keys(inputs).sort()).toEqual(["__provider", "connection"]);
    expect(await pulumi.isSecret(existing.webhookSecret)).toBe(true);
  });

  it("reads an existing API key by <account_sid>/<api_key_sid>", async () => {
    await registered_(AccountApiKey.get("existing-key", "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c/7b0d9a3e-2c41-4f6e-9a57-0c8d2e1f4a6b"));
    expect(registration("existing-key")).toMatchObject({
      id: "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c/7b0d9a3e-2c41-4f6e-9a57-0c8d2e1f4a6b",
      type: "pulumi-nodejs:dynamic/voicegateway:AccountApiKey",
    });
  });
});
