import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { writeReleaseArtifacts } from "../../provider/src/terraform/install/release-artifacts";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";

const ROOT = join(__dirname, "..", "..");

/** The package's bin directory as npm installs it: the CLI and the bundled provider side by side. */
async function packageBin(dir: string): Promise<string> {
  const bin = join(dir, "bin");
  await Promise.all(
    ["voicegateway", "terraform-provider-voicegateway"].map((name) =>
      build({
        entryPoints: [join(ROOT, "provider", "src", "bin", `${name}.ts`)],
        outfile: join(bin, `${name}.js`),
        bundle: true,
        platform: "node",
        target: "node20",
        logLevel: "warning",
      }),
    ),
  );
  return bin;
}

function runNode(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env });
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.on("close", (code) => resolve({ code, stdout }));
  });
}

describeWithTerraform("installing the provider for terraform", () => {
  let portal: PortalFixture;
  let dir: string;
  let bin: string;
  beforeAll(async () => {
    portal = await startPortal();
    dir = mkdtempSync(join(tmpdir(), "vg-install-"));
    bin = await packageBin(dir);
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await portal.close();
  });

  const config = `${PROVIDER_BLOCK}\nresource "voicegateway_account" "a" {\n  name = "${uniqueName("install")}"\n}\n`;
  const env = () => portalEnv(portal);

  it("voicegateway install-terraform-provider puts it where a plain terraform init finds it", async () => {
    const home = join(dir, "home");
    mkdirSync(home);
    const installed = await runNode([join(bin, "voicegateway.js"), "install-terraform-provider"], { ...process.env, HOME: home });
    expect(installed.code).toBe(0);
    expect(installed.stdout).toContain(join(home, ".terraform.d", "plugins", "registry.terraform.io", "voicegateway", "voicegateway"));
    // No CLI configuration at all: terraform falls back to its implied local mirror, ~/.terraform.d/plugins.
    const tf = new TerraformWorkdir({ ...env(), HOME: home, TF_CLI_CONFIG_FILE: join(home, "no-such-file") }).write({ "main.tf": config });
    const init = await tf.init();
    expect(init.stdout).toMatch(/Installed voicegateway\/voicegateway v0\.1\.0 \(unauthenticated\)/);
    await tf.apply();
    await tf.destroy();
    tf.remove();
  });

  it("the release zips install from a packed filesystem mirror, with checksums that match", async () => {
    const release = join(dir, "release");
    const artifacts = writeReleaseArtifacts(release, join(bin, "terraform-provider-voicegateway.js"));
    const mirror = join(dir, "packed-mirror", "registry.terraform.io", "voicegateway", "voicegateway");
    mkdirSync(mirror, { recursive: true });
    const linux = artifacts.zips.find((z) => z.endsWith("_linux_amd64.zip"))!;
    copyFileSync(linux, join(mirror, linux.split("/").at(-1)!));
    const cli = join(dir, "packed.tfrc");
    writeFileSync(cli, `provider_installation {\n  filesystem_mirror {\n    path = "${join(dir, "packed-mirror")}"\n  }\n}\n`);
    const tf = new TerraformWorkdir({ ...env(), TF_CLI_CONFIG_FILE: cli }).write({ "main.tf": config });
    await tf.init();
    await tf.apply();
    await tf.plan(0);
    await tf.destroy();
    const { createHash } = await import("node:crypto");
    const { readFileSync } = await import("node:fs");
    const sums = readFileSync(artifacts.sums, "utf8");
    expect(sums).toContain(`${createHash("sha256").update(readFileSync(linux)).digest("hex")}  ${linux.split("/").at(-1)}`);
    tf.remove();
  });

  it("dev_overrides runs the bundle without terraform init", async () => {
    const overrides = join(dir, "overrides");
    mkdirSync(overrides);
    const { installIntoPluginDirectory } = await import("../../provider/src/terraform/install/local-mirror");
    const installed = installIntoPluginDirectory(join(dir, "dev"), join(bin, "terraform-provider-voicegateway.js"));
    const cli = join(dir, "dev.tfrc");
    writeFileSync(
      cli,
      `provider_installation {\n  dev_overrides {\n    "voicegateway/voicegateway" = "${installed.directory}"\n  }\n  direct {}\n}\n`,
    );
    const tf = new TerraformWorkdir({ ...env(), TF_CLI_CONFIG_FILE: cli }).write({ "main.tf": config });
    const planned = await tf.plan(2);
    expect(planned.output).toContain("Provider development overrides are in effect");
    tf.remove();
  });
});
