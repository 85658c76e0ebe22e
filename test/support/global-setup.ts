import { build } from "esbuild";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { installIntoPluginDirectory, writeMirrorCliConfig } from "../../provider/src/terraform/install/local-mirror";

/** Where the tests' Terraform CLI configuration and provider mirror live (fresh on every run). */
export const TEST_TERRAFORM_DIR = join(__dirname, "..", "..", ".tmp", "terraform-test");
export const TEST_CLI_CONFIG = join(TEST_TERRAFORM_DIR, "terraformrc");

/**
 * Bundles the provider from the current sources (never a stale dist/) and installs it in a filesystem mirror, so
 * every real-terraform test runs `terraform init` offline against exactly the code under test.
 */
export default async function globalSetup(): Promise<void> {
  rmSync(TEST_TERRAFORM_DIR, { recursive: true, force: true });
  mkdirSync(TEST_TERRAFORM_DIR, { recursive: true });
  const bundle = join(TEST_TERRAFORM_DIR, "bundle", "terraform-provider-voicegateway.js");
  await build({
    entryPoints: [join(__dirname, "..", "..", "provider", "src", "bin", "terraform-provider-voicegateway.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    logLevel: "warning",
  });
  const mirror = join(TEST_TERRAFORM_DIR, "mirror");
  installIntoPluginDirectory(mirror, bundle);
  writeMirrorCliConfig(TEST_CLI_CONFIG, mirror);
}
