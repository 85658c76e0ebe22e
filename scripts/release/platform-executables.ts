import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { singleExecutableFileName } from "../../provider/src/terraform/install/provider-address";
import { NODE_BINARY_PACKAGES, type NodeBinary, nodeBinary } from "./node-binary";
import { buildSingleExecutable, cachedSingleExecutable } from "./single-executable";

/** Where single executables go: `dist/sea/<os_arch>/`, where `voicegateway install-terraform-provider` looks. */
export const SEA_DIR = join("dist", "sea");

export interface PlatformExecutables {
  /** Platform → the single executable built for it. */
  readonly executables: Record<string, string>;
  /** The Node binaries they embed, with their npm source and checksums. */
  readonly nodeBinaries: NodeBinary[];
  /** Platforms with no Node binary on npm at this version, so no single executable. */
  readonly missing: string[];
}

/** One single executable per platform from the bundled provider, each embedding that platform's Node.js. */
export async function buildPlatformExecutables(
  bundle: string,
  platforms: readonly string[],
  options: { outDir?: string | undefined; cache?: string | undefined; log?: (line: string) => void } = {},
): Promise<PlatformExecutables> {
  const log = options.log ?? (() => undefined);
  const outDir = options.outDir ?? SEA_DIR;
  const result: PlatformExecutables = { executables: {}, nodeBinaries: [], missing: [] };
  for (const platform of platforms) {
    const node = await nodeBinary(platform);
    if (!node) {
      log(`${platform}: the npm registry has no ${NODE_BINARY_PACKAGES[platform]!.name}@${process.versions.node}, so no single executable`);
      result.missing.push(platform);
      continue;
    }
    const output = join(outDir, platform, singleExecutableFileName(platform));
    log(`${platform}: embedding ${node.source} (sha256 ${node.sha256}) in ${output}`);
    if (options.cache) {
      mkdirSync(join(outDir, platform), { recursive: true });
      copyFileSync(await cachedSingleExecutable(bundle, node, options.cache), output);
    } else {
      await buildSingleExecutable(bundle, node, output);
    }
    result.executables[platform] = output;
    result.nodeBinaries.push(node);
  }
  return result;
}
