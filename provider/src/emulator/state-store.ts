import { type Clock } from "./clock";
import { type PortalState } from "./portal-state";
import { StateSession } from "./state-session";

/**
 * Where the portal's data lives between requests. `work` is synchronous and runs alone: an in-memory store needs
 * nothing more, a file-backed store wraps it in a cross-process lock.
 */
export interface StateStore {
  transaction<T>(work: (session: StateSession) => T): Promise<T>;
}

export class MemoryStateStore implements StateStore {
  constructor(
    private readonly state: PortalState,
    private readonly clock: Clock,
  ) {}

  transaction<T>(work: (session: StateSession) => T): Promise<T> {
    try {
      return Promise.resolve(work(new StateSession(this.state, this.clock)));
    } catch (err) {
      return Promise.reject(err);
    }
  }
}
