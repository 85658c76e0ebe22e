import { mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { type Config } from "@jest/types";
import { build } from "esbuild";
import { installIntoPluginDirectory, writeMirrorCliConfig } from "../../provider/src/terraform/install/local-mirror";
import { buildPackage } from "./pulumi-host";

/**
 * Where the tests' Terraform CLI configuration and provider mirror live: fresh and private to each jest run (a
 * concurrent run must not swap the provider under this one), passed to the workers through the environment.
 */
const DIR_VARIABLE = "VOICEGATEWAY_TEST_TERRAFORM_DIR";
export const testTerraformDir = (): string => {
  const dir = process.env[DIR_VARIABLE];
  if (!dir) throw new Error(`${DIR_VARIABLE} is not set: run the tests through jest (its globalSetup builds the provider)`);
  return dir;
};
export const testCliConfig = (): string => join(testTerraformDir(), "terraformrc");

/**
 * Bundles the provider from the current sources (never a stale dist/) and installs it in a filesystem mirror, so
 * every real-terraform test runs `terraform init` offline against exactly the code under test; compiles the package
 * the Pulumi tests install.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  const root = join(__dirname, "..", "..", ".tmp");
  mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(join(root, "terraform-test-"));
  process.env[DIR_VARIABLE] = dir;
  const bundle = join(dir, "bundle", "terraform-provider-voicegateway.js");
  await build({
    entryPoints: [join(__dirname, "..", "..", "provider", "src", "bin", "terraform-provider-voicegateway.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "warning",
  });
  const mirror = join(dir, "mirror");
  installIntoPluginDirectory(mirror, bundle);
  writeMirrorCliConfig(join(dir, "terraformrc"), mirror);
  // The Pulumi suites load the package as tsc compiles it (half a minute on a busy 2-core machine). Compiled here,
  // once and before any test starts, it is paid by no test's or hook's timeout, nor twice by two workers at once.
  // (A run that selects no Pulumi suite skips it; the suites still build it themselves when it is missing.)
  if (mayRunPulumiSuites(globalConfig)) await buildPackage();
}

function mayRunPulumiSuites(globalConfig: Config.GlobalConfig): boolean {
  const patterns = globalConfig.testPathPatterns;
  if (!patterns.isSet()) return true;
  const selected = patterns.toExecutor({ rootDir: globalConfig.rootDir });
  const suites = join(__dirname, "..", "pulumi");
  return readdirSync(suites).some((name) => selected.isMatch(join(suites, name)));
}
