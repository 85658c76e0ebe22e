import { randomUUID } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { type Clock } from "./clock";
import { acquireFileLock } from "./file-lock";
import { type PortalState, parsePortalState } from "./portal-state";
import { ensureAdminKey } from "./seed";
import { StateSession } from "./state-session";
import { type StateStore } from "./state-store";

export interface FileStateStoreOptions {
  readonly clock: Clock;
  /** Builds the portal when the file does not exist yet. */
  readonly create: () => PortalState;
  /** An admin key that must exist in the state (added to an existing file if missing). */
  readonly adminKey?: string;
}

/**
 * `--state FILE`: the portal lives in a JSON file so separate processes see one portal. Each request loads the
 * file under the lock and writes it back (to a temporary file, then rename) if it changed anything.
 */
export class FileStateStore implements StateStore {
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly clock: Clock,
    readonly meta: PortalState["meta"],
  ) {}

  static async open(file: string, options: FileStateStoreOptions): Promise<FileStateStore> {
    const release = await acquireFileLock(lockPathOf(file));
    try {
      let state = await readStateIfPresent(file);
      let changed = false;
      if (!state) {
        state = options.create();
        changed = true;
      }
      if (options.adminKey !== undefined) {
        const session = new StateSession(state, options.clock);
        changed = ensureAdminKey(session, options.adminKey) || changed;
      }
      if (changed) await writeAtomically(file, state);
      return new FileStateStore(file, options.clock, state.meta);
    } finally {
      await release();
    }
  }

  transaction<T>(work: (session: StateSession) => T): Promise<T> {
    // Serialise this process's own requests before competing for the file lock with other processes.
    const run = async (): Promise<T> => {
      const release = await acquireFileLock(lockPathOf(this.file));
      try {
        const state = await readStateIfPresent(this.file);
        if (!state) throw new Error(`state file ${this.file} disappeared`);
        const session = new StateSession(state, this.clock);
        const result = work(session);
        if (session.changed) await writeAtomically(this.file, state);
        return result;
      } finally {
        await release();
      }
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}

function lockPathOf(file: string): string {
  return `${file}.lock`;
}

async function readStateIfPresent(file: string): Promise<PortalState | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  return parsePortalState(text, file);
}

async function writeAtomically(file: string, state: PortalState): Promise<void> {
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}
