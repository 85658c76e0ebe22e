/**
 * Progress for people watching a long run, on stderr (stdout carries the report). Phase lines, a count every
 * `every` items or `intervalMs`, and rate-limit pauses. Never values, only counts, names and paths of files.
 */
export interface Progress {
  phase(environment: string, message: string): void;
  tick(environment: string, what: string, done: number, total: number): void;
  warn(message: string): void;
}

export const silentProgress: Progress = { phase: () => undefined, tick: () => undefined, warn: () => undefined };

export function streamProgress(stream: NodeJS.WritableStream, now: () => number = Date.now, every = 25, intervalMs = 5_000): Progress {
  let lastTick = now();
  return {
    phase(environment, message) {
      stream.write(`[${environment}] ${message}\n`);
      lastTick = now();
    },
    tick(environment, what, done, total) {
      if (done === total || done % every === 0 || now() - lastTick >= intervalMs) {
        stream.write(`[${environment}] ${what} ${done}/${total}\n`);
        lastTick = now();
      }
    },
    warn(message) {
      stream.write(`warning: ${message}\n`);
    },
  };
}

/** Runs `fn` over `items` with at most `limit` at once; results in input order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
