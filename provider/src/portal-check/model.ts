/**
 * What `voicegateway check-portal` reports: for each assumption the provider makes about the portal, whether it
 * holds on this portal, and when it does not, what was seen and what the provider will do about it. Nothing here
 * ever holds a secret: only statuses, header names, lengths and SIDs.
 */

/** The scope of the API key the check runs with, as far as reads can tell. */
export type KeyScope = "admin" | "service_provider" | "account" | "unknown";

/** Why a probe could not check its assumption. Only `error` makes the run fail (exit 1). */
export type NotCheckedCause = "read-only" | "nothing-to-check" | "error";

export type ProbeOutcome =
  | { readonly status: "holds"; readonly observed: string }
  | { readonly status: "differs"; readonly observed: string; readonly providerAction: string }
  | { readonly status: "could-not-check"; readonly reason: string; readonly cause: NotCheckedCause };

export type ProbeResult = ProbeOutcome & {
  readonly id: string;
  readonly title: string;
  /** What the provider assumes, in one sentence. */
  readonly expected: string;
};

/** One scratch account the check created, and whether it is gone again. */
export interface ScratchAccountReport {
  readonly sid: string;
  readonly name: string;
  readonly deleted: boolean;
  /** Why it could not be deleted (redacted). */
  readonly error?: string;
}

export interface CheckReport {
  readonly formatVersion: 1;
  readonly generatedAt: string;
  readonly apiUrl: string;
  readonly mode: "read-only" | "scratch";
  readonly keyScope: KeyScope;
  /** `holds`: nothing differs; `differs`: something does; `error`: a probe failed, or cleanup did. */
  readonly status: "holds" | "differs" | "error";
  /** 0 holds, 2 differs, 1 error (the same precedence as `voicegateway drift`: an error wins). */
  readonly exitCode: 0 | 1 | 2;
  readonly probes: readonly ProbeResult[];
  /** Accounts the check created (scratch mode); empty in read-only mode. */
  readonly scratchAccounts: readonly ScratchAccountReport[];
  /** Answers the portal gave during the check, retried ones included. */
  readonly requests: number;
  /** Why the check stopped before every probe ran (the probes it could not run say so too). */
  readonly error?: string;
}

export const holds = (observed: string): ProbeOutcome => ({ status: "holds", observed });
export const differs = (observed: string, providerAction: string): ProbeOutcome => ({ status: "differs", observed, providerAction });
export const notChecked = (cause: NotCheckedCause, reason: string): ProbeOutcome => ({ status: "could-not-check", reason, cause });
export const needsWrites = (what: string): ProbeOutcome => notChecked("read-only", `needs a write (${what}); run without --read-only`);
