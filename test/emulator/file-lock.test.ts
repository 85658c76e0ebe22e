import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { acquireFileLock, type FileLockTiming, removeLockCarrying } from "../../provider/src/emulator/file-lock";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "vg-emulator-lock-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const lockPath = (): string => join(dir, "state.json.lock");

/** A lock left by a holder that died: its content, and an mtime far in the past. */
async function plantAbandonedLock(content: string): Promise<void> {
  await writeFile(lockPath(), content, { flag: "wx" });
  const longAgo = new Date(Date.now() - 3_600_000);
  await utimes(lockPath(), longAgo, longAgo);
}

const turns = async (count: number): Promise<void> => {
  for (let i = 0; i < count; i += 1) await new Promise((resolve) => setImmediate(resolve));
};

/**
 * Runs `contenders` lock/work/unlock cycles together and returns the most holders seen inside at any moment. Each
 * starts one event-loop turn after the previous, so their steps interleave rather than run in lock-step.
 */
async function mostHoldersAtOnce(contenders: number): Promise<number> {
  let inside = 0;
  let most = 0;
  await Promise.all(
    Array.from({ length: contenders }, async (_, i) => {
      await turns(i);
      const release = await acquireFileLock(lockPath());
      inside += 1;
      most = Math.max(most, inside);
      // Held across a few turns of the event loop, as a request reading and writing the state file holds it.
      await turns(5);
      inside -= 1;
      await release();
    }),
  );
  return most;
}

describe("state file lock", () => {
  it("lets one holder in at a time", async () => {
    expect(await mostHoldersAtOnce(8)).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it("lets exactly one of many contenders take over an abandoned lock", async () => {
    for (let round = 0; round < 10; round += 1) {
      await plantAbandonedLock(`${JSON.stringify({ token: `abandoned-${round}`, pid: 999999 })}\n`);
      expect(await mostHoldersAtOnce(8)).toBe(1);
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it("takes over a lock in the format of older emulators (just a pid)", async () => {
    await plantAbandonedLock("999999\n");
    const release = await acquireFileLock(lockPath());
    expect(JSON.parse(await readFile(lockPath(), "utf8"))).toMatchObject({ pid: process.pid });
    await release();
  });

  it("leaves a new holder alone when a late takeover acts on the abandoned lock it replaced", async () => {
    const abandoned = "999999\n";
    await plantAbandonedLock(abandoned);
    const release = await acquireFileLock(lockPath());
    const current = await readFile(lockPath(), "utf8");
    // A second process judged the old lock abandoned before the first replaced it, and acts on that now.
    expect(await removeLockCarrying(lockPath(), abandoned)).toBe(false);
    expect(await readFile(lockPath(), "utf8")).toBe(current);
    await release();
    expect(await readdir(dir)).toEqual([]);
  });

  it("removes a lock for only one of two removers acting on the same content", async () => {
    const abandoned = "999999\n";
    await plantAbandonedLock(abandoned);
    const results = await Promise.all([removeLockCarrying(lockPath(), abandoned), removeLockCarrying(lockPath(), abandoned)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it("does not release a lock that another holder took over, and that holder can still release it", async () => {
    // The first holder never refreshes and counts as abandoned at once, so the second takes over while it holds.
    const frozen: FileLockTiming = { staleAfterMs: 0, refreshEveryMs: 3_600_000, giveUpAfterMs: 60_000 };
    const releaseFirst = await acquireFileLock(lockPath(), frozen);
    const first = await readFile(lockPath(), "utf8");
    await utimes(lockPath(), new Date(0), new Date(0));
    const releaseSecond = await acquireFileLock(lockPath(), frozen);
    const second = await readFile(lockPath(), "utf8");
    expect(second).not.toBe(first);

    await releaseFirst();
    expect(await readFile(lockPath(), "utf8")).toBe(second);
    await releaseSecond();
    expect(await readdir(dir)).toEqual([]);
  });

  it("does not let a lock look abandoned because its new holder waited for it longer than the stale age", async () => {
    const timing: FileLockTiming = { staleAfterMs: 1_000, refreshEveryMs: 100, giveUpAfterMs: 60_000 };
    const releaseFirst = await acquireFileLock(lockPath(), timing);
    let inside = 0;
    let most = 0;
    const contend = async (): Promise<void> => {
      const release = await acquireFileLock(lockPath(), timing);
      inside += 1;
      most = Math.max(most, inside);
      await new Promise((resolve) => setTimeout(resolve, 50));
      inside -= 1;
      await release();
    };
    const waiting = Promise.all([contend(), contend()]);
    // The first holder keeps the lock (refreshed) past the stale age while the other two wait for it.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await releaseFirst();
    await waiting;
    expect(most).toBe(1);
  });

  it("refreshes the lock while it is held, so a live holder never looks abandoned", async () => {
    const release = await acquireFileLock(lockPath(), { staleAfterMs: 5_000, refreshEveryMs: 5, giveUpAfterMs: 60_000 });
    await utimes(lockPath(), new Date(0), new Date(0));
    while ((await stat(lockPath())).mtimeMs === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await release();
  });

  it("says who holds the lock when it gives up", async () => {
    const release = await acquireFileLock(lockPath());
    await expect(acquireFileLock(lockPath(), { staleAfterMs: 3_600_000, refreshEveryMs: 1_000, giveUpAfterMs: 0 })).rejects.toThrow(
      `timed out waiting for the state lock ${lockPath()}, held by pid ${process.pid}`,
    );
    await release();
    expect(await readdir(dir)).toEqual([]);
  });
});
