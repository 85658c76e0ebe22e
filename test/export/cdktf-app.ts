import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { REPO_ROOT } from "../support/cdktf-app";

/**
 * The CDKTF app an export writes, built and run the way this repository runs its own app (esbuild, then node),
 * with `@voicegateway/iac/constructs` taken from this checkout's sources instead of an installed package. Its
 * folder lives under the repository's `.tmp/`, so `cdktf` and `constructs` resolve from the repository's
 * node_modules, as they would from the app's own after `npm install`.
 */
export function exportedAppRoot(): { readonly root: string; readonly out: string; remove(): void } {
  mkdirSync(join(REPO_ROOT, ".tmp"), { recursive: true });
  const root = mkdtempSync(join(REPO_ROOT, ".tmp", "export-cdktf-"));
  return { root, out: join(root, "out"), remove: () => rmSync(root, { recursive: true, force: true }) };
}

const CONSTRUCTS = join(REPO_ROOT, "constructs", "src", "index.ts");

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

/** Type-checks `main.ts` strictly, as `tsc -p .` in the written app would (exit code and diagnostics). */
export async function typecheckExportedApp(root: string, appDir: string): Promise<{ code: number | null; output: string }> {
  const tsconfig = join(root, "tsconfig.check.json");
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "commonjs",
        moduleResolution: "node10",
        strict: true,
        noEmit: true,
        esModuleInterop: true,
        skipLibCheck: true,
        types: ["node"],
        paths: { "@voicegateway/iac/constructs": [CONSTRUCTS] },
      },
      files: [join(appDir, "main.ts")],
    }),
  );
  return run(process.execPath, [join(REPO_ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", tsconfig], root);
}

/** Builds and runs the app; returns the synthesized stack's `cdk.tf.json`. */
export async function synthExportedApp(root: string, appDir: string, stack: string): Promise<string> {
  const bundle = join(root, "app.cjs");
  await build({
    entryPoints: [join(appDir, "main.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    packages: "external",
    alias: { "@voicegateway/iac/constructs": CONSTRUCTS },
    logLevel: "warning",
  });
  const outdir = join(root, "cdktf.out");
  const result = await run(process.execPath, [bundle], root, { CDKTF_OUTDIR: outdir });
  if (result.code !== 0) throw new Error(`the exported app exited ${result.code}:\n${result.output}`);
  return readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8");
}
