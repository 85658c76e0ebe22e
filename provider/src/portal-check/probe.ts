import { type PortalClient } from "../core/client";
import { type KeyScope, type ProbeOutcome } from "./model";
import { type ResponseLog } from "./response-log";
import { type ScratchAccounts } from "./scratch-accounts";

/** What a probe may use. Everything it creates must belong to the scratch accounts, so cleanup removes it. */
export interface ProbeContext {
  /** The client with the API key under test (in read-only mode, one that refuses anything but reads). */
  readonly client: PortalClient;
  readonly keyScope: KeyScope;
  /** The service provider the provider would work in (configured, or the key's own). */
  readonly serviceProviderSid: string | undefined;
  /** Undefined in read-only mode. */
  readonly scratch: ScratchAccounts | undefined;
  /** Every answer of the run so far (statuses and rate-limit header names). */
  readonly responses: ResponseLog;
  /** The accounts the key sees, through the list the provider reads (plaintext secrets: use, never keep or show). */
  accountList(): Promise<readonly Record<string, unknown>[]>;
  /** A client for another API key the probe was given (closed with the run). */
  clientFor(apiKey: string): PortalClient;
}

/** One assumption of the provider about the portal, and how to check it. */
export interface Probe {
  /** Stable, for scripts reading the JSON. */
  readonly id: string;
  readonly title: string;
  /** What the provider assumes, in one sentence. */
  readonly expected: string;
  /** Runs once the scratch accounts are deleted, to look at what is left (or at everything the run sent). */
  readonly afterCleanup?: boolean;
  run(ctx: ProbeContext): Promise<ProbeOutcome>;
}
