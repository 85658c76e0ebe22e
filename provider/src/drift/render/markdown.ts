import { type ComparisonReport, type DriftReport, type EnvironmentReport } from "../model";
import { comparisonSummary, formatValue, resourceLabel, rowsOf, STATUS_MARK, summaryText } from "./rows";

/** Markdown for pull-request comments: a heading per environment and one table row per finding. */

/** A table cell: pipes escaped, lines joined, code spans only where the text has no backtick. */
export function cell(text: string, code = false): string {
  const flat = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  if (flat === "") return "";
  return code && !flat.includes("`") ? `\`${flat}\`` : flat;
}

function environmentSection(environment: EnvironmentReport): string[] {
  const verdict = environment.status === "error" ? "error" : environment.status === "drifted" ? "drift" : "in sync";
  const lines = [`### ${cell(environment.name)}: ${verdict}`, ""];
  if (environment.error) {
    lines.push(`**${cell(environment.error.code)}**: ${cell(environment.error.message)}`, "");
    return lines;
  }
  lines.push(
    `${summaryText(environment.summary)}${environment.requests !== undefined ? ` (${environment.requests} portal requests)` : ""}`,
    "",
  );
  const rows = rowsOf(environment);
  if (rows.length > 0) {
    lines.push("| Status | Resource | Attribute | Declared | Live | Note |", "|---|---|---|---|---|---|");
    for (const r of rows) {
      const values = r.attribute === "" || r.note !== "" ? [cell(r.declared), cell(r.live)] : [cell(r.declared, true), cell(r.live, true)];
      lines.push(
        `| ${STATUS_MARK[r.status]} ${r.status} | ${cell(r.resource, true)} | ${cell(r.attribute, true)} | ${values[0]} | ${values[1]} | ${cell(r.note)} |`,
      );
    }
    lines.push("");
  }
  const unverified = environment.resources.filter((r) => r.unverifiedAttributes && r.unverifiedAttributes.length > 0);
  for (const r of unverified)
    lines.push(
      `- ${cell(resourceLabel(r), true)}: not checked (unknown in the declaration): ${r.unverifiedAttributes!.map((a) => cell(a, true)).join(", ")}`,
    );
  for (const note of environment.notes) lines.push(`- ${cell(note)}`);
  if (unverified.length > 0 || environment.notes.length > 0) lines.push("");
  return lines;
}

function comparisonSection(comparison: ComparisonReport): string[] {
  const [a, b] = comparison.environments;
  const lines = [`### ${cell(a)} ↔ ${cell(b)} (${comparison.source}): ${comparison.status}`, ""];
  if (comparison.error) {
    lines.push(`**${cell(comparison.error.code)}**: ${cell(comparison.error.message)}`, "");
    return lines;
  }
  const differing = comparison.accounts.filter((x) => x.status !== "same");
  lines.push(`${comparisonSummary(comparison)}.`, "");
  if (differing.length > 0) {
    lines.push(`| Account | Attribute | ${cell(a)} | ${cell(b)} |`, "|---|---|---|---|");
    for (const account of differing) {
      const label = cell(account.names.filter((n) => n !== null).join(" / "), true);
      if (account.status === "different") {
        for (const d of account.differences)
          lines.push(
            `| ${label} | ${cell(d.attribute, true)} | ${cell(formatValue(d.values[0]), true)} | ${cell(formatValue(d.values[1]), true)} |`,
          );
      } else {
        lines.push(
          `| ${label} | | ${account.status === "only-in-first" ? "exists" : "(none)"} | ${account.status === "only-in-second" ? "exists" : "(none)"} |`,
        );
      }
    }
    lines.push("");
  }
  for (const note of comparison.notes) lines.push(`- ${cell(note)}`);
  return lines;
}

export function renderMarkdown(report: DriftReport): string {
  const verdict = report.status === "error" ? "errors" : report.status === "drifted" ? "drift found" : "no drift";
  const lines = [`## Voice Gateway drift: ${verdict}`, ""];
  for (const environment of report.environments) lines.push(...environmentSection(environment));
  if (report.comparison) lines.push(...comparisonSection(report.comparison));
  lines.push(`<sub>voicegateway drift, ${report.generatedAt}</sub>`, "");
  return lines.join("\n");
}
