// Runs a TypeScript script (bundled by esbuild into a temp file first): `node scripts/run-ts.mjs scripts/x.ts args`.

import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { constants } from "node:os";
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
  const child = spawn(process.execPath, [outfile, ...args], { stdio: "inherit" });
  // Passed on, so that stopping this process by its PID stops the script too (Ctrl-C reaches both anyway).
  const forward = (signal) => child.kill(signal);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, forward);
  const [code, signal] = await new Promise((done) => child.on("close", (...exit) => done(exit)));
  process.exitCode = code ?? 128 + (constants.signals[signal] ?? 1);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
