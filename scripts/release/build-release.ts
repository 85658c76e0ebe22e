import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROVIDER_HOST } from "../../provider/src/terraform/install/provider-address";
import { LAUNCHER_PLATFORMS, type ReleaseArtifacts, writeReleaseArtifacts } from "../../provider/src/terraform/install/release-artifacts";
import { buildPlatformExecutables } from "./platform-executables";
import { type RegistrySite, writeRegistrySite } from "./registry-site";
import { SIGNING_KEY_ENV, SIGNING_KEY_FILE_ENV, signDetached, signingKeyFromEnvironment } from "./signing-key";

export interface ReleaseOptions {
  /** The bundled provider (dist/bin/terraform-provider-voicegateway.js). */
  readonly bundle: string;
  readonly platforms: readonly string[];
  readonly out: string;
  /** Where the single executables go (dist/sea), or a cache to reuse them from. */
  readonly seaDir?: string;
  readonly seaCache?: string;
  /** The registry's hostname, as users write it in `source`; the mirror serves the provider under it too. */
  readonly registryHost?: string;
  readonly pathPrefix?: string;
  /** Where the signing key is looked up (VOICEGATEWAY_SIGNING_KEY…). */
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
}

export interface Release {
  readonly artifacts: ReleaseArtifacts;
  readonly site: RegistrySite;
  readonly signatureFile?: string;
  readonly keyId?: string;
}

/**
 * `npm run release`: a single executable per platform (the Node launcher where npm has no Node binary for it),
 * the zips and SHA256SUMS, its OpenPGP signature when a key is given, and the static registry and mirror site.
 */
export async function buildRelease(options: ReleaseOptions): Promise<Release> {
  const log = options.log ?? (() => undefined);
  const built = await buildPlatformExecutables(options.bundle, options.platforms, { outDir: options.seaDir, cache: options.seaCache, log });
  const platforms = options.platforms.filter((p) => built.executables[p] || LAUNCHER_PLATFORMS.includes(p));
  for (const p of built.missing)
    log(LAUNCHER_PLATFORMS.includes(p) ? `${p}: packaged with the Node launcher (needs Node.js 20 on PATH)` : `${p}: left out`);

  const artifacts = writeReleaseArtifacts(options.out, options.bundle, { singleExecutables: built.executables, platforms });
  writeFileSync(
    join(options.out, "node-binaries.json"),
    `${JSON.stringify(
      built.nodeBinaries.map(({ path: _path, ...rest }) => rest),
      null,
      2,
    )}\n`,
  );
  for (const p of artifacts.packages) log(`${p.zip}  ${p.kind}  ${p.h1}`);

  const key = signingKeyFromEnvironment(options.env ?? process.env);
  let signing: { signatureFile: string; publicKeyArmored: string; keyId: string } | undefined;
  if (key) {
    const signed = await signDetached(readFileSync(artifacts.sums), key);
    const signatureFile = `${artifacts.sums}.sig`;
    writeFileSync(signatureFile, signed.signature);
    signing = { signatureFile, publicKeyArmored: signed.publicKeyArmored, keyId: signed.keyId };
    log(`${signatureFile}  signed with key ${signed.keyId}`);
  } else {
    log(
      `No signing key (${SIGNING_KEY_ENV} or ${SIGNING_KEY_FILE_ENV}): SHA256SUMS is unsigned, so the site has the network mirror but no registry`,
    );
  }
  const mirrorHosts = [PROVIDER_HOST, ...(options.registryHost ? [options.registryHost] : [])];
  const site = writeRegistrySite(join(options.out, "site"), {
    artifacts,
    mirrorHosts,
    ...(options.pathPrefix ? { pathPrefix: options.pathPrefix } : {}),
    ...(signing ? { signing } : {}),
  });
  log(`${site.root}: ${site.registry ? "provider registry and " : ""}network mirror for ${site.mirrorHosts.join(", ")}`);
  return { artifacts, site, ...(signing ? { signatureFile: signing.signatureFile, keyId: signing.keyId } : {}) };
}
