import { emptyTables, type Tables } from "./database";

/** A file the BucketCredentialTest route "wrote" into a bucket (portal-behaviour.md §3.6); the emulator cannot reach real storage. */
export interface BucketObject {
  readonly vendor: string;
  readonly bucket: string;
  readonly key: string;
  readonly body: string;
  readonly writtenAt: string;
}

/** Everything one portal holds; JSON-serialisable so `--state FILE` can share it between processes. */
export interface PortalState {
  version: 1;
  meta: {
    adminKey: string;
    serviceProviderSid: string;
    encryptionSecret: string;
  };
  tables: Tables;
  /** Cached TTS prompts per Redis key prefix `tts:<account_sid>` (portal-behaviour.md §6), as a count. */
  ttsCache: Record<string, number>;
  bucketObjects: BucketObject[];
  /** When `last_used` was last bumped for an account's keys (portal-behaviour.md §4: at most once a minute). */
  lastUsedBumpAt: Record<string, number>;
}

export function blankPortalState(meta: PortalState["meta"]): PortalState {
  return { version: 1, meta, tables: emptyTables(), ttsCache: {}, bucketObjects: [], lastUsedBumpAt: {} };
}

export function parsePortalState(json: string, source: string): PortalState {
  const parsed = JSON.parse(json) as Partial<PortalState>;
  if (parsed.version !== 1 || !parsed.meta || !parsed.tables) {
    throw new Error(`${source} is not a voicegateway-emulator state file (version 1)`);
  }
  const state = blankPortalState(parsed.meta);
  return {
    ...state,
    ...parsed,
    tables: { ...state.tables, ...parsed.tables },
  } as PortalState;
}
