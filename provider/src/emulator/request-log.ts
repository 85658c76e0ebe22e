import { type FaultKind } from "./faults";

export interface RequestRecord {
  readonly seq: number;
  readonly method: string;
  /** Path without the query string; bodies are never recorded (list responses carry secrets, portal-behaviour.md §11.3). */
  readonly path: string;
  /** 0 when no response was written (a reset or a lost response). */
  readonly status: number;
  readonly outcome: "response" | "reset" | "lost-response";
  readonly fault: FaultKind | null;
  readonly startedAt: number;
  readonly durationMs: number;
}

export interface RequestFilter {
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
}

/** Every portal request the emulator handled, for assertions and benchmarks (control routes excluded). */
export class RequestLog {
  #records: RequestRecord[] = [];
  #seq = 0;
  readonly #listeners: Array<(record: RequestRecord) => void> = [];

  add(record: Omit<RequestRecord, "seq">): RequestRecord {
    const full = { ...record, seq: ++this.#seq };
    this.#records.push(full);
    for (const listener of this.#listeners) listener(full);
    return full;
  }

  all(): readonly RequestRecord[] {
    return [...this.#records];
  }

  /** Counts records matching every given field; `method` ignores case, `path` is exact. */
  count(filter: RequestFilter = {}): number {
    return this.#records.filter(
      (r) =>
        (filter.method === undefined || r.method.toUpperCase() === filter.method.toUpperCase()) &&
        (filter.path === undefined || r.path === filter.path) &&
        (filter.status === undefined || r.status === filter.status),
    ).length;
  }

  clear(): void {
    this.#records = [];
  }

  onRecord(listener: (record: RequestRecord) => void): void {
    this.#listeners.push(listener);
  }
}
