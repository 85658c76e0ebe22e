import { createHash, randomUUID } from "node:crypto";
import { type FileHandle, link, open, readFile, unlink } from "node:fs/promises";
import { hostname } from "node:os";
import { sleep } from "./clock";

export type ReleaseLock = () => Promise<void>;

export interface FileLockTiming {
  /** A lock its holder has not refreshed for this long is abandoned (the holder died or froze). */
  readonly staleAfterMs: number;
  /** How often a holder refreshes its lock while it works. */
  readonly refreshEveryMs: number;
  /** How long to wait for the lock before failing. */
  readonly giveUpAfterMs: number;
}

// A request holds the lock for milliseconds; these only matter when a holder dies.
const DEFAULT_TIMING: FileLockTiming = { staleAfterMs: 5_000, refreshEveryMs: 1_000, giveUpAfterMs: 15_000 };

/**
 * The lock two emulator processes sharing `--state FILE` take turns with, so neither loses the other's update.
 *
 * - Taking it: our content (a fresh owner token, pid and host) goes into a private file that is then hard-linked
 *   to the lock path. link() fails when a lock is there, and a lock is never seen half-written.
 * - Holding it: the holder refreshes its lock's mtime through its own file handle, never by path, so it can only
 *   ever touch its own lock, and only a lock whose holder died or froze goes stale.
 * - Taking over a stale lock, and releasing: both go through `removeLockCarrying`, which removes the lock only if
 *   it still carries the content that was judged stale (or that we wrote), and lets only one process do so.
 */
export async function acquireFileLock(lockPath: string, timing: FileLockTiming = DEFAULT_TIMING): Promise<ReleaseLock> {
  const token = randomUUID();
  const content = `${JSON.stringify({ token, pid: process.pid, host: hostname() })}\n`;
  const mine = `${lockPath}.${token}.tmp`;
  const handle = await open(mine, "wx", 0o600);
  try {
    await handle.writeFile(content);
    await waitToLink(handle, mine, lockPath, timing);
  } catch (err) {
    await handle.close();
    throw err;
  } finally {
    await removeIfPresent(mine);
  }

  const refresh = setInterval(() => {
    const now = new Date();
    handle.utimes(now, now).catch(() => undefined);
  }, timing.refreshEveryMs);
  refresh.unref();
  return async () => {
    clearInterval(refresh);
    await handle.close();
    await removeLockCarrying(lockPath, content);
  };
}

async function waitToLink(handle: FileHandle, mine: string, lockPath: string, timing: FileLockTiming): Promise<void> {
  const deadline = Date.now() + timing.giveUpAfterMs;
  for (;;) {
    try {
      // Fresh at the moment it becomes the lock, however long we waited for it.
      const now = new Date();
      await handle.utimes(now, now);
      await link(mine, lockPath);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = await readHolder(lockPath);
    if (holder && holder.ageMs > timing.staleAfterMs && (await removeLockCarrying(lockPath, holder.content))) continue;
    if (Date.now() > deadline) {
      const by = holder ? `, held by ${describe(holder.content)}` : "";
      throw new Error(`timed out waiting for the state lock ${lockPath}${by}; if no emulator uses it, delete that file`);
    }
    await sleep(2 + Math.random() * 8);
  }
}

/**
 * Removes the lock at `lockPath` if it carries exactly `content`, which names one holder (its token is unique);
 * true if it did.
 * The lock is first pinned under a second name made from that content: link() lets only one process create the
 * name, and the pinned file is the one that was at the lock path, so the content check cannot read one lock and
 * remove another. A second process acting on the same content finds the name taken, or a new lock in place, and
 * leaves it alone.
 */
export async function removeLockCarrying(lockPath: string, content: string): Promise<boolean> {
  const pin = `${lockPath}.${createHash("sha256").update(content).digest("hex").slice(0, 32)}.pin`;
  try {
    await link(lockPath, pin);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EEXIST") return false;
    throw err;
  }
  try {
    // Nothing else removes this lock now: other removers of the same content are shut out by the pin, and a lock
    // with other content is never removed in its name.
    if ((await readFile(pin, "utf8")) !== content) return false;
    await removeIfPresent(lockPath);
    return true;
  } finally {
    await removeIfPresent(pin);
  }
}

interface Holder {
  readonly content: string;
  readonly ageMs: number;
}

/** Content and age of the same lock file (one handle), or null when there is no lock. */
async function readHolder(lockPath: string): Promise<Holder | null> {
  let handle: FileHandle;
  try {
    handle = await open(lockPath, "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  try {
    const [content, stats] = await Promise.all([handle.readFile("utf8"), handle.stat()]);
    return { content, ageMs: Date.now() - stats.mtimeMs };
  } finally {
    await handle.close();
  }
}

function describe(content: string): string {
  try {
    const { pid, host } = JSON.parse(content) as { pid?: unknown; host?: unknown };
    return `pid ${String(pid)} on ${String(host)}`;
  } catch {
    return "an older emulator";
  }
}

async function removeIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
}
