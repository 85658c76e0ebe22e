import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { transform } from "esbuild";
import { type PortalFixture, startPortal } from "../support/portal";
import {
  buildPackage,
  createProgramDir,
  DynamicProviderHost,
  envWithoutVoiceGateway,
  type MockRun,
  type ProgramDir,
  run as runCommand,
  runProgramWithMocks,
  urnOf,
} from "../support/pulumi-host";

const EXAMPLE = join(__dirname, "..", "..", "examples", "pulumi");
const HOOK_PASSWORD = "hook-pass-91c2";
const BUCKET_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

const SIG = "4dabf18193072939515e22adb298388d";
/** What the engine does before calling a provider that accepts no secrets: unwrap them. */
const plain = (value: unknown): unknown => {
  if (typeof value === "object" && value !== null && SIG in value) return plain((value as unknown as { value: unknown }).value);
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
};

/**
 * examples/pulumi as a user's program: its index.ts importing `@voicegateway/iac/pulumi` (the repository copy
 * imports the sources so that it type-checks here), run under mocks against the installed package, and then
 * its resources applied through Pulumi's provider host against the emulator, as `pulumi up` and `pulumi destroy`
 * would.
 */
describe("the Pulumi example program, as a user's program with the package installed", () => {
  let portal: PortalFixture;
  let program: ProgramDir;
  let run: MockRun;
  let userSource: string;

  beforeAll(async () => {
    portal = await startPortal();
    const source = readFileSync(join(EXAMPLE, "index.ts"), "utf8");
    const asUserProgram = source.replace(/from "\.\.\/\.\.\/provider\/src\/pulumi"/, 'from "@voicegateway/iac/pulumi"');
    expect(asUserProgram).toContain('from "@voicegateway/iac/pulumi"');
    userSource = asUserProgram;
    const { code } = await transform(asUserProgram, { loader: "ts", format: "cjs", target: "node20" });
    program = createProgramDir(await buildPackage(), { "index.js": code });
    const project = /^name:\s*(\S+)/m.exec(readFileSync(join(EXAMPLE, "Pulumi.yaml"), "utf8"))![1]!;
    run = await runProgramWithMocks(program, {
      main: "index.js",
      project,
      config: {
        "voicegateway:apiUrl": portal.emulator.apiUrl,
        "voicegateway:apiKey": portal.emulator.adminKey,
        "voicegateway:serviceProviderSid": portal.emulator.serviceProviderSid,
        [`${project}:accountName`]: `example-${process.pid}`,
        [`${project}:registrationHookPassword`]: HOOK_PASSWORD,
        [`${project}:recordingAccessKeyId`]: "AKIAIOSFODNN7EXAMPLE",
        [`${project}:recordingSecretAccessKey`]: BUCKET_SECRET,
      },
      secretKeys: ["voicegateway:apiKey", `${project}:registrationHookPassword`, `${project}:recordingSecretAccessKey`],
      outputs: {
        "pulumi-nodejs:dynamic/voicegateway:Account": { webhookSecret: "whsec-mock" },
        "pulumi-nodejs:dynamic/voicegateway:AccountApiKey": { token: "token-mock" },
      },
    });
  });
  afterAll(async () => {
    try {
      program?.remove();
    } finally {
      await portal?.close();
    }
  });

  it("declares an account with a key, recording and limits, and exports the secrets as secrets", () => {
    // Registration order is not fixed: each waits for its provider's serialization.
    expect(run.registrations.map((r) => `${r.type.split(":").pop()} ${r.name}`).sort()).toEqual([
      "Account acme",
      "AccountApiKey acme-ci",
      "AccountLimits acme-limits",
      "AccountRecording acme-recording",
    ]);
    expect(run.exportsSecret).toEqual({ accountSid: false, sipRealm: false, webhookSecret: true, ciApiKey: true });
  });

  it("type-checks against the installed package with the example's tsconfig (Pulumi's template: moduleResolution node)", async () => {
    writeFileSync(join(program.dir, "index.ts"), userSource);
    writeFileSync(join(program.dir, "tsconfig.json"), readFileSync(join(EXAMPLE, "tsconfig.json")));
    await expect(
      runCommand(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.json", "--noEmit"], program.dir),
    ).resolves.toBeDefined();
  });

  it("keeps every credential out of the serialized providers", () => {
    for (const { inputs } of run.registrations) {
      const text = inputs.__provider as string;
      expect(text).toContain('require("@voicegateway/iac/pulumi/runtime")');
      for (const secret of [portal.emulator.adminKey, HOOK_PASSWORD, BUCKET_SECRET, portal.emulator.apiUrl])
        expect(text).not.toContain(secret);
    }
  });

  it("applies and destroys through the provider host as the engine would", async () => {
    const host = await DynamicProviderHost.start(program.dir, envWithoutVoiceGateway());
    try {
      await host.configure();
      const created: { urn: string; id: string; outputs: Record<string, unknown> }[] = [];
      let accountSid = "";
      const accountFirst = [...run.registrations].sort((a, b) => Number(b.type.endsWith(":Account")) - Number(a.type.endsWith(":Account")));
      for (const registration of accountFirst) {
        const typeName = registration.type.split(":").pop()!;
        const urn = urnOf(typeName, registration.name);
        const news = plain(registration.inputs) as Record<string, unknown>;
        // The key, recording and limits refer to the account's ID, known once it exists.
        if (typeName !== "Account") news.accountSid = accountSid;
        const checked = await host.check(urn, {}, news);
        expect(checked.failures).toEqual([]);
        const { id, properties } = await host.create(urn, checked.inputs);
        if (typeName === "Account") accountSid = id;
        created.push({ urn, id, outputs: properties });
      }
      const account = (await portal.admin("GET", `/Accounts/${accountSid}`)) as Record<string, unknown>;
      expect(account).toMatchObject({
        name: `example-${process.pid}`,
        sip_realm: "sip.acme.example.com",
        record_all_calls: 1,
        record_format: "mp3",
      });
      expect((await portal.admin("GET", `/Accounts/${accountSid}/ApiKeys`)) as unknown[]).toHaveLength(1);
      expect(
        ((await portal.admin("GET", `/Accounts/${accountSid}/Limits`)) as { category: string; quantity: number }[])
          .map((l) => `${l.category}=${l.quantity}`)
          .sort(),
      ).toEqual(["voice_call_session=50", "voice_call_session_license=40"]);

      // `pulumi refresh` right after: nothing drifted.
      for (const { urn, id, outputs } of created) expect((await host.read(urn, id, outputs)).properties).toEqual(outputs);

      for (const { urn, id, outputs } of [...created].reverse()) await host.delete(urn, id, outputs);
      expect((await host.read(created[0]!.urn, accountSid, created[0]!.outputs)).id).toBe("");
    } finally {
      await host.close();
    }
  });
});
