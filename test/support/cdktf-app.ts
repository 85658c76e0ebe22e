import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const REPO_ROOT = join(__dirname, "..", "..");

export interface SynthesizedApp {
  readonly outdir: string;
  /** Stack name → its folder, as the manifest lists them. */
  readonly stacks: Readonly<Record<string, { readonly dir: string; readonly json: string }>>;
}

/**
 * Runs the app command of cdktf.json the way the cdktf CLI does (a shell command with CDKTF_OUTDIR set), from the
 * repository root, asynchronously: an emulator in this process must keep answering meanwhile.
 */
export async function synthCdktfApp(outdir: string, env: Readonly<Record<string, string>> = {}): Promise<SynthesizedApp> {
  const { app } = JSON.parse(readFileSync(join(REPO_ROOT, "cdktf.json"), "utf8")) as { app: string };
  const result = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(app, { shell: true, cwd: REPO_ROOT, env: { ...process.env, ...env, CDKTF_OUTDIR: outdir } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
  if (result.code !== 0) throw new Error(`${app} exited ${result.code}:\n${result.output}`);
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { workingDirectory: string; synthesizedStackPath: string }>;
  };
  const stacks: Record<string, { dir: string; json: string }> = {};
  for (const [name, stack] of Object.entries(manifest.stacks)) {
    stacks[name] = { dir: join(outdir, stack.workingDirectory), json: readFileSync(join(outdir, stack.synthesizedStackPath), "utf8") };
  }
  return { outdir, stacks };
}
