import { type SecretFingerprinter } from "../secrets/fingerprint";
import { type MaskedAccounts } from "./account/api";
import { type WireAccount } from "./account/schema";
import { type WireApiKey } from "./account-api-key/schema";
import { AccountNames } from "./account-names";
import { KnownKeys } from "./known-keys";
import { ReadCache } from "./read-cache";

/**
 * What one process has learned of one portal (one API key): shared reads, the account names in use, the keys each
 * account has. A Terraform provider process, a Pulumi provider process and one drift run each keep one, so their
 * checks cost one list instead of one per resource.
 */
export class PortalSession {
  readonly reads = new ReadCache<WireAccount, WireApiKey, MaskedAccounts>();
  readonly names = new AccountNames();
  readonly keys = new KnownKeys();
  /** Accounts this process created: they start with no keys and no limits, so nothing needs reading to know it. */
  readonly created = new Set<string>();

  constructor(
    /** Keys the fingerprints of secrets read in clear; without it secrets are compared through their masks. */
    readonly fingerprinter?: SecretFingerprinter,
  ) {}
}
