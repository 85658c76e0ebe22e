/**
 * Runs tasks one at a time per key, in the order they asked. The portal has no idempotency and no uniqueness of its
 * own (account names, API keys), so a check followed by a write is only sound when no other task of this process
 * can slip between them: creates of one account name, and key creates of one account, queue here.
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.#tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      // The last in line clears the key, so the map holds only keys with work queued.
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }

  /** Keys with a task running or queued (for tests). */
  get size(): number {
    return this.#tails.size;
  }
}

/**
 * One lock table per process: every front end (Terraform, Pulumi, direct callers) in a process shares it, so the
 * guarantee does not depend on each of them remembering to pass one.
 */
export const processLocks = new KeyedLock();
