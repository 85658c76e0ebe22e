/** portal-behaviour.md §1.1: an API key has exactly one scope, derived from which SIDs its row carries. */
export type Scope = "admin" | "service_provider" | "account";

export interface Principal {
  readonly scope: Scope;
  readonly apiKeySid: string;
  /** Set for account scope only. */
  readonly accountSid: string | null;
  /** The key's own SP for service-provider scope; the account's SP for account scope. */
  readonly serviceProviderSid: string | null;
}
