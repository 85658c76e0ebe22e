import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleEmulatorCli, type EmulatorProcess, launchEmulator } from "./cli-process";

// The process table is read from /proc.
const linux = process.platform === "linux" ? describe : describe.skip;

let project: string;
const spawned = new Set<number>();

beforeAll(async () => {
  // A project that installed the package: its bin in node_modules/.bin, a script that runs it.
  project = await mkdtemp(join(tmpdir(), "vg-emulator-launcher-"));
  const bundle = bundleEmulatorCli(project);
  await mkdir(join(project, "node_modules/.bin"), { recursive: true });
  await symlink(bundle, join(project, "node_modules/.bin/voicegateway-emulator"));
  await writeFile(
    join(project, "package.json"),
    JSON.stringify({ name: "emulator-user", private: true, scripts: { emulator: "voicegateway-emulator" } }),
  );
});
afterEach(() => {
  // Whatever a failed test left running.
  for (const pid of spawned) if (isRunning(pid)) process.kill(pid, "SIGKILL");
  spawned.clear();
});
afterAll(() => rm(project, { recursive: true, force: true }));

/** Live processes below `root`, from /proc (a zombie has exited and counts as gone). */
function descendantsOf(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat && stat.state !== "Z") parentOf.set(Number(entry), stat.ppid);
  }
  const found: number[] = [];
  const walk = (pid: number): void => {
    for (const [child, parent] of parentOf) {
      if (parent !== pid) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

function readStat(pid: number): { state: string; ppid: number } | null {
  try {
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state = "", ppid = ""] = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state, ppid: Number(ppid) };
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  const stat = existsSync(`/proc/${pid}`) ? readStat(pid) : null;
  return stat !== null && stat.state !== "Z";
}

async function gone(pid: number): Promise<void> {
  while (isRunning(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/**
 * Starts the emulator the way a user of the package does, e.g. `npx voicegateway-emulator --port 0`; `group` puts
 * npm at the head of its own process group, as a terminal does with a foreground command.
 */
async function startThroughNpm(
  command: readonly string[],
  group = false,
): Promise<{ npm: EmulatorProcess; below: number[]; port: number }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    npm_config_update_notifier: "false",
    npm_config_offline: "true",
    npm_config_fund: "false",
  };
  for (const key of Object.keys(env)) if (key.startsWith("npm_lifecycle_") || key === "npm_command") delete env[key];
  const [program = "", ...args] = command;
  const npm = await launchEmulator(program, args, { cwd: project, env, detached: group });
  spawned.add(npm.child.pid ?? 0);
  const below = descendantsOf(npm.child.pid ?? 0);
  for (const pid of below) spawned.add(pid);
  return { npm, below, port: Number(new URL(npm.env.VOICEGATEWAY_API_URL ?? "").port) };
}

const NPX = ["npx", "voicegateway-emulator", "--port", "0"];
const NPM_RUN = ["npm", "run", "--silent", "emulator", "--", "--port", "0"];

/** What a process is, for a failure message: its state, parent and command line. */
function describeProcess(pid: number): string {
  let command = "";
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
  } catch {
    // gone meanwhile
  }
  return `${pid} ${JSON.stringify(readStat(pid))} ${command}`;
}

/** Beyond this a stop has hung: the test fails naming what still runs instead of at jest's silent timeout. */
const HUNG_AFTER_MS = 120_000;

/** Sends the signal, then waits for npm and every process that was below it to exit. */
async function stopAndWait(started: Awaited<ReturnType<typeof startThroughNpm>>, send: () => void): Promise<void> {
  const exited = new Promise((resolve) => started.npm.child.once("exit", resolve));
  const waited = (async () => {
    await exited;
    for (const pid of started.below) await gone(pid);
  })();
  send();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const running = [started.npm.child.pid ?? 0, ...started.below].filter(isRunning).map(describeProcess);
      reject(new Error(`still running ${HUNG_AFTER_MS / 1000} s after the signal:\n${running.join("\n")}`));
    }, HUNG_AFTER_MS);
  });
  try {
    await Promise.race([waited, hung]);
  } finally {
    clearTimeout(timer);
  }
}

linux("the emulator started through npm", () => {
  it.each([
    ["npx voicegateway-emulator", NPX],
    ["npm run emulator", NPM_RUN],
  ])("%s: SIGTERM to npm leaves no process of it running and frees the port", async (_name, command) => {
    const started = await startThroughNpm(command);
    // npm runs `sh -c`, which runs node with the emulator.
    expect(started.below.length).toBeGreaterThanOrEqual(2);
    expect(await portIsFree(started.port)).toBe(false);

    await stopAndWait(started, () => started.npm.child.kill("SIGTERM"));
    expect(started.below.filter(isRunning)).toEqual([]);
    expect(await portIsFree(started.port)).toBe(true);
  });

  it("npx voicegateway-emulator: SIGINT to its process group (Ctrl-C) leaves no process running and frees the port", async () => {
    const started = await startThroughNpm(NPX, true);
    expect(await portIsFree(started.port)).toBe(false);

    await stopAndWait(started, () => process.kill(-(started.npm.child.pid ?? 0), "SIGINT"));
    expect(started.below.filter(isRunning)).toEqual([]);
    expect(await portIsFree(started.port)).toBe(true);
  });
});
