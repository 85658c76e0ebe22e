// Runs a TypeScript script (bundled by esbuild into a temp file first): `node scripts/run-ts.mjs scripts/x.ts args`.

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error("usage: node scripts/run-ts.mjs <script.ts> [args...]");
  process.exit(2);
}
// Inside the repository, so packages left external resolve from its node_modules.
mkdirSync(".tmp", { recursive: true });
const dir = mkdtempSync(join(".tmp", "script-"));
const outfile = join(dir, "script.cjs");
try {
  await build({
    entryPoints: [resolve(script)],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    logLevel: "warning",
  });
  const result = spawnSync(process.execPath, [outfile, ...args], { stdio: "inherit" });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
