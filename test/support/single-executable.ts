import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { nodeBinary } from "../../scripts/release/node-binary";
import { cachedSingleExecutable } from "../../scripts/release/single-executable";
import { testTerraformDir } from "./global-setup";
import { TERRAFORM } from "./terraform-cli";

/** Single executables built from this run's bundle, kept between runs by content hash (a build takes ~15-30 s). */
export const SEA_CACHE = join(__dirname, "..", "..", "node_modules", ".cache", "voicegateway-sea");

/** The provider bundle jest's globalSetup built from the current sources. */
export const testBundle = (): string => join(testTerraformDir(), "bundle", "terraform-provider-voicegateway.js");

/** This run's provider as a single executable for `platform`, with Node.js from the npm registry embedded. */
export async function singleExecutableFor(platform: string): Promise<string> {
  const node = await nodeBinary(platform);
  if (!node) throw new Error(`The npm registry has no Node.js ${process.versions.node} binary for ${platform}`);
  return cachedSingleExecutable(testBundle(), node, SEA_CACHE);
}

/** A PATH holding terraform and nothing else: no node, so only a provider that embeds Node.js can start. */
export function pathWithoutNode(parent: string): string {
  const bin = mkdtempSync(join(parent, "bin-"));
  mkdirSync(bin, { recursive: true });
  symlinkSync(TERRAFORM!, join(bin, "terraform"));
  return bin;
}
