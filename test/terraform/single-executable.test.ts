import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { installIntoPluginDirectory, writeMirrorCliConfig } from "../../provider/src/terraform/install/local-mirror";
import { singleExecutableFileName } from "../../provider/src/terraform/install/provider-address";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { pathWithoutNode, singleExecutableFor, testBundle } from "../support/single-executable";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";
import { TerraformEngine } from "../support/terraform-engine";

const ROOT = join(__dirname, "..", "..");
/** A bound for a terraform run, generous for a loaded machine: a safety net, not a speed check. */
const TERRAFORM_TEST_MS = 300_000;
const isElf = (file: string) =>
  readFileSync(file)
    .subarray(0, 4)
    .equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));

function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describeWithTerraform("the provider as a single executable (linux_amd64, Node.js embedded)", () => {
  let portal: PortalFixture;
  let dir: string;
  let executable: string;
  let nodelessPath: string;
  beforeAll(async () => {
    portal = await startPortal();
    dir = mkdtempSync(join(tmpdir(), "vg-sea-"));
    executable = await singleExecutableFor("linux_amd64");
    nodelessPath = pathWithoutNode(dir);
  }, 600_000);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await portal.close();
  });

  const config = () => `${PROVIDER_BLOCK}\nresource "voicegateway_account" "a" {\n  name = "${uniqueName("sea")}"\n}\n`;
  function workdir(mirror: string): TerraformWorkdir {
    const cli = join(mirror, "..", `${mirror.split("/").at(-1)}.tfrc`);
    writeMirrorCliConfig(cli, mirror);
    return new TerraformWorkdir({ ...portalEnv(portal), PATH: nodelessPath, TF_CLI_CONFIG_FILE: cli }).write({ "main.tf": config() });
  }

  it("answers go-plugin's handshake and serves the schema, with the resource layer loaded inside the executable", async () => {
    const engine = await TerraformEngine.start({ command: executable, args: [] });
    try {
      const schema = await engine.provider.getProviderSchema();
      expect(Object.keys(schema.resource_schemas ?? {})).toContain("voicegateway_account");
    } finally {
      await engine.shutdown();
    }
  });

  it(
    "terraform applies, re-plans clean and destroys with no node on PATH",
    async () => {
      const installed = installIntoPluginDirectory(join(dir, "sea-mirror"), testBundle(), { singleExecutable: executable });
      expect(isElf(installed.executable)).toBe(true);
      const tf = workdir(join(dir, "sea-mirror"));
      await tf.init();
      await tf.apply();
      await tf.plan(0);
      await tf.destroy();
      tf.remove();
    },
    TERRAFORM_TEST_MS,
  );

  it("the same PATH stops the Node launcher, so the test above did run without node", async () => {
    installIntoPluginDirectory(join(dir, "launcher-mirror"), testBundle());
    const tf = workdir(join(dir, "launcher-mirror"));
    await tf.init();
    const planned = await tf.run(["plan", "-input=false"]);
    expect(planned.code).toBe(1);
    expect(planned.output).toMatch(/node: not found|Failed to load plugin schemas|plugin exited before/i);
    tf.remove();
  });

  it("voicegateway install-terraform-provider installs the single executable when the package has one for this platform", async () => {
    const pkg = join(dir, "package");
    await build({
      entryPoints: [join(ROOT, "provider", "src", "bin", "voicegateway.ts")],
      outfile: join(pkg, "bin", "voicegateway.js"),
      bundle: true,
      platform: "node",
      target: "node20",
      logLevel: "warning",
    });
    copyFileSync(testBundle(), join(pkg, "bin", "terraform-provider-voicegateway.js"));
    const cli = join(pkg, "bin", "voicegateway.js");

    const withoutSea = await runNode([cli, "install-terraform-provider", "--plugin-dir", join(dir, "installed-launcher")], process.env);
    expect(withoutSea.stdout).toContain("as a launcher");
    const launcher = join(
      dir,
      "installed-launcher",
      "registry.terraform.io",
      "voicegateway",
      "voicegateway",
      "0.1.0",
      "linux_amd64",
      "terraform-provider-voicegateway_v0.1.0",
    );
    expect(readFileSync(launcher, "utf8")).toMatch(/^#!\/bin\/sh/);

    mkdirSync(join(pkg, "sea", "linux_amd64"), { recursive: true });
    copyFileSync(executable, join(pkg, "sea", "linux_amd64", singleExecutableFileName("linux_amd64")));
    const withSea = await runNode([cli, "install-terraform-provider", "--plugin-dir", join(dir, "installed-sea")], process.env);
    expect(withSea.stderr).toBe("");
    expect(withSea.stdout).toContain("as a single executable");
    expect(
      isElf(
        join(
          dir,
          "installed-sea",
          "registry.terraform.io",
          "voicegateway",
          "voicegateway",
          "0.1.0",
          "linux_amd64",
          "terraform-provider-voicegateway_v0.1.0",
        ),
      ),
    ).toBe(true);

    const forced = await runNode(
      [cli, "install-terraform-provider", "--launcher", "--plugin-dir", join(dir, "installed-forced")],
      process.env,
    );
    expect(forced.stdout).toContain("as a launcher");
  });
});
