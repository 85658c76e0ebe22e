import { type ResourceDefinition } from "../core/resources/resource-definition";

/**
 * What an export writes, before it is rendered as HCL or CDKTF: per account the resources that adopt it, each with
 * the values to configure and its import ID. Values are model values (snake_case) and never hold a secret.
 */

/** What happens to the secrets the portal stores (hook passwords, bucket secrets), none of which is ever written. */
export const SECRET_MODES = ["keep", "variables"] as const;
export type SecretMode = (typeof SECRET_MODES)[number];

export const OUTPUT_FORMATS = ["hcl", "cdktf"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** A secret the portal stores for a resource: left out ("keep"), or given through a write-only variable. */
export interface SecretSlot {
  /** Model path inside the resource, e.g. `["registration_hook", "password"]`, `["aws_s3", "secret_access_key"]`. */
  readonly path: readonly string[];
  /** The variable that carries it in the `variables` mode, e.g. `acme_registration_hook_password`. */
  readonly variable: string;
  /** What it is, in words, e.g. `password of the registration webhook`. */
  readonly description: string;
}

export interface ExportedResource {
  readonly definition: ResourceDefinition;
  /** The Terraform resource name (an identifier) and the CDKTF construct ID. */
  readonly name: string;
  /** What `terraform import` takes. */
  readonly importId: string;
  /** Input values to configure; `account_sid` is not among them (it refers to the account). */
  readonly values: Readonly<Record<string, unknown>>;
  readonly secrets: readonly SecretSlot[];
  /** What the provider's validation says about these values: the plan fails until each is fixed. */
  readonly problems: readonly string[];
  /** Why the first plan after the import shows an in-place update of this resource, when it does. */
  readonly expectedUpdate?: string;
}

export interface ExportedAccount {
  readonly sid: string;
  readonly name: string;
  readonly serviceProviderSid: string;
  /** The identifier the account's resources are named after. */
  readonly identifier: string;
  /** Absent when the account itself is already declared elsewhere and only some of its objects are exported. */
  readonly account?: ExportedResource;
  readonly apiKeys: readonly ExportedResource[];
  readonly recording?: ExportedResource;
  readonly limits?: ExportedResource;
  /** What was not exported for this account, and why. */
  readonly notes: readonly string[];
}

export interface ExportPlan {
  readonly apiUrl: string;
  /** The service provider the export was scoped to; absent for every account the key can see. */
  readonly serviceProviderSid?: string;
  readonly secretMode: SecretMode;
  /** Accounts in name order. */
  readonly accounts: readonly ExportedAccount[];
  /** Accounts in scope that were left out: by the filters, or because they are declared already. */
  readonly excluded: { readonly byFilter: number; readonly declared: number };
  /** The filters, in words, for the README. */
  readonly filters: readonly string[];
  readonly notes: readonly string[];
  /** Requests sent to the portal (retries included). */
  readonly requests: number;
}

export const resourcesOf = (account: ExportedAccount): ExportedResource[] => [
  ...(account.account ? [account.account] : []),
  ...account.apiKeys,
  ...(account.recording ? [account.recording] : []),
  ...(account.limits ? [account.limits] : []),
];

/** The line `terraform plan` should print for this export. */
export function expectedPlanLine(plan: ExportPlan): string {
  const resources = plan.accounts.flatMap(resourcesOf);
  const updates = resources.filter((r) => r.expectedUpdate !== undefined).length;
  return `Plan: ${resources.length} to import, 0 to add, ${updates} to change, 0 to destroy.`;
}

export const needsAttention = (plan: ExportPlan): boolean => plan.accounts.some((a) => resourcesOf(a).some((r) => r.problems.length > 0));
