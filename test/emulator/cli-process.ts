import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { chmodSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

/** Bundles the emulator's bin from the current sources into `dir` (as `npm run build` does), executable. */
export function bundleEmulatorCli(dir: string): string {
  const bundle = join(dir, "voicegateway-emulator.js");
  execFileSync(
    join(ROOT, "node_modules/.bin/esbuild"),
    ["provider/src/bin/voicegateway-emulator.ts", "--bundle", "--platform=node", `--outfile=${bundle}`, "--log-level=warning"],
    { cwd: ROOT },
  );
  chmodSync(bundle, 0o755);
  return bundle;
}

export interface EmulatorProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The three lines it printed, as variables. */
  readonly env: Record<string, string>;
  readonly lines: string[];
  stdout(): string;
  stderr(): string;
}

/**
 * Spawns `command args` (node and the bundle, or a launcher such as npx) and resolves once the emulator has printed
 * its three lines.
 */
export function launchEmulator(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; detached?: boolean } = {},
): Promise<EmulatorProcess> {
  const child = spawn(command, args, {
    stdio: "pipe",
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: options.detached ?? false,
  });
  let out = "";
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((resolvePromise, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`the emulator exited early with ${code}: ${out}${err}`));
    child.once("exit", onExit);
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split("\n");
      if (lines.length < 4) return;
      child.off("exit", onExit);
      const env = Object.fromEntries(lines.slice(0, 3).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
      resolvePromise({ child, env, lines: lines.slice(0, 3), stdout: () => out, stderr: () => err });
    });
  });
}

/** Spawns the bundled CLI with node. */
export function launchEmulatorCli(bundle: string, args: readonly string[]): Promise<EmulatorProcess> {
  return launchEmulator(process.execPath, [bundle, ...args]);
}

/** Sends `signal` and resolves with the exit code once the process has exited and all its output is in. */
export function stopEmulator(started: EmulatorProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  return new Promise((resolvePromise) => {
    const { child } = started;
    if (child.exitCode !== null || child.signalCode !== null) {
      resolvePromise(child.exitCode);
      return;
    }
    child.once("close", (code: number | null) => resolvePromise(code));
    child.kill(signal);
  });
}
