import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launcherScript } from "./local-mirror";
import { h1Hash, type PackagedFile } from "./package-hashes";
import { BUNDLE_FILE, executableFileName, PROVIDER_TYPE, PROVIDER_VERSION } from "./provider-address";
import { zipArchive } from "./zip-archive";

/** Every platform a release offers. Windows has no `#!/bin/sh`, so it is offered only as a single executable. */
export const RELEASE_PLATFORMS = ["linux_amd64", "linux_arm64", "darwin_amd64", "darwin_arm64", "windows_amd64"] as const;
/** Platforms where the Node launcher can stand in when there is no single executable. */
export const LAUNCHER_PLATFORMS: readonly string[] = RELEASE_PLATFORMS.filter((p) => !p.startsWith("windows_"));

export type PackageKind = "single-executable" | "launcher";

export interface ReleasePackage {
  readonly platform: string;
  /** `single-executable` embeds Node.js; `launcher` needs Node.js 20 on the user's PATH. */
  readonly kind: PackageKind;
  readonly zip: string;
  readonly fileName: string;
  /** The zip's SHA-256 in hex, as in SHA256SUMS (terraform's `zh:` hash). */
  readonly sha256: string;
  /** Terraform's `h1:` hash of the files in the zip. */
  readonly h1: string;
}

export interface ReleaseArtifacts {
  readonly version: string;
  readonly packages: readonly ReleasePackage[];
  readonly zips: readonly string[];
  readonly sums: string;
  readonly manifest: string;
}

export interface ReleaseOptions {
  readonly version?: string;
  /** Platform → single executable built for it (see scripts/release/single-executable.ts). */
  readonly singleExecutables?: Readonly<Record<string, string>>;
  /** Default: every launcher platform, and every platform given a single executable. */
  readonly platforms?: readonly string[];
}

/**
 * The files a provider registry (or a packed filesystem mirror) serves: one zip per platform, holding a single
 * executable or the launcher and the bundle, `SHA256SUMS` over them, and the manifest naming the protocol
 * versions we speak.
 */
export function writeReleaseArtifacts(outDir: string, bundlePath: string, options: ReleaseOptions = {}): ReleaseArtifacts {
  const version = options.version ?? PROVIDER_VERSION;
  const executables = options.singleExecutables ?? {};
  const platforms = options.platforms ?? RELEASE_PLATFORMS.filter((p) => LAUNCHER_PLATFORMS.includes(p) || executables[p]);
  mkdirSync(outDir, { recursive: true });
  const base = `terraform-provider-${PROVIDER_TYPE}_${version}`;
  const packages: ReleasePackage[] = [];
  for (const platform of platforms) {
    const executable = executables[platform];
    if (!executable && !LAUNCHER_PLATFORMS.includes(platform))
      throw new Error(`${platform} needs a single executable: the Node launcher cannot run there`);
    const files: (PackagedFile & { mode: number })[] = executable
      ? [{ name: executableFileName(version, platform), data: readFileSync(executable), mode: 0o755 }]
      : [
          { name: executableFileName(version, platform), data: Buffer.from(launcherScript(BUNDLE_FILE)), mode: 0o755 },
          { name: BUNDLE_FILE, data: readFileSync(bundlePath), mode: 0o644 },
        ];
    const zip = zipArchive(files);
    const fileName = `${base}_${platform}.zip`;
    writeFileSync(join(outDir, fileName), zip);
    packages.push({
      platform,
      kind: executable ? "single-executable" : "launcher",
      zip: join(outDir, fileName),
      fileName,
      sha256: createHash("sha256").update(zip).digest("hex"),
      h1: h1Hash(files),
    });
  }
  const manifestName = `${base}_manifest.json`;
  const manifest = `${JSON.stringify({ version: 1, metadata: { protocol_versions: ["6.0"] } }, null, 2)}\n`;
  writeFileSync(join(outDir, manifestName), manifest);
  const lines = packages.map((p) => `${p.sha256}  ${p.fileName}`);
  lines.push(`${createHash("sha256").update(manifest).digest("hex")}  ${manifestName}`);
  const sums = join(outDir, `${base}_SHA256SUMS`);
  writeFileSync(sums, `${lines.join("\n")}\n`);
  return { version, packages, zips: packages.map((p) => p.zip), sums, manifest: join(outDir, manifestName) };
}
