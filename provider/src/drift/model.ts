import { type ResourceDefinition } from "../core/resources/resource-definition";

/**
 * The vocabulary of drift detection: what a declaration says (`DeclaredResource`), and what the report says about
 * it (`DriftReport`). Reports hold only display-safe values: a sensitive attribute never carries either side.
 */

/** Where a declaration was read from. */
export type SourceKind = "terraform-state" | "terraform-show" | "cdktf" | "pulumi";

/** One resource as one declaration (state, synthesized stack or stack export) describes it. */
export interface DeclaredResource {
  /** `voicegateway_account.acme`, `module.team.voicegateway_account.acme["x"]`, or a Pulumi resource name. */
  readonly address: string;
  readonly definition: ResourceDefinition;
  readonly source: { readonly kind: SourceKind; readonly file: string };
  /**
   * Model values (snake_case field names); unset fields are absent, and `UNKNOWN` marks what the declaration
   * cannot tell (a `${...}` reference, a Pulumi ciphertext).
   */
  readonly values: Record<string, unknown>;
  /** The portal SID, when the declaration records one (state, stack export); a synthesized stack has none. */
  readonly id?: string;
  /** Last known state (state files, stack exports), or the wanted configuration (a synthesized stack). */
  readonly isState: boolean;
  /** sha256 of the portal's mask of each write-only secret, by dotted path (Terraform private state). */
  readonly fingerprints: Readonly<Record<string, string>>;
  /** Dotted paths of write-only secrets that Terraform itself already saw change (`*_wo_version` marker). */
  readonly secretsChangedOutside: readonly string[];
  /** Attributes that refer to another declared resource's ID, to resolve later: field → its address. */
  readonly references: Readonly<Record<string, string>>;
  /** Why the resource cannot be checked at all (e.g. `count` in a synthesized stack); it is then reported, not read. */
  readonly unverifiable?: string;
}

/** One attribute that differs. Sensitive attributes carry no values, only the fact that they differ. */
export interface AttributeDrift {
  /** Dotted path in the Terraform attribute names, e.g. `aws_s3.region`. */
  readonly attribute: string;
  readonly sensitive: boolean;
  /** What the declaration says; `null` for "not set". Absent when sensitive. */
  readonly declared?: unknown;
  /** What the portal has; `null` for "not set". Absent when sensitive. */
  readonly live?: unknown;
}

/**
 * `unverifiable`: the declaration cannot say which object it means (no ID, an expression); `error`: the portal
 * could not be read for it (the message is in `detail`).
 */
export type ResourceStatus = "in-sync" | "changed" | "missing" | "unmanaged" | "unverifiable" | "error";

/** The verdict on one declared resource, or on one object the portal has and nothing declares. */
export interface ResourceResult {
  readonly status: ResourceStatus;
  /** Terraform type name, e.g. `voicegateway_account`. */
  readonly type: string;
  /** Declared address; for unmanaged objects, a description such as `account "acme"`. */
  readonly address: string;
  /** Portal SID of the object, when known. */
  readonly id?: string;
  /** The account's name, when known (for API keys: the name of their account). */
  readonly accountName?: string;
  readonly accountSid?: string;
  /** For `changed`: what differs. */
  readonly attributes?: readonly AttributeDrift[];
  /** Attributes that could not be compared (unknown in the declaration). */
  readonly unverifiedAttributes?: readonly string[];
  /** One sentence for `missing`, `unmanaged`, `unverifiable` and `error` (redacted). */
  readonly detail?: string;
  /** The declaration file, for declared resources. */
  readonly source?: string;
}

export interface StatusCounts {
  readonly inSync: number;
  readonly changed: number;
  readonly missing: number;
  readonly unmanaged: number;
  readonly unverifiable: number;
  readonly errors: number;
}

export interface ReportError {
  /** `VG_ERR_UNAUTHORIZED`, `VG_ERR_NETWORK`, ... or `VG_ERR_DRIFT` for anything else. */
  readonly code: string;
  /** Redacted. */
  readonly message: string;
}

export interface EnvironmentReport {
  readonly name: string;
  readonly apiUrl?: string;
  readonly serviceProviderSid?: string;
  readonly sources: readonly string[];
  readonly status: "in-sync" | "drifted" | "error";
  readonly summary: StatusCounts;
  /** Every declared resource's verdict, then the unmanaged objects. */
  readonly resources: readonly ResourceResult[];
  /** Requests sent to the portal for this environment (retries included). */
  readonly requests?: number;
  readonly notes: readonly string[];
  readonly error?: ReportError;
}

/** One account paired across two environments. */
export interface ComparedAccount {
  /** The pairing key, e.g. `acme` for `acme-staging` and `acme-prod`. */
  readonly key: string;
  /** The account's name in each environment (null when it has no partner). */
  readonly names: readonly [string | null, string | null];
  readonly status: "same" | "different" | "only-in-first" | "only-in-second";
  readonly differences: readonly { readonly attribute: string; readonly values: readonly [unknown, unknown] }[];
}

export interface ComparisonReport {
  readonly environments: readonly [string, string];
  /** What was compared: the portals themselves, or the declarations. */
  readonly source: "live" | "declared";
  readonly status: "same" | "different" | "error";
  readonly accounts: readonly ComparedAccount[];
  readonly notes: readonly string[];
  readonly error?: ReportError;
}

export interface DriftReport {
  readonly formatVersion: 1;
  readonly generatedAt: string;
  readonly status: "in-sync" | "drifted" | "error";
  /** 0 nothing drifted, 2 something drifted or differs, 1 an error. */
  readonly exitCode: 0 | 1 | 2;
  readonly environments: readonly EnvironmentReport[];
  readonly comparison?: ComparisonReport;
}

export const emptyCounts = (): StatusCounts => ({ inSync: 0, changed: 0, missing: 0, unmanaged: 0, unverifiable: 0, errors: 0 });

export function countStatuses(results: readonly ResourceResult[]): StatusCounts {
  const counts = { ...emptyCounts() };
  for (const r of results) {
    if (r.status === "in-sync") counts.inSync++;
    else if (r.status === "changed") counts.changed++;
    else if (r.status === "missing") counts.missing++;
    else if (r.status === "unmanaged") counts.unmanaged++;
    else if (r.status === "unverifiable") counts.unverifiable++;
    else counts.errors++;
  }
  return counts;
}

/** Drift, for the exit code: a changed, missing or unmanaged object (unverifiable ones are only reported). */
export const isDrift = (status: ResourceStatus): boolean => status === "changed" || status === "missing" || status === "unmanaged";
