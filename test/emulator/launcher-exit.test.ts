import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

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

function parentOf(pid: number): number {
  const text = readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(text.slice(text.lastIndexOf(")") + 2).split(" ")[1]);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `sh -c` running the fixture as a child (the trailing command keeps the shell from exec-ing it), as npm does. */
async function startUnderShell(): Promise<{ shell: ChildProcessWithoutNullStreams; watcher: number; output: () => string }> {
  const shell = spawn("sh", ["-c", `"${process.execPath}" "${bundle}"; exit $?`], { stdio: "pipe" });
  spawned.add(shell.pid ?? 0);
  let out = "";
  shell.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  await until(() => /^ready \d+\n/.test(out), "the fixture to start");
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
    await until(() => output().includes("parent gone"), "the watch to report its parent gone");
  });

  it("fires when the shell was killed before the watch began (the launcher killed while the emulator started)", async () => {
    const { shell, watcher, output } = await startUnderShell();
    expect(parentOf(watcher)).toBe(shell.pid);
    shell.kill("SIGKILL");
    await until(() => parentOf(watcher) !== shell.pid, "the fixture to be re-parented");

    process.kill(watcher, "SIGUSR2");
    await until(() => output().includes("parent gone"), "the watch to report its parent gone");
  });
});
