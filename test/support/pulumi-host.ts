import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as providerGrpcPb from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import type * as statusPb from "@pulumi/pulumi/proto/status_pb";
import { type Struct as StructType } from "google-protobuf/google/protobuf/struct_pb";

/**
 * Plays Pulumi's engine for the dynamic provider: a user's program directory with
 * `@voicegateway/iac` installed, Pulumi's own provider host (`@pulumi/pulumi/cmd/dynamic-provider`) started in it,
 * and gRPC calls with the stubs and the @grpc/grpc-js copy that @pulumi/pulumi itself uses. Everything is async:
 * the emulator the host calls runs in the test process.
 */

const ROOT = join(__dirname, "..", "..");
const PULUMI_DIR = dirname(require.resolve("@pulumi/pulumi/package.json"));
// The copies @pulumi/pulumi resolves, not necessarily the test's own.
const fromPulumi = <T>(id: string): T => require(require.resolve(id, { paths: [PULUMI_DIR] })) as T;
const grpc = fromPulumi<typeof grpcTypes>("@grpc/grpc-js");
const { Struct } = fromPulumi<{ Struct: typeof StructType }>("google-protobuf/google/protobuf/struct_pb");
const proto = require(join(PULUMI_DIR, "proto", "provider_pb")) as typeof providerPb;
const rpc = require(join(PULUMI_DIR, "proto", "provider_grpc_pb")) as typeof providerGrpcPb;
const { Status } = require(join(PULUMI_DIR, "proto", "status_pb")) as typeof statusPb;

/**
 * The package subpaths the program needs (what the report asks to add to package.json). Until the root
 * package.json has an `exports` map, the installed copy gets this one.
 */
export const PROPOSED_EXPORTS = {
  "./package.json": "./package.json",
  "./pulumi": { types: "./dist/provider/src/pulumi/index.d.ts", default: "./dist/provider/src/pulumi/index.js" },
  "./pulumi/runtime": { types: "./dist/provider/src/pulumi/runtime.d.ts", default: "./dist/provider/src/pulumi/runtime.js" },
} as const;

/** The same subpaths for TypeScript's `moduleResolution: node` (node10), which Pulumi's project template uses. */
export const PROPOSED_TYPES_VERSIONS = {
  "*": {
    pulumi: ["dist/provider/src/pulumi/index.d.ts"],
    "pulumi/runtime": ["dist/provider/src/pulumi/runtime.d.ts"],
  },
} as const;

/** Pulumi's placeholder for a value not known yet (`runtime/rpc` `unknownValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0
        ? resolve({ stdout, stderr })
        : reject(new Error(`${command} ${args.join(" ")} exited with ${code}\n${stdout}\n${stderr}`)),
    );
  });
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : [path];
  });
}

/**
 * The package's Pulumi entry points compiled as `npm run build` compiles the library (tsc with tsconfig.build.json,
 * same layout under `dist/`), limited to what `provider/src/pulumi/{index,runtime}.ts` import, so unrelated work in
 * progress cannot break these tests. Built into `.tmp/pulumi-package/<hash of the sources>` once per source
 * state and shared by parallel test files (the directory appears atomically).
 */
export async function buildPackage(): Promise<string> {
  const inputs = [...sourceFiles(join(ROOT, "provider", "src")), join(ROOT, "tsconfig.json"), join(ROOT, "tsconfig.build.json")].sort();
  const hash = createHash("sha256");
  for (const file of inputs) hash.update(file).update(readFileSync(file));
  const base = join(ROOT, ".tmp", "pulumi-package");
  const out = join(base, hash.digest("hex").slice(0, 16));
  if (existsSync(join(out, ".complete"))) return out;
  mkdirSync(base, { recursive: true });
  const staging = `${out}.${process.pid}.${Date.now()}`;
  const tsconfig = `${staging}.tsconfig.json`;
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: join(ROOT, "tsconfig.build.json"),
      compilerOptions: { rootDir: ROOT, outDir: staging },
      include: [],
      files: ["index.ts", "runtime.ts"].map((file) => join(ROOT, "provider", "src", "pulumi", file)),
    }),
  );
  try {
    await run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", tsconfig], ROOT);
  } finally {
    rmSync(tsconfig, { force: true });
  }
  writeFileSync(join(staging, ".complete"), "");
  try {
    renameSync(staging, out);
  } catch (error) {
    // Another test file built the same sources first.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(out, ".complete"))) throw error;
  }
  // Builds of older sources, unless one may still serve a running test file.
  for (const name of readdirSync(base)) {
    const path = join(base, name);
    if (path !== out && Date.now() - statSync(path).mtimeMs > 60 * 60 * 1000) rmSync(path, { recursive: true, force: true });
  }
  return out;
}

export interface ProgramDir {
  readonly dir: string;
  remove(): void;
}

/**
 * A user's Pulumi program outside the repository, with `node_modules/@voicegateway/iac` installed: the package's
 * manifest (with the exports map) and its compiled `dist`. `@pulumi/pulumi` is linked from the repository.
 */
export function createProgramDir(buildDir: string, files: Record<string, string> = {}): ProgramDir {
  const dir = mkdtempSync(join(tmpdir(), "vg-pulumi-program-"));
  const installed = join(dir, "node_modules", "@voicegateway", "iac");
  mkdirSync(installed, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
  const packageJson = {
    name: manifest.name,
    version: manifest.version,
    license: manifest.license,
    dependencies: manifest.dependencies,
    exports: manifest.exports ?? PROPOSED_EXPORTS,
    typesVersions: manifest.typesVersions ?? PROPOSED_TYPES_VERSIONS,
  };
  writeFileSync(join(installed, "package.json"), JSON.stringify(packageJson, null, 2));
  symlinkSync(buildDir, join(installed, "dist"), "dir");
  symlinkSync(join(ROOT, "node_modules", "@pulumi"), join(dir, "node_modules", "@pulumi"), "dir");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "voicegateway-pulumi-test-program", private: true }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** One resource registration seen by the mocks of a program run. */
export interface Registration {
  readonly type: string;
  readonly name: string;
  readonly id?: string;
  readonly inputs: Record<string, unknown>;
}

// The mocks stand in for the engine, including what it does with additionalSecretOutputs (the SDK's mock monitor
// ignores them): the outputs named there come back secret.
const MOCK_HARNESS = `
const pulumi = require("@pulumi/pulumi");
const SIG = "4dabf18193072939515e22adb298388d", SECRET = "1b47061264138c4ac30d75fd1eb44270";
const registrations = [];
const requestedSecrets = new Map();
const options = JSON.parse(process.env.VG_MOCK_OPTIONS);
pulumi.runtime.setAllConfig(options.config, options.secretKeys);
pulumi.runtime.setMocks({
  newResource(args) {
    const entry = { type: args.type, name: args.name, inputs: args.inputs };
    if (args.id) entry.id = args.id;
    registrations.push(entry);
    const state = { ...args.inputs, ...(options.outputs[args.type] || {}) };
    for (const key of requestedSecrets.get(args.name) || []) {
      if (state[key] !== undefined && !(state[key] && state[key][SIG] === SECRET)) state[key] = { [SIG]: SECRET, value: state[key] };
    }
    return { id: args.id || args.name + "-id", state };
  },
  call: () => ({}),
}, options.project, "dev", false);
const monitor = pulumi.runtime.getMonitor();
for (const method of ["registerResource", "readResource"]) {
  const original = monitor[method].bind(monitor);
  monitor[method] = (req, cb) => {
    requestedSecrets.set(req.getName(), req.getAdditionalsecretoutputsList());
    return original(req, cb);
  };
}
const exported = require(options.main);
process.once("beforeExit", async () => {
  const secrets = {};
  for (const [name, value] of Object.entries(exported)) {
    if (pulumi.Output.isInstance(value)) secrets[name] = await pulumi.isSecret(value);
  }
  process.stdout.write(JSON.stringify({ registrations, exportsSecret: secrets }));
});
`;

export interface MockRun {
  readonly registrations: readonly Registration[];
  /** For each Output the program exports: whether it is secret. */
  readonly exportsSecret: Readonly<Record<string, boolean>>;
}

/**
 * Runs a program (`main`, CommonJS, in the program directory) under `pulumi.runtime.setMocks` in a separate Node
 * process, as a user's program would run against the installed package. `outputs` adds mock outputs per type.
 */
export async function runProgramWithMocks(
  program: ProgramDir,
  options: {
    main: string;
    project?: string;
    config?: Record<string, string>;
    secretKeys?: string[];
    outputs?: Record<string, Record<string, unknown>>;
  },
): Promise<MockRun> {
  writeFileSync(join(program.dir, "mock-harness.js"), MOCK_HARNESS);
  const env = {
    ...process.env,
    VG_MOCK_OPTIONS: JSON.stringify({
      main: join(program.dir, options.main),
      project: options.project ?? "voicegateway-test",
      config: options.config ?? {},
      secretKeys: options.secretKeys ?? [],
      outputs: options.outputs ?? {},
    }),
  };
  const { stdout } = await run(process.execPath, ["mock-harness.js"], program.dir, env);
  return JSON.parse(stdout) as MockRun;
}

type Bag = Record<string, unknown>;

export interface CheckAnswer {
  readonly inputs: Bag;
  readonly failures: { property: string; reason: string }[];
}
export interface DiffAnswer {
  /** 0 unknown, 1 none, 2 some (`DiffResponse.DiffChanges`). */
  readonly changes: number;
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}
export interface InitFailure {
  readonly id: string;
  readonly properties: Bag;
  readonly reasons: string[];
}
export type HostError = grpcTypes.ServiceError & { initFailure?: InitFailure };

export const DIFF_NONE = 1;
export const DIFF_SOME = 2;

/**
 * Pulumi's dynamic provider host, started as the engine starts it: `node …/cmd/dynamic-provider <engine address>`
 * with the program directory as its working directory (bare requires in `__provider` resolve from there). It
 * prints its port; the engine then calls it over gRPC. `close()` must run in a `finally`.
 */
export class DynamicProviderHost {
  private constructor(
    private readonly child: ChildProcess,
    private readonly client: providerGrpcPb.ResourceProviderClient,
    private readonly stderr: () => string,
  ) {}

  static async start(programDir: string, env: NodeJS.ProcessEnv = process.env): Promise<DynamicProviderHost> {
    const script = join(PULUMI_DIR, "cmd", "dynamic-provider");
    // The host wants the engine's address; it never calls it for CRUD.
    const child = spawn(process.execPath, [script, "127.0.0.1:1"], { cwd: programDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let stdout = "";
        const timer = setTimeout(() => reject(new Error(`the provider host printed no port in 30 s\n${stderr}`)), 30_000);
        child.stdout!.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          const line = stdout.split("\n")[0]!;
          if (stdout.includes("\n") && /^\d+$/.test(line.trim())) {
            clearTimeout(timer);
            resolve(Number(line.trim()));
          }
        });
        child.on("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`the provider host exited with ${code}\n${stderr}`));
        });
      });
      const client = new rpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
      return new DynamicProviderHost(child, client, () => stderr);
    } catch (error) {
      child.kill("SIGKILL");
      throw error;
    }
  }

  /** What the host wrote to stderr so far (it logs failed calls there). */
  get log(): string {
    return this.stderr();
  }

  private call<Res>(send: (callback: (error: grpcTypes.ServiceError | null, response: Res) => void) => unknown): Promise<Res> {
    return new Promise((resolve, reject) => {
      send((error, response) => {
        if (error) reject(withInitFailure(error));
        else resolve(response);
      });
    });
  }

  async configure(args: Bag = {}): Promise<{ acceptSecrets: boolean; supportsPreview: boolean }> {
    const request = new proto.ConfigureRequest();
    request.setArgs(Struct.fromJavaScript(args as never));
    request.setAcceptsecrets(true);
    request.setAcceptresources(true);
    const response = await this.call<providerPb.ConfigureResponse>((cb) => this.client.configure(request, cb));
    return { acceptSecrets: response.getAcceptsecrets(), supportsPreview: response.getSupportspreview() };
  }

  /** Check: `olds` are the old *inputs*. */
  async check(urn: string, olds: Bag, news: Bag): Promise<CheckAnswer> {
    const request = new proto.CheckRequest();
    request.setUrn(urn);
    request.setOlds(Struct.fromJavaScript(olds as never));
    request.setNews(Struct.fromJavaScript(news as never));
    const response = await this.call<providerPb.CheckResponse>((cb) => this.client.check(request, cb));
    return {
      inputs: response.getInputs()!.toJavaScript() as Bag,
      failures: response.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** Diff: `olds` are the old *outputs*, `news` the checked inputs. */
  async diff(urn: string, id: string, olds: Bag, news: Bag, oldInputs: Bag = {}): Promise<DiffAnswer> {
    const request = new proto.DiffRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(Struct.fromJavaScript(olds as never));
    request.setOldInputs(Struct.fromJavaScript(oldInputs as never));
    request.setNews(Struct.fromJavaScript(news as never));
    const response = await this.call<providerPb.DiffResponse>((cb) => this.client.diff(request, cb));
    return { changes: response.getChanges(), replaces: response.getReplacesList(), deleteBeforeReplace: response.getDeletebeforereplace() };
  }

  async create(urn: string, properties: Bag): Promise<{ id: string; properties: Bag }> {
    const request = new proto.CreateRequest();
    request.setUrn(urn);
    request.setProperties(Struct.fromJavaScript(properties as never));
    const response = await this.call<providerPb.CreateResponse>((cb) => this.client.create(request, cb));
    return { id: response.getId(), properties: response.getProperties()!.toJavaScript() as Bag };
  }

  /** Read: `properties` are the old outputs (empty for an import), `inputs` the old inputs. An empty id is "gone". */
  async read(
    urn: string,
    id: string,
    properties: Bag,
    inputs: Bag = {},
  ): Promise<{ id: string; properties: Bag; inputs: Bag | undefined }> {
    const request = new proto.ReadRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setProperties(Struct.fromJavaScript(properties as never));
    request.setInputs(Struct.fromJavaScript(inputs as never));
    const response = await this.call<providerPb.ReadResponse>((cb) => this.client.read(request, cb));
    return {
      id: response.getId(),
      properties: (response.getProperties()?.toJavaScript() ?? {}) as Bag,
      inputs: response.getInputs()?.toJavaScript() as Bag | undefined,
    };
  }

  /** Update: `olds` are the old *outputs*. */
  async update(urn: string, id: string, olds: Bag, news: Bag): Promise<Bag> {
    const request = new proto.UpdateRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setOlds(Struct.fromJavaScript(olds as never));
    request.setNews(Struct.fromJavaScript(news as never));
    const response = await this.call<providerPb.UpdateResponse>((cb) => this.client.update(request, cb));
    return response.getProperties()!.toJavaScript() as Bag;
  }

  /** Delete: `properties` are the old *outputs*. */
  async delete(urn: string, id: string, properties: Bag): Promise<void> {
    const request = new proto.DeleteRequest();
    request.setUrn(urn);
    request.setId(id);
    request.setProperties(Struct.fromJavaScript(properties as never));
    await this.call<unknown>((cb) => this.client.delete(request, cb));
  }

  async close(): Promise<void> {
    this.client.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGKILL");
    await exited;
  }
}

/** The `ErrorResourceInitFailed` detail the host attaches when a failed create or update left an object behind. */
function withInitFailure(error: grpcTypes.ServiceError): HostError {
  const bin = error.metadata?.get("grpc-status-details-bin")[0];
  if (!bin) return error;
  const status = Status.deserializeBinary(typeof bin === "string" ? Buffer.from(bin, "base64") : bin);
  for (const detail of status.getDetailsList()) {
    const failed = detail.unpack((bytes) => proto.ErrorResourceInitFailed.deserializeBinary(bytes), "pulumirpc.ErrorResourceInitFailed");
    if (failed) {
      return Object.assign(error, {
        initFailure: { id: failed.getId(), properties: failed.getProperties()?.toJavaScript() as Bag, reasons: failed.getReasonsList() },
      });
    }
  }
  return error;
}

export function urnOf(typeName: string, name: string): string {
  return `urn:pulumi:dev::voicegateway-test::pulumi-nodejs:dynamic/voicegateway:${typeName}::${name}`;
}

/** A user's program declaring one resource of each type, to get each type's serialized provider. */
const ONE_OF_EACH = `
const vg = require("@voicegateway/iac/pulumi");
const accountSid = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c";
new vg.Account("account", { name: "serialized" });
new vg.AccountApiKey("key", { accountSid });
new vg.AccountRecording("recording", { accountSid, azureBlob: { container: "recordings" } });
new vg.AccountLimits("limits", { accountSid });
`;

/** The process environment without any `VOICEGATEWAY_*` setting, so only what a test passes is used. */
export function envWithoutVoiceGateway(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("VOICEGATEWAY_")));
  return { ...env, ...extra };
}

export interface PulumiHarness {
  readonly program: ProgramDir;
  readonly host: DynamicProviderHost;
  /** Each type's serialized provider (`Account`, `AccountApiKey`, ...), from the program run against the package. */
  readonly providers: Readonly<Record<string, string>>;
  close(): Promise<void>;
}

/**
 * The whole engine-side setup: the package built and installed into a program directory, the program run under
 * mocks to get each type's `__provider` as Pulumi serializes it there, and the provider host started in the
 * program directory and configured.
 */
export async function startPulumiHarness(env: NodeJS.ProcessEnv = envWithoutVoiceGateway()): Promise<PulumiHarness> {
  const program = createProgramDir(await buildPackage(), { "index.js": ONE_OF_EACH });
  let host: DynamicProviderHost | undefined;
  try {
    const run = await runProgramWithMocks(program, { main: "index.js" });
    const providers: Record<string, string> = {};
    for (const { type, inputs } of run.registrations) providers[type.split(":").pop()!] = inputs.__provider as string;
    host = await DynamicProviderHost.start(program.dir, env);
    await host.configure();
    const started = host;
    return {
      program,
      host: started,
      providers,
      async close() {
        try {
          await started.close();
        } finally {
          program.remove();
        }
      },
    };
  } catch (error) {
    try {
      await host?.close();
    } finally {
      program.remove();
    }
    throw error;
  }
}
