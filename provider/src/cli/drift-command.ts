import { existsSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_CONCURRENCY, MAX_CONCURRENT_REQUESTS_VARIABLE } from "../core/client";
import {
  COMPARE_SOURCES,
  type CompareSource,
  DEFAULT_CONFIG_FILE,
  type DriftConfig,
  type EnvironmentSpec,
  ignorePatternProblems,
  loadConfigFile,
} from "../drift/config";
import { describeError } from "../drift/errors";
import { silentProgress, streamProgress } from "../drift/progress";
import { REPORT_FORMATS, type ReportFormat, renderReport } from "../drift/render";
import { type EnvironmentRun, type RunDriftOptions, runDrift, runRedactor } from "../drift/run";
import { loadDeclarations } from "../drift/sources/load";
import { DriftConfigError } from "../drift/sources/source-error";

export const DRIFT_USAGE = `Usage: voicegateway drift [options]

Compares what Terraform, CDKTF or Pulumi declares with what the Voice Gateway portal has, per environment:
attributes changed out of band (secrets compared by the portal's mask, never shown), objects declared but
missing, and accounts and API keys in the portal that nothing declares. With --compare, shows how two
environments' accounts differ beyond names, SIDs, generated and masked secrets.

Environments (from a config file, default ./${DEFAULT_CONFIG_FILE}):
  --config FILE              the config file (JSON; see the README)
  --env NAME[,NAME]          environments to check (repeatable; default: all in the config file)

One environment from flags (override the config file's environment of the same --env NAME):
  --api-url-env VAR          variable holding the API URL (default VOICEGATEWAY_API_URL)
  --api-key-env VAR          variable holding the API key (default VOICEGATEWAY_API_KEY); the key itself
                             is never accepted on the command line
  --service-provider-sid SID accounts in scope (default $VOICEGATEWAY_SERVICE_PROVIDER_SID; without one,
                             every account the key can see)
  --terraform-state FILE     terraform.tfstate or \`terraform show -json\` output (repeatable)
  --cdktf-stack FILE         cdktf.out/stacks/<stack>/cdk.tf.json (repeatable; add the stack's state for IDs)
  --pulumi-export FILE       \`pulumi stack export --show-secrets\` output (repeatable)
  --ignore-account NAME      never report this account as unmanaged; /regex/ allowed (repeatable)
  --insecure-http            allow plain http to a host that is not loopback

Comparing two environments:
  --compare A,B              compare the accounts of environments A and B
  --compare-source SOURCE    live (the portals, default) or declared (the declarations)
  --match ENV=PATTERN        how ENV names its accounts, e.g. staging={key}-stg (repeatable); by default
                             accounts pair by name with the environment's name taken out

Output:
  --format FORMAT            table (default), json, markdown or junit
  --output FILE              write the report to FILE instead of stdout
  --report FORMAT=FILE       also write the same report in another format (repeatable), e.g.
                             --format junit --output drift.xml --report markdown=drift.md
  --max-concurrent-requests N
                             requests in flight per portal, 1-64 (--concurrency is the same); default: the config
                             file's maxConcurrentRequests, else VOICEGATEWAY_MAX_CONCURRENT_REQUESTS, else 10
  --quiet                    no progress on stderr
  -h, --help                 show this help

Exit codes: 0 nothing drifted, 2 drift (or the compared environments differ), 1 an error.
`;

export interface DriftIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where relative paths and the default config file are looked up. @default process.cwd() */
  readonly cwd?: string;
  /** Test hooks for the portal clients (retries, rate limit). */
  readonly clientOverrides?: RunDriftOptions["clientOverrides"];
}

class UsageError extends DriftConfigError {
  override readonly name = "UsageError";
}

// A flag that looks like it carries a key: refuse it without echoing anything (shell history and `ps` see it).
const SECRET_FLAG = /^--?(api[-_]?key|token|key|api[-_]?token|bearer)(=|$)/i;

const OPTIONS = {
  config: { type: "string" },
  env: { type: "string", multiple: true },
  "api-url-env": { type: "string" },
  "api-key-env": { type: "string" },
  "service-provider-sid": { type: "string" },
  "terraform-state": { type: "string", multiple: true },
  "cdktf-stack": { type: "string", multiple: true },
  "pulumi-export": { type: "string", multiple: true },
  "ignore-account": { type: "string", multiple: true },
  "insecure-http": { type: "boolean" },
  compare: { type: "string" },
  "compare-source": { type: "string" },
  match: { type: "string", multiple: true },
  format: { type: "string" },
  output: { type: "string" },
  report: { type: "string", multiple: true },
  concurrency: { type: "string" },
  "max-concurrent-requests": { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>["values"];

const commaList = (values: readonly string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);

function parse(argv: readonly string[]): Values {
  const secret = argv.find((a) => SECRET_FLAG.test(a));
  if (secret !== undefined) {
    throw new UsageError(
      `${secret.split("=")[0]} is not accepted: an API key on the command line ends up in shell history and in \`ps\`. Put it in an environment variable and pass the variable's NAME with --api-key-env`,
    );
  }
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/\. To specify a positional.*$/s, "")}\nRun "voicegateway drift --help" for the options.`,
    );
  }
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkVariableName(flag: string, value: string | undefined): void {
  if (value !== undefined && !VARIABLE_NAME.test(value)) {
    throw new UsageError(`${flag} takes the NAME of an environment variable (letters, digits and _), not a value`);
  }
}

/** The environment the flags describe, on top of the config file's environment of the same name. */
function flagEnvironment(
  values: Values,
  config: DriftConfig | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): EnvironmentSpec {
  const names = commaList(values.env);
  if (names.length > 1)
    throw new UsageError("Declaration flags (--terraform-state, --api-url-env, ...) describe one environment: give a single --env NAME");
  const name = names[0] ?? "default";
  const fromConfig = config?.environments.find((e) => e.name === name);
  const files = (list: string[] | undefined) => (list && list.length > 0 ? list.map((p) => resolve(cwd, p)) : undefined);
  const terraformState = files(values["terraform-state"]);
  const cdktfStack = files(values["cdktf-stack"]);
  const pulumiExport = files(values["pulumi-export"]);
  const anyFiles = terraformState || cdktfStack || pulumiExport;
  const sp = values["service-provider-sid"] ?? fromConfig?.serviceProviderSid ?? env.VOICEGATEWAY_SERVICE_PROVIDER_SID;
  if (sp !== undefined && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(sp)) {
    throw new UsageError("--service-provider-sid must be a service provider SID (a UUID)");
  }
  return {
    name,
    apiUrlEnv: values["api-url-env"] ?? fromConfig?.apiUrlEnv ?? "VOICEGATEWAY_API_URL",
    apiKeyEnv: values["api-key-env"] ?? fromConfig?.apiKeyEnv ?? "VOICEGATEWAY_API_KEY",
    ...(fromConfig?.apiUrl && !values["api-url-env"] ? { apiUrl: fromConfig.apiUrl } : {}),
    ...(sp ? { serviceProviderSid: sp } : {}),
    insecureHttp: values["insecure-http"] ?? fromConfig?.insecureHttp ?? false,
    terraformState: anyFiles ? (terraformState ?? []) : (fromConfig?.terraformState ?? []),
    cdktfStack: anyFiles ? (cdktfStack ?? []) : (fromConfig?.cdktfStack ?? []),
    pulumiExport: anyFiles ? (pulumiExport ?? []) : (fromConfig?.pulumiExport ?? []),
    ...(fromConfig?.namePattern ? { namePattern: fromConfig.namePattern } : {}),
    aliases: fromConfig?.aliases ?? [],
    ignoreAccounts: fromConfig?.ignoreAccounts ?? [],
  };
}

interface Plan {
  readonly drift: readonly EnvironmentSpec[];
  readonly compare?: { readonly first: EnvironmentSpec; readonly second: EnvironmentSpec; readonly source: CompareSource };
  readonly format: ReportFormat;
  readonly output?: string;
  /** More files, each with its own format, from the same run. */
  readonly reports: readonly { readonly format: ReportFormat; readonly file: string }[];
  readonly concurrency: number;
  readonly quiet: boolean;
}

/** Requests in flight per portal: the flag, else the config file, else the environment, else the client's default. */
function maxConcurrentRequests(values: Values, config: DriftConfig | undefined, env: Readonly<Record<string, string | undefined>>): number {
  const flag = values["max-concurrent-requests"] ?? values.concurrency;
  const [given, where] =
    flag !== undefined
      ? [flag, values["max-concurrent-requests"] !== undefined ? "--max-concurrent-requests" : "--concurrency"]
      : config?.maxConcurrentRequests !== undefined
        ? [String(config.maxConcurrentRequests), "maxConcurrentRequests in the config file"]
        : env[MAX_CONCURRENT_REQUESTS_VARIABLE] !== undefined
          ? [env[MAX_CONCURRENT_REQUESTS_VARIABLE]!, MAX_CONCURRENT_REQUESTS_VARIABLE]
          : [String(DEFAULT_CONCURRENCY), "the default"];
  const value = /^\d+$/.test(given) ? Number(given) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > 64)
    throw new UsageError(`${where} must be a whole number from 1 to 64 (got ${JSON.stringify(given)})`);
  return value;
}

function plan(values: Values, env: Readonly<Record<string, string | undefined>>, cwd: string): Plan {
  checkVariableName("--api-url-env", values["api-url-env"]);
  checkVariableName("--api-key-env", values["api-key-env"]);
  const format = (values.format ?? "table") as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(", ")}`);

  const reports = (values.report ?? []).map((spec) => {
    const [kind, file] = spec.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!REPORT_FORMATS.includes(kind as ReportFormat) || !file) {
      throw new UsageError(`--report takes FORMAT=FILE with FORMAT one of ${REPORT_FORMATS.join(", ")} (got ${JSON.stringify(spec)})`);
    }
    return { format: kind as ReportFormat, file: resolve(cwd, file) };
  });
  const defaultConfig = resolve(cwd, DEFAULT_CONFIG_FILE);
  const configFile = values.config !== undefined ? resolve(cwd, values.config) : existsSync(defaultConfig) ? defaultConfig : undefined;
  const config = configFile ? loadConfigFile(configFile) : undefined;
  const concurrency = maxConcurrentRequests(values, config, env);
  const outputs = { ...(values.output ? { output: resolve(cwd, values.output) } : {}), reports, concurrency, quiet: values.quiet ?? false };
  const flagged = [
    "api-url-env",
    "api-key-env",
    "service-provider-sid",
    "terraform-state",
    "cdktf-stack",
    "pulumi-export",
    "insecure-http",
  ].some((k) => values[k as keyof Values] !== undefined);
  let environments = [...(config?.environments ?? [])];
  let flagSelection: string | undefined;
  if (flagged) {
    const fromFlags = flagEnvironment(values, config, env, cwd);
    environments = [...environments.filter((e) => e.name !== fromFlags.name), fromFlags];
    flagSelection = fromFlags.name;
  }
  const extraIgnores = values["ignore-account"] ?? [];
  const matches = new Map<string, string>();
  for (const rule of commaList(values.match)) {
    const [name, pattern] = rule.split(/=(.*)/s, 2);
    if (!name || !pattern || !pattern.includes("{key}"))
      throw new UsageError(`--match takes ENV=PATTERN with {key} in the pattern, e.g. staging={key}-stg (got ${JSON.stringify(rule)})`);
    matches.set(name, pattern);
  }
  environments = environments.map((e) => ({
    ...e,
    ignoreAccounts: [...e.ignoreAccounts, ...extraIgnores],
    ...(matches.has(e.name) ? { namePattern: matches.get(e.name)! } : {}),
  }));
  for (const name of matches.keys()) {
    if (!environments.some((e) => e.name === name))
      throw new UsageError(`--match names environment ${JSON.stringify(name)}, which is not defined`);
  }
  const problems = environments.flatMap(ignorePatternProblems);
  if (problems.length > 0) throw new UsageError(problems.join("\n"));
  if (environments.length === 0) {
    throw new UsageError(
      `No environments: write ${DEFAULT_CONFIG_FILE} (or pass --config FILE), or describe one with --terraform-state, --cdktf-stack or --pulumi-export.\nRun "voicegateway drift --help" for the options.`,
    );
  }
  const byName = (name: string) => {
    const found = environments.find((e) => e.name === name);
    if (!found) throw new UsageError(`Unknown environment ${JSON.stringify(name)}; defined: ${environments.map((e) => e.name).join(", ")}`);
    return found;
  };

  const compareNames = values.compare !== undefined ? commaList([values.compare]) : undefined;
  if (compareNames !== undefined) {
    if (compareNames.length !== 2 || compareNames[0] === compareNames[1])
      throw new UsageError("--compare takes two different environments: --compare staging,prod");
    const source = (values["compare-source"] ?? config?.compare?.source ?? "live") as CompareSource;
    if (!COMPARE_SOURCES.includes(source)) throw new UsageError(`--compare-source must be ${COMPARE_SOURCES.join(" or ")}`);
    const [first, second] = [byName(compareNames[0]!), byName(compareNames[1]!)];
    if (source === "declared") for (const e of [first, second]) requireDeclarations(e);
    return { drift: [], compare: { first, second, source }, format, ...outputs };
  }
  if (values["compare-source"] !== undefined) throw new UsageError("--compare-source needs --compare A,B");
  // Flags describe one environment: that is the one checked, not every environment of a config file nearby.
  const selected =
    flagSelection !== undefined
      ? [byName(flagSelection)]
      : commaList(values.env).length > 0
        ? commaList(values.env).map(byName)
        : environments;
  for (const e of selected) requireDeclarations(e);
  return { drift: selected, format, ...outputs };
}

function requireDeclarations(environment: EnvironmentSpec): void {
  if (environment.terraformState.length + environment.cdktfStack.length + environment.pulumiExport.length === 0) {
    throw new UsageError(
      `Environment ${environment.name} declares nothing: give it terraformState, cdktfStack or pulumiExport (or --terraform-state, --cdktf-stack, --pulumi-export)`,
    );
  }
}

function portalOf(environment: EnvironmentSpec, env: Readonly<Record<string, string | undefined>>): EnvironmentRun["portal"] {
  const apiUrl = environment.apiUrl ?? env[environment.apiUrlEnv];
  const apiKey = env[environment.apiKeyEnv];
  const missing = [
    ...(apiUrl === undefined || apiUrl.trim() === "" ? [environment.apiUrlEnv] : []),
    ...(apiKey === undefined || apiKey.trim() === "" ? [environment.apiKeyEnv] : []),
  ];
  if (missing.length > 0) {
    throw new UsageError(
      `Environment ${environment.name}: set ${missing.join(" and ")} (the portal's API ${missing.length === 2 ? "URL and key" : missing[0] === environment.apiKeyEnv ? "key" : "URL"})`,
    );
  }
  return { apiUrl: apiUrl!.trim(), apiKey: apiKey!.trim(), ...(environment.insecureHttp ? { insecureHttp: true } : {}) };
}

/**
 * `voicegateway drift`: exit 0 when nothing drifted, 2 when something did (or the compared environments differ),
 * 1 on any error. The report goes to stdout or --output; progress and errors to stderr. Nothing printed ever
 * holds a secret: reports carry no sensitive values, and the rendered text passes through a redactor that knows
 * the API keys and every sensitive value of the declarations.
 */
export async function driftCommand(argv: readonly string[], io: DriftIo): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  let runs: EnvironmentRun[] = [];
  try {
    const values = parse(argv);
    if (values.help) {
      io.stdout.write(DRIFT_USAGE);
      return 0;
    }
    const p = plan(values, env, cwd);
    const needsPortal = (e: EnvironmentSpec) => p.drift.includes(e) || p.compare?.source === "live";
    const specs = [...new Set([...p.drift, ...(p.compare ? [p.compare.first, p.compare.second] : [])])];
    runs = specs.map((spec) => ({
      spec,
      declarations: loadDeclarations(spec),
      ...(needsPortal(spec) ? { portal: portalOf(spec, env) } : {}),
    }));
    const runOf = (spec: EnvironmentSpec) => runs.find((r) => r.spec === spec)!;
    const report = await runDrift({
      environments: p.drift.map(runOf),
      ...(p.compare ? { compare: { first: runOf(p.compare.first), second: runOf(p.compare.second), source: p.compare.source } } : {}),
      concurrency: p.concurrency,
      progress: p.quiet ? silentProgress : streamProgress(io.stderr),
      ...(io.clientOverrides ? { clientOverrides: io.clientOverrides } : {}),
    });
    const redactor = runRedactor(runs);
    const render = (format: ReportFormat) => redactor.redact(renderReport(report, format));
    for (const extra of p.reports) writeFileSync(extra.file, render(extra.format));
    if (p.output) {
      writeFileSync(p.output, render(p.format));
      if (!p.quiet) io.stderr.write(`voicegateway drift: ${report.status} (exit ${report.exitCode}); report written to ${p.output}\n`);
    } else {
      io.stdout.write(render(p.format));
    }
    return report.exitCode;
  } catch (error) {
    const redactor = runRedactor(runs);
    const message = DriftConfigError.is(error) ? error.message : describeError(error, redactor).message;
    io.stderr.write(`voicegateway drift: ${redactor.redact(message)}\n`);
    return 1;
  }
}
