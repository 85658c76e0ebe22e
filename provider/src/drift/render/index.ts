import { type DriftReport } from "../model";
import { renderJunit } from "./junit";
import { renderMarkdown } from "./markdown";
import { renderTable } from "./table";

export const REPORT_FORMATS = ["table", "json", "markdown", "junit"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function renderReport(report: DriftReport, format: ReportFormat): string {
  switch (format) {
    case "table":
      return renderTable(report);
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "markdown":
      return renderMarkdown(report);
    case "junit":
      return renderJunit(report);
  }
}

export { renderJunit, renderMarkdown, renderTable };
