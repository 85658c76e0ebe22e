import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launcherScript } from "./local-mirror";
import { BUNDLE_FILE, EXECUTABLE_PREFIX, PROVIDER_TYPE, PROVIDER_VERSION } from "./provider-address";
import { zipArchive } from "./zip-archive";

/** Platforms where a `#!/bin/sh` launcher and Node.js run the provider. Windows needs an .exe: not offered. */
export const RELEASE_PLATFORMS = ["linux_amd64", "linux_arm64", "darwin_amd64", "darwin_arm64"] as const;

export interface ReleaseArtifacts {
  readonly zips: readonly string[];
  readonly sums: string;
  readonly manifest: string;
}

/**
 * The files a provider registry (or a packed filesystem mirror) serves: one zip per platform, each holding the
 * launcher and the bundle, `SHA256SUMS` over them, and the manifest naming the protocol versions we speak.
 */
export function writeReleaseArtifacts(outDir: string, bundlePath: string, version: string = PROVIDER_VERSION): ReleaseArtifacts {
  mkdirSync(outDir, { recursive: true });
  const bundle = readFileSync(bundlePath);
  const base = `terraform-provider-${PROVIDER_TYPE}_${version}`;
  const lines: string[] = [];
  const zips: string[] = [];
  for (const platform of RELEASE_PLATFORMS) {
    const zip = zipArchive([
      { name: `${EXECUTABLE_PREFIX}_v${version}`, data: Buffer.from(launcherScript(BUNDLE_FILE)), mode: 0o755 },
      { name: BUNDLE_FILE, data: bundle, mode: 0o644 },
    ]);
    const name = `${base}_${platform}.zip`;
    writeFileSync(join(outDir, name), zip);
    zips.push(join(outDir, name));
    lines.push(`${createHash("sha256").update(zip).digest("hex")}  ${name}`);
  }
  const manifestName = `${base}_manifest.json`;
  const manifest = `${JSON.stringify({ version: 1, metadata: { protocol_versions: ["6.0"] } }, null, 2)}\n`;
  writeFileSync(join(outDir, manifestName), manifest);
  lines.push(`${createHash("sha256").update(manifest).digest("hex")}  ${manifestName}`);
  const sums = join(outDir, `${base}_SHA256SUMS`);
  writeFileSync(sums, `${lines.join("\n")}\n`);
  return { zips, sums, manifest: join(outDir, manifestName) };
}
