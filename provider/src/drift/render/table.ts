import { type ComparisonReport, type DriftReport, type EnvironmentReport } from "../model";
import { comparisonSummary, formatValue, rowsOf, STATUS_MARK, summaryText } from "./rows";

/** The default format: aligned columns for a terminal. */

function columns(rows: readonly (readonly string[])[], indent = "  "): string[] {
  const widths: number[] = [];
  // The last cell of a row is never padded, so it does not widen its column.
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, i === row.length - 1 ? 0 : cell.length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!)))
        .join("  ")
        .trimEnd(),
  );
}

function environmentBlock(environment: EnvironmentReport): string[] {
  const where = [environment.apiUrl, environment.serviceProviderSid ? `service provider ${environment.serviceProviderSid}` : undefined]
    .filter(Boolean)
    .join(", ");
  const lines = [`${environment.name}${where ? `  ${where}` : ""}`];
  if (environment.sources.length > 0) lines.push(`  declared in: ${environment.sources.join(", ")}`);
  if (environment.error) {
    lines.push(`  ERROR ${environment.error.code}: ${environment.error.message}`);
  } else {
    lines.push(
      `  ${environment.status === "in-sync" ? "in sync" : environment.status}: ${summaryText(environment.summary)}${environment.requests !== undefined ? ` (${environment.requests} portal requests)` : ""}`,
    );
  }
  // A finding about a whole object has no attribute: its sentence takes the attribute's column.
  const rows = rowsOf(environment).map((r) =>
    r.attribute === ""
      ? [STATUS_MARK[r.status], r.resource, r.note]
      : [STATUS_MARK[r.status], r.resource, r.attribute, r.note !== "" ? r.note : `${r.declared} -> ${r.live}`],
  );
  if (rows.length > 0) lines.push(...columns(rows));
  for (const r of environment.resources) {
    if (r.unverifiedAttributes && r.unverifiedAttributes.length > 0) {
      lines.push(`  note: ${r.address}: not checked (unknown in the declaration): ${r.unverifiedAttributes.join(", ")}`);
    }
  }
  for (const note of environment.notes) lines.push(`  note: ${note}`);
  return lines;
}

function comparisonBlock(comparison: ComparisonReport): string[] {
  const [a, b] = comparison.environments;
  const lines = [`compare ${a} <-> ${b} (${comparison.source})`];
  if (comparison.error) {
    lines.push(`  ERROR ${comparison.error.code}: ${comparison.error.message}`);
    return lines;
  }
  const differing = comparison.accounts.filter((x) => x.status !== "same");
  lines.push(`  ${comparisonSummary(comparison)}`);
  const rows: string[][] = [["", "ACCOUNT", "ATTRIBUTE", a, b]];
  for (const account of differing) {
    const label = account.names.filter((n) => n !== null).join(" / ");
    if (account.status !== "different") {
      rows.push([
        "~",
        label,
        "",
        account.status === "only-in-first" ? "exists" : "(none)",
        account.status === "only-in-second" ? "exists" : "(none)",
      ]);
      continue;
    }
    for (const d of account.differences) rows.push(["~", label, d.attribute, formatValue(d.values[0]), formatValue(d.values[1])]);
  }
  if (rows.length > 1) lines.push(...columns(rows));
  for (const note of comparison.notes) lines.push(`  note: ${note}`);
  return lines;
}

export function renderTable(report: DriftReport): string {
  const verdict = report.status === "error" ? "errors" : report.status === "drifted" ? "drift found" : "no drift";
  const blocks: string[][] = [[`voicegateway drift: ${verdict}`]];
  for (const environment of report.environments) blocks.push(environmentBlock(environment));
  if (report.comparison) blocks.push(comparisonBlock(report.comparison));
  return blocks.map((b) => b.join("\n")).join("\n\n") + "\n";
}
