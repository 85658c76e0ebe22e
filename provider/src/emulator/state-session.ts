import { type Clock } from "./clock";
import { Database } from "./database";
import { type PortalState } from "./portal-state";
import { createVault, type Vault } from "./vault";

/** One request's view of the portal state; `changed` tells a file-backed store whether to write it back. */
export class StateSession {
  readonly db: Database;
  readonly vault: Vault;
  #changed = false;

  constructor(
    readonly state: PortalState,
    readonly clock: Clock,
  ) {
    this.db = new Database(state.tables, clock, () => this.touch());
    this.vault = createVault(state.meta.encryptionSecret);
  }

  get changed(): boolean {
    return this.#changed;
  }

  /** For writes outside the tables (TTS cache, bucket objects, last_used bookkeeping). */
  touch(): void {
    this.#changed = true;
  }
}
