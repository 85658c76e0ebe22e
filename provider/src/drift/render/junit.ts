import { type ComparisonReport, type DriftReport, type EnvironmentReport, type ResourceResult } from "../model";
import { formatValue, resourceLabel, SENSITIVE_CHANGED } from "./rows";

/**
 * JUnit XML for CI dashboards: a test suite per environment (and one for a comparison), a test case per declared
 * resource and per unmanaged object. Drift is a `<failure>`, a portal error an `<error>`, an object the
 * declaration cannot identify `<skipped>`.
 */

// XML 1.0 forbids most control characters even when escaped.
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xmlEscape(text: string): string {
  return text
    .replace(INVALID_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

const attr = (name: string, value: string | number): string => `${name}="${xmlEscape(String(value))}"`;

function failureText(r: ResourceResult): string {
  if (r.status === "changed") {
    return (r.attributes ?? [])
      .map((a) =>
        a.sensitive
          ? `${a.attribute}: ${SENSITIVE_CHANGED}`
          : `${a.attribute}: declared ${formatValue(a.declared)}, live ${formatValue(a.live)}`,
      )
      .join("\n");
  }
  return r.detail ?? r.status;
}

function testCase(suite: string, r: ResourceResult): string {
  const open = `    <testcase ${attr("classname", `${suite}.${r.type}`)} ${attr("name", resourceLabel(r))}`;
  switch (r.status) {
    case "in-sync":
      return `${open}/>`;
    case "unverifiable":
      return `${open}>\n      <skipped ${attr("message", r.detail ?? "cannot be identified")}/>\n    </testcase>`;
    case "error":
      return `${open}>\n      <error ${attr("type", "error")} ${attr("message", r.detail ?? "error")}/>\n    </testcase>`;
    default: {
      const message =
        r.status === "changed"
          ? `${r.attributes?.length ?? 0} attribute(s) drifted`
          : r.status === "missing"
            ? "declared but missing in the portal"
            : "in the portal but declared nowhere";
      return `${open}>\n      <failure ${attr("type", r.status)} ${attr("message", message)}>${xmlEscape(failureText(r))}</failure>\n    </testcase>`;
    }
  }
}

function environmentSuite(environment: EnvironmentReport): string {
  const suite = `drift.${environment.name}`;
  if (environment.error) {
    return [
      `  <testsuite ${attr("name", suite)} tests="1" failures="0" errors="1" skipped="0">`,
      `    <testcase ${attr("classname", suite)} name="portal">`,
      `      <error ${attr("type", environment.error.code)} ${attr("message", environment.error.message)}/>`,
      `    </testcase>`,
      `  </testsuite>`,
    ].join("\n");
  }
  const s = environment.summary;
  const failures = s.changed + s.missing + s.unmanaged;
  const tests = environment.resources.length;
  return [
    `  <testsuite ${attr("name", suite)} ${attr("tests", tests)} ${attr("failures", failures)} ${attr("errors", s.errors)} ${attr("skipped", s.unverifiable)}>`,
    ...environment.resources.map((r) => testCase(suite, r)),
    `  </testsuite>`,
  ].join("\n");
}

function comparisonSuite(comparison: ComparisonReport): string {
  const [a, b] = comparison.environments;
  const suite = `compare.${a}.${b}`;
  if (comparison.error) {
    return [
      `  <testsuite ${attr("name", suite)} tests="1" failures="0" errors="1" skipped="0">`,
      `    <testcase ${attr("classname", suite)} name="compare">`,
      `      <error ${attr("type", comparison.error.code)} ${attr("message", comparison.error.message)}/>`,
      `    </testcase>`,
      `  </testsuite>`,
    ].join("\n");
  }
  const cases = comparison.accounts.map((account) => {
    const open = `    <testcase ${attr("classname", suite)} ${attr("name", account.key)}`;
    if (account.status === "same") return `${open}/>`;
    const text =
      account.status === "different"
        ? account.differences.map((d) => `${d.attribute}: ${a} ${formatValue(d.values[0])}, ${b} ${formatValue(d.values[1])}`).join("\n")
        : `only in ${account.status === "only-in-first" ? a : b}`;
    const message = account.status === "different" ? `${account.differences.length} attribute(s) differ` : text;
    return `${open}>\n      <failure ${attr("type", account.status)} ${attr("message", message)}>${xmlEscape(text)}</failure>\n    </testcase>`;
  });
  const failures = comparison.accounts.filter((x) => x.status !== "same").length;
  return [
    `  <testsuite ${attr("name", suite)} ${attr("tests", comparison.accounts.length)} ${attr("failures", failures)} errors="0" skipped="0">`,
    ...cases,
    `  </testsuite>`,
  ].join("\n");
}

export function renderJunit(report: DriftReport): string {
  const suites = [...report.environments.map(environmentSuite), ...(report.comparison ? [comparisonSuite(report.comparison)] : [])];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const e of report.environments) {
    if (e.error) {
      tests += 1;
      errors += 1;
      continue;
    }
    tests += e.resources.length;
    failures += e.summary.changed + e.summary.missing + e.summary.unmanaged;
    errors += e.summary.errors;
  }
  if (report.comparison) {
    tests += report.comparison.error ? 1 : report.comparison.accounts.length;
    if (report.comparison.error) errors += 1;
    else failures += report.comparison.accounts.filter((x) => x.status !== "same").length;
  }
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="voicegateway drift" ${attr("tests", tests)} ${attr("failures", failures)} ${attr("errors", errors)} ${attr("timestamp", report.generatedAt)}>`,
    ...suites,
    `</testsuites>`,
    "",
  ].join("\n");
}
