import { DEFAULT_CONCURRENCY, Redactor } from "../core/client";
import { type FieldSpec } from "../core/schema/introspect";
import { isRecord } from "../core/schema/reconcile";
import { VERSION } from "../version";
import { compareEnvironments } from "./compare";
import { type CompareSource, type EnvironmentSpec } from "./config";
import { detectEnvironment } from "./detect";
import { describeError } from "./errors";
import { type ComparisonReport, countStatuses, type DriftReport, type EnvironmentReport } from "./model";
import { PortalPool, type PortalPoolOptions, type PortalTarget } from "./portal-reader";
import { type Progress, silentProgress } from "./progress";
import { type Declarations } from "./sources/load";

/** One environment, ready to check: its declarations and, unless only declarations are compared, its portal. */
export interface EnvironmentRun {
  readonly spec: EnvironmentSpec;
  readonly declarations: Declarations;
  readonly portal?: PortalTarget;
}

export interface RunDriftOptions {
  /** Environments to check for drift (none when only comparing). */
  readonly environments: readonly EnvironmentRun[];
  /** Two environments to compare. */
  readonly compare?: { readonly first: EnvironmentRun; readonly second: EnvironmentRun; readonly source: CompareSource };
  /** Reads in flight per environment (and per client). @default 4 */
  readonly concurrency?: number;
  /** @default silent */
  readonly progress?: Progress;
  /** Test hooks for the portal clients (retry, rate limit, dispatcher). */
  readonly clientOverrides?: PortalPoolOptions["clientOverrides"];
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** Requests in flight per portal: the portal client's own default. */
export { DEFAULT_CONCURRENCY };

/**
 * Checks each environment's declarations against its portal, then compares two environments if asked. Portals are
 * read one environment after another (each with bounded concurrency), through one client per portal and key and
 * one rate limiter per portal. Never throws for a portal failure: it becomes the environment's `error`.
 */
export async function runDrift(options: RunDriftOptions): Promise<DriftReport> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const progress = options.progress ?? silentProgress;
  const pool = new PortalPool({
    userAgent: `voicegateway-iac/${VERSION} drift`,
    concurrency,
    onLongWait: (apiUrl, waitMs) =>
      progress.warn(
        `waiting ${Math.ceil(waitMs / 1000)}s for the rate limit of ${apiUrl} (600 requests per 5 minutes, shared with everyone)`,
      ),
    ...(options.clientOverrides ? { clientOverrides: options.clientOverrides } : {}),
  });
  try {
    const environments: EnvironmentReport[] = [];
    for (const run of options.environments) {
      if (!run.portal) {
        environments.push(errorReport(run, "VG_ERR_DRIFT_CONFIG", "no portal to read: set the API URL and key variables"));
        continue;
      }
      let client;
      try {
        client = pool.client(run.portal);
      } catch (error) {
        // A URL the client refuses (plain http to a remote host, a malformed URL): this environment's error.
        const { code, message } = describeError(error, runRedactor([run]));
        environments.push(errorReport(run, code, message));
        continue;
      }
      environments.push(await detectEnvironment(run.spec, run.declarations, client, { concurrency, progress }));
    }
    let comparison: ComparisonReport | undefined;
    if (options.compare) {
      const { first, second, source } = options.compare;
      const side = (run: EnvironmentRun) => ({
        environment: run.spec,
        declarations: run.declarations,
        ...(source === "live" && run.portal ? { client: pool.client(run.portal) } : {}),
      });
      comparison = await compareEnvironments(side(first), side(second), { source, concurrency, progress });
    }
    const failed = environments.some((e) => e.status === "error") || comparison?.status === "error";
    const drifted = environments.some((e) => e.status === "drifted") || comparison?.status === "different";
    return {
      formatVersion: 1,
      generatedAt: (options.now ?? (() => new Date()))().toISOString(),
      status: failed ? "error" : drifted ? "drifted" : "in-sync",
      exitCode: failed ? 1 : drifted ? 2 : 0,
      environments,
      ...(comparison ? { comparison } : {}),
    };
  } finally {
    await pool.close();
  }
}

function errorReport(run: EnvironmentRun, code: string, message: string): EnvironmentReport {
  return {
    name: run.spec.name,
    sources: run.declarations.files,
    status: "error",
    summary: countStatuses([]),
    resources: [],
    notes: [...run.declarations.notes],
    error: { code, message },
  };
}

/**
 * A redactor that knows every secret this run could have seen: the API keys, and every sensitive value in the
 * declarations (state files and plaintext stack exports hold them). The rendered report goes through it, so even
 * a bug elsewhere cannot print one.
 */
export function runRedactor(runs: readonly EnvironmentRun[]): Redactor {
  const redactor = new Redactor();
  const walk = (fields: readonly FieldSpec[], values: Record<string, unknown>) => {
    for (const spec of fields) {
      const value = values[spec.name];
      if (spec.meta.sensitive && typeof value === "string") redactor.addSecret(value);
      if (spec.type.kind === "object" && isRecord(value)) walk(spec.type.fields, value);
    }
  };
  for (const run of runs) {
    if (run.portal) redactor.addSecret(run.portal.apiKey);
    for (const resource of run.declarations.resources) walk(resource.definition.fields, resource.values);
  }
  return redactor;
}
