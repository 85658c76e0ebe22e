import { type CheckReport, type ProbeResult } from "./model";

export const CHECK_FORMATS = ["table", "json"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

const STATUS_LABEL: Readonly<Record<ProbeResult["status"], string>> = {
  holds: "holds",
  differs: "DIFFERS",
  "could-not-check": "could not check",
};

function detail(probe: ProbeResult): string {
  return probe.status === "could-not-check" ? probe.reason : probe.observed;
}

function verdict(report: CheckReport): string {
  const count = (status: ProbeResult["status"]) => report.probes.filter((p) => p.status === status).length;
  const parts = [`${count("holds")} hold`, `${count("differs")} differ`, `${count("could-not-check")} could not be checked`];
  const word = report.status === "error" ? "errors" : report.status === "differs" ? "the portal differs" : "no difference found";
  return `voicegateway check-portal: ${word} (${parts.join(", ")})`;
}

/** The default format: one block per probe, for a terminal or a CI log. */
export function renderTable(report: CheckReport): string {
  const scope = report.keyScope === "unknown" ? "key scope unknown" : `${report.keyScope.replace("_", "-")} key`;
  const lines = [
    verdict(report),
    `  ${report.apiUrl}, ${scope}, ${report.mode === "read-only" ? "read-only" : "with scratch accounts"}`,
    "",
  ];
  const width = Math.max(...Object.values(STATUS_LABEL).map((l) => l.length));
  for (const probe of report.probes) {
    lines.push(`${STATUS_LABEL[probe.status].padEnd(width)}  ${probe.id}: ${probe.title}`);
    const indent = " ".repeat(width + 2);
    if (probe.status !== "holds") lines.push(`${indent}expected: ${probe.expected}`);
    lines.push(`${indent}${probe.status === "could-not-check" ? "why" : "seen"}: ${detail(probe)}`);
    if (probe.status === "differs") lines.push(`${indent}provider: ${probe.providerAction}`);
  }
  if (report.scratchAccounts.length > 0) {
    lines.push("");
    for (const account of report.scratchAccounts) {
      lines.push(
        account.deleted
          ? `scratch account ${account.sid} (${account.name}): deleted`
          : `CLEANUP FAILED: scratch account ${account.sid} (${account.name}) is still in the portal; delete it by hand (${account.error ?? "unknown error"})`,
      );
    }
  }
  if (report.error) lines.push("", `ERROR: ${report.error}`);
  lines.push("", `${report.requests} portal answers; exit ${report.exitCode}`);
  return `${lines.join("\n")}\n`;
}

export function renderCheckReport(report: CheckReport, format: CheckFormat): string {
  return format === "json" ? `${JSON.stringify(report, null, 2)}\n` : renderTable(report);
}
