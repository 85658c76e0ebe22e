import { type Clock } from "../../../provider/src/core/client";

interface Timer {
  readonly at: number;
  readonly resolve: () => void;
}

/**
 * A clock for unit tests; nothing really sleeps.
 * - auto mode (default): `sleep(ms)` moves time forward by `ms` at once, so sequential code runs instantly and
 *   `now()` shows how long it would have waited;
 * - manual mode: `sleep` parks until `advance(ms)` moves time past it.
 */
export class FakeClock implements Clock {
  #now: number;
  readonly #auto: boolean;
  readonly #timers: Timer[] = [];
  /** Every sleep requested, in order. */
  readonly sleeps: number[] = [];

  constructor(options: { start?: number; auto?: boolean } = {}) {
    this.#now = options.start ?? Date.UTC(2026, 10, 23, 12, 0, 0);
    this.#auto = options.auto ?? true;
  }

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    if (this.#auto) {
      this.#now += Math.max(0, ms);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const timer: Timer = { at: this.#now + Math.max(0, ms), resolve };
      this.#timers.push(timer);
      signal?.addEventListener(
        "abort",
        () => {
          const index = this.#timers.indexOf(timer);
          if (index >= 0) this.#timers.splice(index, 1);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  }

  /** Manual mode: moves time forward, waking sleepers in order and letting their continuations run. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers[0];
      if (next === undefined || next.at > target) break;
      this.#timers.shift();
      this.#now = next.at;
      next.resolve();
      await flush();
    }
    this.#now = target;
    await flush();
  }

  /** Sleepers not woken yet. */
  get pending(): number {
    return this.#timers.length;
  }
}

/** Lets pending promise continuations run (a real macrotask turn, no timers). */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
