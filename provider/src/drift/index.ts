export type { AccountProfile, CompareOptions, CompareSide } from "./compare";
export { compareEnvironments, pairingKey, profileOf, stripEnvironment } from "./compare";
export type { CompareSource, DriftConfig, EnvironmentSpec } from "./config";
export {
  COMPARE_SOURCES,
  DEFAULT_CONFIG_FILE,
  defaultVariable,
  isIgnoredAccount,
  loadConfigFile,
  parseConfig,
} from "./config";
export type { DetectOptions } from "./detect";
export { detectEnvironment } from "./detect";
export type { ResourceDiff } from "./diff";
export { diffResource, displayValue } from "./diff";
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
export { countStatuses, isDrift } from "./model";
export type { PortalPoolOptions, PortalTarget } from "./portal-reader";
export { PortalPool, ReadOnlyPortalClient, ReadOnlyViolationError } from "./portal-reader";
export type { Progress } from "./progress";
export { silentProgress, streamProgress } from "./progress";
export type { ReportFormat } from "./render";
export { REPORT_FORMATS, renderJunit, renderMarkdown, renderReport, renderTable } from "./render";
export type { EnvironmentRun, RunDriftOptions } from "./run";
export { DEFAULT_CONCURRENCY, runDrift, runRedactor } from "./run";
export { parseCdktfStack } from "./sources/cdktf-stack";
export type { Declarations } from "./sources/load";
export { loadDeclarations, loadTerraform } from "./sources/load";
export { parsePulumiExport } from "./sources/pulumi-export";
export { DriftConfigError, SourceError } from "./sources/source-error";
export { parseTerraformShowJson, parseTerraformState } from "./sources/terraform-state";
