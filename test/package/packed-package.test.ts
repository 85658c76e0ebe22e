import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE, parseHandshake } from "../../provider/src/terraform/protocol/handshake";
import { type EmulatorProcess, launchEmulator, stopEmulator } from "../emulator/cli-process";
import { TERRAFORM } from "../support/terraform-cli";
import { npmCache, packRepository, type Ran, ROOT, run, runOk, userEnv } from "./packed";
import { readmeBlocks, readmeSection } from "./readme";

/**
 * The package as users get it: `npm pack` (which builds through `prepack`), the tarball installed into empty
 * directories outside the repository, and every documented entry point used from there: the three commands, the
 * library entry points, and the README's CDKTF, CDK Terrain and Pulumi instructions run as written.
 */

jest.setTimeout(15 * 60_000);

const repoPackage = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  bin: Record<string, string>;
  exports: Record<string, string | { types: string; default: string }>;
  devDependencies: Record<string, string>;
};
// What is worth noticing, not a tight fit: about 1.5 MB packed and 8 MB unpacked when this was written.
const MAX_TARBALL_BYTES = 3 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 12 * 1024 * 1024;

let tarball: string;
let cache: string;
const temporary: string[] = [];
const emulators: EmulatorProcess[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** Every file below `dir`, relative to it. */
function filesBelow(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f)).isFile());
}

/** A README shell block run as written, in `cwd`, with the package name pointing at the tarball under test. */
function runShellBlock(block: string, cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  const script = block.replace(/(npm install .*?)@voicegateway\/iac(?= )/g, `$1${tarball}`);
  if (block.includes("npm install") && script === block) throw new Error(`no npm install of @voicegateway/iac in:\n${block}`);
  return runOk("bash", ["-euo", "pipefail", "-c", script], { cwd, env });
}

/** The packed emulator command of a project, started as `npx voicegateway-emulator --port 0`. */
async function startPackedEmulator(project: string, env: NodeJS.ProcessEnv): Promise<EmulatorProcess> {
  const emulator = await launchEmulator("npx", ["voicegateway-emulator", "--port", "0"], { cwd: project, env });
  emulators.push(emulator);
  return emulator;
}

beforeAll(async () => {
  cache = await npmCache();
  tarball = await packRepository();
  temporary.push(join(tarball, ".."));
});
afterAll(async () => {
  for (const emulator of emulators) await stopEmulator(emulator);
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe("the tarball", () => {
  let unpacked: string;
  beforeAll(async () => {
    unpacked = tempDir("vg-unpacked-");
    await runOk("tar", ["-xzf", tarball, "-C", unpacked], { cwd: unpacked });
    unpacked = join(unpacked, "package");
  });

  it("holds no source maps, stays within its size, and has every file its bins and exports name", () => {
    const files = filesBelow(unpacked);
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    expect(statSync(tarball).size).toBeLessThan(MAX_TARBALL_BYTES);
    expect(files.reduce((sum, f) => sum + statSync(join(unpacked, f)).size, 0)).toBeLessThan(MAX_UNPACKED_BYTES);
    const named = [
      ...Object.values(repoPackage.bin),
      ...Object.values(repoPackage.exports).flatMap((target) => (typeof target === "string" ? [target] : [target.types, target.default])),
    ].map((path) => relative(".", path));
    expect(named.filter((path) => !files.includes(path))).toEqual([]);
    // Nothing of the repository's own: sources, tests, the release or single executables.
    expect(
      files.filter((f) => /^(provider|constructs|test|scripts|examples)\/|^dist\/(sea|release)\/|\.ts$/.test(f) && !f.endsWith(".d.ts")),
    ).toEqual([]);
  });

  it("runs no script when installed, and depends on nothing its commands have bundled", () => {
    const manifest = JSON.parse(readFileSync(join(unpacked, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    for (const hook of ["preinstall", "install", "postinstall", "prepare"]) expect(manifest.scripts).not.toHaveProperty(hook);
    expect(Object.keys(manifest.dependencies).sort()).toEqual(["undici", "zod"]);
  });
});

describe("installed in an empty project", () => {
  let project: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    project = tempDir("vg-consumer-");
    env = userEnv();
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "consumer", private: true }));
    const pulumi = `@pulumi/pulumi@${repoPackage.devDependencies["@pulumi/pulumi"]}`;
    const typescript = `typescript@${repoPackage.devDependencies.typescript}`;
    await runOk("npm", ["install", tarball, pulumi, typescript, "@types/node@20"], { cwd: project, env });
  });

  it("voicegateway answers --help with its commands", async () => {
    const result = await runOk("npx", ["voicegateway", "--help"], { cwd: project, env });
    for (const command of ["drift", "export", "check-portal", "install-terraform-provider"]) expect(result.stdout).toContain(command);
  });

  it("terraform-provider-voicegateway answers terraform's handshake (gRPC bundled, no dependency needed)", async () => {
    const provider = spawn(join(project, "node_modules/.bin/terraform-provider-voicegateway"), [], {
      cwd: project,
      env: { ...env, [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE, PLUGIN_PROTOCOL_VERSIONS: "6" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = "";
        provider.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("\n")) resolve(out.split("\n")[0]!);
        });
        provider.once("exit", (code) => reject(new Error(`the provider exited with ${code} before its handshake: ${out}`)));
      });
      expect(parseHandshake(line)).toMatchObject({ coreVersion: 1, appVersion: 6, protocol: "grpc" });
    } finally {
      provider.kill("SIGKILL");
    }
  });

  it("voicegateway-emulator serves the portal API, and voicegateway drift reads it with a report the shipped schema accepts", async () => {
    const emulator = await startPackedEmulator(project, env);
    const { VOICEGATEWAY_API_URL: apiUrl, VOICEGATEWAY_API_KEY: apiKey } = emulator.env;
    const answer = await fetch(`${apiUrl}/ServiceProviders`, { headers: { authorization: `Bearer ${apiKey}` } });
    expect(answer.status).toBe(200);

    writeFileSync(join(project, "empty.tfstate"), JSON.stringify({ version: 4, serial: 1, lineage: "x", outputs: {}, resources: [] }));
    const drift = await run("npx", ["voicegateway", "drift", "--terraform-state", "empty.tfstate", "--format", "json", "--quiet"], {
      cwd: project,
      env: { ...env, ...emulator.env },
    });
    expect(drift.code).toBe(0);
    const schema = JSON.parse(readFileSync(join(project, "node_modules/@voicegateway/iac/docs/schemas/drift-report.v1.json"), "utf8"));
    const validate = new Ajv2020({ strictRequired: false }).compile(schema);
    expect([validate(JSON.parse(drift.stdout)), validate.errors]).toEqual([true, null]);
  });

  it("every library entry point loads from the installed package and does its job", async () => {
    const script = `
      const assert = require("node:assert");
      (async () => {
        const core = require("@voicegateway/iac");
        assert.equal(core.accountResource.name, "account");
        const { startEmulator } = require("@voicegateway/iac/emulator");
        const emulator = await startEmulator({ rateLimit: false });
        const client = new core.PortalClient({ apiUrl: emulator.apiUrl, apiKey: emulator.adminKey, rateLimit: false });
        const account = await core.createFromInput(core.accountResource, { client, serviceProviderSid: emulator.serviceProviderSid }, { name: "acme" });
        assert.match(account.id, /^[0-9a-f-]{36}$/);
        await client.close();
        await emulator.close();
        const drift = require("@voicegateway/iac/drift");
        const report = { formatVersion: 1, generatedAt: new Date().toISOString(), status: "in-sync", exitCode: 0, environments: [] };
        assert.match(drift.renderReport(report, "markdown"), /no drift/);
        const { Account } = require("@voicegateway/iac/pulumi");
        assert.equal(typeof Account, "function");
        const runtime = require("@voicegateway/iac/pulumi/runtime");
        const checked = await runtime.check("account", {}, { name: " acme" });
        assert.deepEqual(checked.failures.map((f) => f.property), ["name", "connection.apiUrl", "connection.apiKey"]);
        const schema = require("@voicegateway/iac/schemas/drift-report.v1.json");
        assert.equal(schema.properties.formatVersion.const, 1);
        console.log("ok");
      })().catch((error) => { console.error(error); process.exit(1); });
    `;
    const result = await runOk(process.execPath, ["-e", script], { cwd: project, env });
    expect(result.stdout.trim()).toBe("ok");
  });

  it("type-checks the README's Pulumi program against the installed package, with the README's tsconfig.json", async () => {
    const dir = join(project, "pulumi-program");
    mkdirSync(dir);
    const [program] = readmeBlocks("## Pulumi", "ts", 1);
    const [tsconfig] = readmeBlocks("### CDKTF in your own project", "json", 1);
    writeFileSync(join(dir, "tsconfig.json"), tsconfig!.replace('"main.ts"', '"index.ts"'));
    writeFileSync(join(dir, "index.ts"), program!);
    await runOk("npx", ["tsc", "-p", ".", "--noEmit"], { cwd: dir, env });
  });
});

/**
 * The README's "CDKTF in your own project" and "CDK Terrain (cdktn)" as written: its install commands (with the
 * tarball for the package), its tsconfig.json, its program, its synth command and, with terraform on PATH, its plan
 * against the packed emulator. HOME is the project's own, so the provider lands in a plugin directory of the test.
 */
describe.each([
  { framework: "cdktf", heading: "### CDKTF in your own project" },
  { framework: "cdktn", heading: "### CDK Terrain (cdktn)" },
])("$framework outside this repository, as the README says", ({ framework, heading }) => {
  let project: string;
  let env: NodeJS.ProcessEnv;
  // The section's first shell block installs; CDK Terrain's takes the rest from the CDKTF section.
  const install = readmeSection(heading).find((b) => b.language === "sh")!.text;
  const [tsconfig] = readmeBlocks("### CDKTF in your own project", "json", 1);
  const [, synth, plan] = readmeBlocks("### CDKTF in your own project", "sh", 3);
  const program = readmeSection("## CDKTF").find((b) => b.language === "ts")!.text;

  beforeAll(async () => {
    project = tempDir(`vg-${framework}-`);
    const home = join(project, ".home");
    mkdirSync(home);
    env = userEnv({ HOME: home, npm_config_cache: cache });
    await runShellBlock(install, project, env);
    writeFileSync(join(project, "tsconfig.json"), tsconfig!);
    let main = program;
    if (framework === "cdktn") {
      // "the program above with these two imports"
      const imports = readmeBlocks(heading, "ts", 1)[0]!;
      const lines = main.split("\n");
      expect(
        lines
          .slice(0, 2)
          .join("\n")
          .replace(/cdktf|constructs/g, ""),
      ).toBe(imports.trim().replace(/cdktn/g, ""));
      main = [imports.trim(), ...lines.slice(2)].join("\n");
    }
    writeFileSync(join(project, "main.ts"), main);
  });

  it("synthesizes the README's program into cdktf.out with the voicegateway resources", async () => {
    await runShellBlock(synth!, project, env);
    const stack = JSON.parse(readFileSync(join(project, "cdktf.out/stacks/staging/cdk.tf.json"), "utf8")) as {
      "//": { metadata: { version: string } };
      provider: Record<string, unknown>;
      resource: Record<string, unknown>;
    };
    // Synthesized by the framework the section installs.
    const installed = JSON.parse(readFileSync(join(project, "node_modules", framework, "package.json"), "utf8")) as { version: string };
    expect(stack["//"].metadata.version).toBe(installed.version);
    expect(Object.keys(stack.provider)).toEqual(["voicegateway"]);
    expect(Object.keys(stack.resource).sort()).toEqual([
      "voicegateway_account",
      "voicegateway_account_api_key",
      "voicegateway_account_limits",
      "voicegateway_account_recording",
    ]);
  });

  // The plan is the same for both frameworks' output; it runs once, on CDKTF's.
  if (framework !== "cdktf") return;
  (TERRAFORM ? it : it.skip)(
    `plans it with terraform against the packed emulator, the provider installed by the packed command${TERRAFORM ? "" : " (SKIPPED: no terraform binary on PATH)"}`,
    async () => {
      const emulator = await startPackedEmulator(project, env);
      // The provider installation of the install block: "once per machine", here this project's HOME.
      expect(existsSync(join(String(env.HOME), ".terraform.d/plugins/registry.terraform.io/voicegateway/voicegateway"))).toBe(true);
      const result = await runShellBlock(plan!, project, {
        ...env,
        ...emulator.env,
        TF_INPUT: "0",
        TF_VAR_recording_secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
      });
      expect(result.stdout.replace(/\x1b\[[0-9;]*m/g, "")).toContain("Plan: 4 to add, 0 to change, 0 to destroy.");
    },
  );
});

it("the README has no TypeScript block these tests leave out: the CDKTF program, CDK Terrain's imports, the Pulumi program", () => {
  const all = readmeSection("# Voice Gateway accounts as code")
    .filter((b) => b.language === "ts")
    .map((b) => b.text);
  const checked = [
    readmeSection("## CDKTF").find((b) => b.language === "ts")!.text,
    ...readmeBlocks("### CDK Terrain (cdktn)", "ts", 1),
    ...readmeBlocks("## Pulumi", "ts", 1),
  ];
  expect(all).toEqual(checked);
});
