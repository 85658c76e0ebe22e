import { open, rm, stat } from 'node:fs/promises';
import { sleep } from './clock';

export type ReleaseLock = () => Promise<void>;

const STALE_AFTER_MS = 5_000;
const GIVE_UP_AFTER_MS = 15_000;

/**
 * A lock file created with O_EXCL, so two emulator processes sharing `--state FILE` take turns and neither loses
 * the other's update. A holder that crashed leaves the file behind; a lock older than a few seconds (a request
 * takes milliseconds) is treated as abandoned.
 */
export async function acquireFileLock(lockPath: string): Promise<ReleaseLock> {
  const deadline = Date.now() + GIVE_UP_AFTER_MS;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    if (await isStale(lockPath)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the state lock ${lockPath}`);
    await sleep(2 + Math.random() * 8);
  }
}

async function isStale(lockPath: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs > STALE_AFTER_MS;
  } catch {
    return false;
  }
}
