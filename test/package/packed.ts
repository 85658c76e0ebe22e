import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(__dirname, "../..");

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment of a user's shell: this one without what `npm test` put in it for the repository (lifecycle
 * and package variables) or what the test setup set for its own terraform runs; npm takes what it has cached
 * before going to the registry.
 */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_(lifecycle_|package_|command$|config_)/.test(key) || key === "INIT_CWD" || key.startsWith("TF_")) delete env[key];
  }
  return {
    ...env,
    npm_config_prefer_offline: "true",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
    ...extra,
  };
}

/** Runs a command to its end, collecting its output (never throws on a non-zero exit). */
export function run(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? userEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Like `run`, failing with the command's output when it exits non-zero. */
export async function runOk(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  const result = await run(command, args, options);
  if (result.code !== 0) throw new Error(`${command} ${args.join(" ")} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** `npm pack` of the repository as a release does it (its `prepack` builds `dist/`); the tarball's path. */
export async function packRepository(): Promise<string> {
  const destination = mkdtempSync(join(tmpdir(), "vg-pack-"));
  await runOk("npm", ["pack", "--pack-destination", destination], { cwd: ROOT });
  const tarballs = readdirSync(destination).filter((f) => f.endsWith(".tgz"));
  if (tarballs.length !== 1) throw new Error(`npm pack wrote ${tarballs.join(", ") || "nothing"}`);
  return join(destination, tarballs[0]!);
}

/** Where npm keeps its cache for this user, so projects with another HOME still install from it. */
export async function npmCache(): Promise<string> {
  return (await runOk("npm", ["config", "get", "cache"], { cwd: ROOT })).stdout.trim();
}
