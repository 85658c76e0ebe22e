import { copyFileSync, existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { PROVIDER_HOST, PROVIDER_NAMESPACE, PROVIDER_TYPE } from "../../provider/src/terraform/install/provider-address";
import { type ReleaseArtifacts } from "../../provider/src/terraform/install/release-artifacts";

/**
 * A static web root that Terraform installs the provider from, two ways (see README "Hosting a registry"):
 *
 *   .well-known/terraform.json                              service discovery: {"providers.v1": "/v1/providers/"}
 *   v1/providers/<ns>/<type>/versions                       provider registry protocol (JSON files without an
 *   v1/providers/<ns>/<type>/<version>/download/<os>/<arch>   extension: terraform reads them whatever their type)
 *   releases/<version>/                                     the zips, SHA256SUMS and its signature
 *   mirror/<host>/<ns>/<type>/index.json, <version>.json    provider network mirror protocol
 *
 * Every URL inside is relative, so the tree can sit under any path prefix (only the discovery document must be
 * at the host's root). Versions already in the site stay listed, so a team adds each release to the same tree.
 */
export interface RegistrySiteOptions {
  readonly artifacts: ReleaseArtifacts;
  /** SHA256SUMS's detached signature and the key that made it; without them only the network mirror is written. */
  readonly signing?: { readonly signatureFile: string; readonly publicKeyArmored: string; readonly keyId: string };
  /** Hostnames the mirror serves the provider under (the host in the users' `source`). */
  readonly mirrorHosts?: readonly string[];
  /** Where `v1/providers/` sits on the host, for the discovery document. */
  readonly pathPrefix?: string;
}

export interface RegistrySite {
  readonly root: string;
  readonly registry: boolean;
  readonly mirrorHosts: readonly string[];
}

const PROTOCOLS = ["6.0"];

function writeJson(path: string, value: unknown): void {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

function readJson<T>(path: string, fallback: T): T {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as T) : fallback;
}

/** A hard link where the file system allows one (the zips are large), else a copy. */
function placeFile(from: string, to: string): void {
  rmSync(to, { force: true });
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** `../` enough times to climb from a file `depth` directories below the root back to it. */
const up = (depth: number) => "../".repeat(depth);

export function writeRegistrySite(root: string, options: RegistrySiteOptions): RegistrySite {
  const { artifacts, signing } = options;
  const version = artifacts.version;
  const releaseDir = join(root, "releases", version);
  mkdirSync(releaseDir, { recursive: true });
  for (const file of [...artifacts.zips, artifacts.sums, artifacts.manifest, ...(signing ? [signing.signatureFile] : [])]) {
    placeFile(file, join(releaseDir, basename(file)));
  }
  // GitHub Pages leaves out dot-directories such as .well-known unless the site opts out of Jekyll.
  writeFileSync(join(root, ".nojekyll"), "");

  if (signing) {
    const prefix = (options.pathPrefix ?? "/").replace(/\/?$/, "/");
    writeJson(join(root, ".well-known", "terraform.json"), { "providers.v1": `${prefix}v1/providers/` });
    const providerDir = join(root, "v1", "providers", PROVIDER_NAMESPACE, PROVIDER_TYPE);
    const versionsFile = join(providerDir, "versions");
    const listed = readJson<{ versions: { version: string }[] }>(versionsFile, { versions: [] }).versions.filter(
      (v) => v.version !== version,
    );
    const platforms = artifacts.packages.map((p) => {
      const [os, arch] = p.platform.split("_") as [string, string];
      return { os, arch };
    });
    writeJson(versionsFile, { versions: [...listed, { version, protocols: PROTOCOLS, platforms }] });
    // The download document sits 7 directories down: v1/providers/<ns>/<type>/<version>/download/<os>/.
    const toRelease = `${up(7)}releases/${version}/`;
    const key = { key_id: signing.keyId, ascii_armor: signing.publicKeyArmored, trust_signature: "", source: "", source_url: "" };
    for (const p of artifacts.packages) {
      const [os, arch] = p.platform.split("_") as [string, string];
      writeJson(join(providerDir, version, "download", os, arch), {
        protocols: PROTOCOLS,
        os,
        arch,
        filename: p.fileName,
        download_url: `${toRelease}${p.fileName}`,
        shasums_url: `${toRelease}${basename(artifacts.sums)}`,
        shasums_signature_url: `${toRelease}${basename(signing.signatureFile)}`,
        shasum: p.sha256,
        signing_keys: { gpg_public_keys: [key] },
      });
    }
  }

  const mirrorHosts = options.mirrorHosts ?? [PROVIDER_HOST];
  for (const host of mirrorHosts) {
    const dir = join(root, "mirror", host, PROVIDER_NAMESPACE, PROVIDER_TYPE);
    const index = readJson<{ versions: Record<string, object> }>(join(dir, "index.json"), { versions: {} });
    writeJson(join(dir, "index.json"), { versions: { ...index.versions, [version]: {} } });
    // <version>.json sits 4 directories down: mirror/<host>/<ns>/<type>/.
    const archives = Object.fromEntries(
      artifacts.packages.map((p) => [p.platform, { url: `${up(4)}releases/${version}/${p.fileName}`, hashes: [p.h1, `zh:${p.sha256}`] }]),
    );
    writeJson(join(dir, `${version}.json`), { archives });
  }
  return { root, registry: Boolean(signing), mirrorHosts };
}
