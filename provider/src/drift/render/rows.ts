import {
  type ComparedAccount,
  type ComparisonReport,
  type EnvironmentReport,
  type ResourceResult,
  type ResourceStatus,
  type StatusCounts,
} from "../model";

/**
 * What every human format shows: one row per attribute that differs, one per missing, unmanaged, unverifiable
 * or failed object. Values are already display-safe in the report; sensitive ones never have values at all.
 */

export const SENSITIVE_CHANGED = "(sensitive value changed)";

export const STATUS_MARK: Readonly<Record<ResourceStatus, string>> = {
  "in-sync": "=",
  changed: "~",
  missing: "-",
  unmanaged: "+",
  unverifiable: "?",
  error: "!",
};

export interface Row {
  readonly status: ResourceStatus;
  readonly resource: string;
  readonly attribute: string;
  readonly declared: string;
  readonly live: string;
  readonly note: string;
}

/** A value for people: `"text"`, `42`, `true`, `(not set)`, compact JSON for objects. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "(not set)";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The resource as people recognise it: its address, with the account's name for unmanaged objects. */
export function resourceLabel(r: ResourceResult): string {
  if (r.status === "unmanaged" && r.type.endsWith("_api_key") && r.accountName !== undefined) {
    return `${r.address} of account ${JSON.stringify(r.accountName)}`;
  }
  if (r.status === "unmanaged" && r.id && !r.address.includes(r.id)) return `${r.address} (${r.id})`;
  return r.address;
}

export function rowsOf(environment: EnvironmentReport): Row[] {
  const rows: Row[] = [];
  for (const r of environment.resources) {
    if (r.status === "in-sync") continue;
    const resource = resourceLabel(r);
    if (r.status === "changed") {
      for (const a of r.attributes ?? []) {
        rows.push(
          a.sensitive
            ? { status: r.status, resource, attribute: a.attribute, declared: "(sensitive)", live: "(sensitive)", note: SENSITIVE_CHANGED }
            : {
                status: r.status,
                resource,
                attribute: a.attribute,
                declared: formatValue(a.declared),
                live: formatValue(a.live),
                note: "",
              },
        );
      }
      continue;
    }
    const [declared, live] =
      r.status === "missing" ? ["declared", "(missing)"] : r.status === "unmanaged" ? ["(not declared)", "exists"] : ["", ""];
    rows.push({ status: r.status, resource, attribute: "", declared, live, note: r.detail ?? "" });
  }
  return rows;
}

export function summaryText(counts: StatusCounts): string {
  const parts: string[] = [];
  if (counts.changed) parts.push(`${counts.changed} changed`);
  if (counts.missing) parts.push(`${counts.missing} missing`);
  if (counts.unmanaged) parts.push(`${counts.unmanaged} unmanaged`);
  if (counts.unverifiable) parts.push(`${counts.unverifiable} unverifiable`);
  if (counts.errors) parts.push(`${counts.errors} failed`);
  parts.push(`${counts.inSync} in sync`);
  return parts.join(", ");
}

/** `2 account(s) paired, 1 differ; 1 only in staging, 0 only in prod`. */
export function comparisonSummary(comparison: ComparisonReport): string {
  const [a, b] = comparison.environments;
  const count = (status: ComparedAccount["status"]) => comparison.accounts.filter((x) => x.status === status).length;
  const paired = count("same") + count("different");
  return `${paired} account(s) paired, ${count("different")} differ; ${count("only-in-first")} only in ${a}, ${count("only-in-second")} only in ${b}`;
}
