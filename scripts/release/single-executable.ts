import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { unsign } from "macho-unsign";
import { terraformPlatform } from "../../provider/src/terraform/install/platform";
import { type NodeBinary, SEA_FUSE } from "./node-binary";

const run = promisify(execFile);

/**
 * Builds a Node.js single executable application: the bundled provider (one CommonJS file that requires nothing
 * but Node's built-ins, as SEA demands) turned into a blob by this Node, then injected into the target platform's
 * Node binary. The blob must come from the same Node version as the binary it goes into.
 *
 * V8's code cache only helps, and is only valid, on the platform that made it: it is used when the target is
 * this machine's platform, and left out of blobs for the others (as Node's docs say for cross-platform builds).
 *
 * macOS: Node's binary is signed and the injection breaks that signature, so it is removed first (with the
 * macho-unsign library, which works on any OS). Built on a Mac, the result is then signed ad hoc with `codesign`
 * as Node's docs do; built elsewhere it stays unsigned (Apple silicon runs no unsigned arm64 code).
 */
export async function buildSingleExecutable(bundle: string, node: NodeBinary, output: string): Promise<void> {
  if (node.version !== process.versions.node) {
    throw new Error(`The blob is made by Node ${process.versions.node}; ${node.source} is another version`);
  }
  mkdirSync(dirname(output), { recursive: true });
  const work = mkdtempSync(join(dirname(output), ".sea-"));
  try {
    const blob = join(work, "provider.blob");
    const config = join(work, "sea-config.json");
    const sameMachine = node.platform === terraformPlatform();
    writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useCodeCache: sameMachine }));
    await run(process.execPath, ["--experimental-sea-config", config]);

    const target = join(work, "executable");
    copyFileSync(node.path, target);
    const darwin = node.platform.startsWith("darwin_");
    if (darwin) {
      const unsigned = unsign(readFileSync(target));
      if (unsigned) writeFileSync(target, Buffer.from(unsigned));
    }
    // postject's CLI in a child process: its LIEF core prints harmless warnings about Node's ELF notes, kept off our output.
    await run(
      process.execPath,
      [
        require.resolve("postject/dist/cli.js"),
        target,
        "NODE_SEA_BLOB",
        blob,
        "--sentinel-fuse",
        SEA_FUSE,
        ...(darwin ? ["--macho-segment-name", "NODE_SEA"] : []),
      ],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    if (darwin && process.platform === "darwin") await run("codesign", ["--sign", "-", target]);
    chmodSync(target, 0o755);
    renameSync(target, output);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The single executable for a bundle and a Node binary, built once and kept under `cache` by the hash of both
 * (tests and the release share it; a build takes tens of seconds, mostly postject).
 */
export async function cachedSingleExecutable(bundle: string, node: NodeBinary, cache: string): Promise<string> {
  const key = createHash("sha256").update(readFileSync(bundle)).update(node.sha256).digest("hex").slice(0, 16);
  const output = join(cache, `${node.platform}-${key}`, node.platform.startsWith("windows_") ? "provider.exe" : "provider");
  if (!existsSync(output)) await buildSingleExecutable(bundle, node, output);
  return output;
}
