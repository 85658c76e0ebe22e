import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { processInfo, waitFor } from "../support/processes";

// The parent of a process is read from /proc.
const linux = process.platform === "linux" ? describe : describe.skip;

const ROOT = resolve(__dirname, "../..");
let dir: string;
let bundle: string;
const spawned = new Set<number>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vg-parent-watch-"));
  bundle = join(dir, "parent-watch.js");
  execFileSync(
    join(ROOT, "node_modules/.bin/esbuild"),
    ["test/emulator/fixtures/parent-watch.ts", "--bundle", "--platform=node", `--outfile=${bundle}`, "--log-level=warning"],
    { cwd: ROOT },
  );
});
afterEach(() => {
  for (const pid of spawned) if (existsSync(`/proc/${pid}`)) process.kill(pid, "SIGKILL");
  spawned.clear();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const parentOf = (pid: number): number | undefined => processInfo(pid)?.ppid;

/** Waits up to a minute, ample on a loaded machine; the watch itself polls every 20 ms. */
const until = async (condition: () => boolean): Promise<void> => expect(await waitFor(condition, 60_000, 20)).toBe(true);

/** `sh -c` running the fixture as a child (the trailing command keeps the shell from exec-ing it), as npm does. */
async function startUnderShell(): Promise<{ shell: ChildProcessWithoutNullStreams; watcher: number; output: () => string }> {
  const shell = spawn("sh", ["-c", `"${process.execPath}" "${bundle}"; exit $?`], { stdio: "pipe" });
  spawned.add(shell.pid ?? 0);
  let out = "";
  shell.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  await until(() => /^ready \d+\n/.test(out));
  const watcher = Number(/^ready (\d+)/.exec(out)?.[1]);
  spawned.add(watcher);
  return { shell, watcher, output: () => out };
}

linux("whenParentExits", () => {
  it("fires when the shell that started the process is killed after the watch began", async () => {
    const { shell, watcher, output } = await startUnderShell();
    expect(parentOf(watcher)).toBe(shell.pid);
    process.kill(watcher, "SIGUSR2");
    await new Promise((r) => setTimeout(r, 100));
    expect(output()).not.toContain("parent gone");

    shell.kill("SIGKILL");
    await until(() => output().includes("parent gone"));
  });

  it("fires when the shell was killed before the watch began (the launcher killed while the emulator started)", async () => {
    const { shell, watcher, output } = await startUnderShell();
    expect(parentOf(watcher)).toBe(shell.pid);
    shell.kill("SIGKILL");
    await until(() => parentOf(watcher) !== shell.pid);

    process.kill(watcher, "SIGUSR2");
    await until(() => output().includes("parent gone"));
  });
});
