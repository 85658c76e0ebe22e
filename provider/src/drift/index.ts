export { runDrift, runRedactor, DEFAULT_CONCURRENCY } from "./run";
export type { EnvironmentRun, RunDriftOptions } from "./run";
export { detectEnvironment } from "./detect";
export type { DetectOptions } from "./detect";
export { compareEnvironments, pairingKey, profileOf, stripEnvironment } from "./compare";
export type { AccountProfile, CompareOptions, CompareSide } from "./compare";
export { diffResource, displayValue } from "./diff";
export type { ResourceDiff } from "./diff";
export {
  COMPARE_SOURCES,
  DEFAULT_CONFIG_FILE,
  defaultVariable,
  isIgnoredAccount,
  loadConfigFile,
  parseConfig,
} from "./config";
export type { CompareSource, DriftConfig, EnvironmentSpec } from "./config";
export { loadDeclarations, loadTerraform } from "./sources/load";
export type { Declarations } from "./sources/load";
export { parseTerraformShowJson, parseTerraformState } from "./sources/terraform-state";
export { parseCdktfStack } from "./sources/cdktf-stack";
export { parsePulumiExport } from "./sources/pulumi-export";
export { DriftConfigError, SourceError } from "./sources/source-error";
export { PortalPool, ReadOnlyPortalClient, ReadOnlyViolationError } from "./portal-reader";
export type { PortalPoolOptions, PortalTarget } from "./portal-reader";
export { silentProgress, streamProgress } from "./progress";
export type { Progress } from "./progress";
export { REPORT_FORMATS, renderJunit, renderMarkdown, renderReport, renderTable } from "./render";
export type { ReportFormat } from "./render";
export { countStatuses, isDrift } from "./model";
export type {
  AttributeDrift,
  ComparedAccount,
  ComparisonReport,
  DeclaredResource,
  DriftReport,
  EnvironmentReport,
  ReportError,
  ResourceResult,
  ResourceStatus,
  SourceKind,
  StatusCounts,
} from "./model";
