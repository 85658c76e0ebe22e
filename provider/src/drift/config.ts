import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import { DriftConfigError } from "./sources/source-error";

/**
 * The drift configuration: environments (a portal, its credentials by environment-variable NAME, and the files
 * that declare it) and how two environments' accounts pair up for `--compare`. API keys are never values here or
 * on the command line: only the names of the variables that hold them.
 */

export const DEFAULT_CONFIG_FILE = "voicegateway-drift.json";
export const COMPARE_SOURCES = ["live", "declared"] as const;
export type CompareSource = (typeof COMPARE_SOURCES)[number];

export interface EnvironmentSpec {
  readonly name: string;
  /** Variable holding the API URL (used when `apiUrl` is not given). */
  readonly apiUrlEnv: string;
  /** Variable holding the API key. */
  readonly apiKeyEnv: string;
  /** The API URL itself (it is not a secret). */
  readonly apiUrl?: string;
  /** The service provider whose accounts are in scope; without one, every account the key can see. */
  readonly serviceProviderSid?: string;
  readonly insecureHttp: boolean;
  /** Absolute paths of the declaration files. */
  readonly terraformState: readonly string[];
  readonly cdktfStack: readonly string[];
  readonly pulumiExport: readonly string[];
  /** How this environment names accounts, for pairing: `{key}-staging`, `stg-{key}`. */
  readonly namePattern?: string;
  /** More words that mean this environment in names and URLs (`production` for `prod`). */
  readonly aliases: readonly string[];
  /** Accounts never reported as unmanaged: exact names, or `/regex/`. */
  readonly ignoreAccounts: readonly string[];
}

export interface DriftConfig {
  /** The config file, when there is one. */
  readonly file?: string;
  readonly environments: readonly EnvironmentSpec[];
  /** Defaults for `--compare`: what to compare when `--compare-source` is not given. */
  readonly compare?: { readonly source?: CompareSource };
  /** Requests in flight per portal when `--max-concurrent-requests` is not given. */
  readonly maxConcurrentRequests?: number;
}

const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const SID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const files = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional();
const variable = z.string().regex(VARIABLE_NAME, "must be the NAME of an environment variable, e.g. STAGING_VOICEGATEWAY_API_KEY");

const environmentSchema = z
  .object({
    apiUrlEnv: variable.optional(),
    apiKeyEnv: variable.optional(),
    apiUrl: z.string().url("must be an absolute URL such as https://vg.example.com/api/v1").optional(),
    serviceProviderSid: z.string().regex(SID, "must be a service provider SID (a UUID)").optional(),
    insecureHttp: z.boolean().optional(),
    terraformState: files,
    cdktfStack: files,
    pulumiExport: files,
    namePattern: z.string().includes("{key}", { message: 'must contain {key}, e.g. "{key}-staging"' }).optional(),
    aliases: z.array(z.string().min(1)).optional(),
    ignoreAccounts: z.array(z.string().min(1)).optional(),
  })
  .strict();

const configSchema = z
  .object({
    $schema: z.string().optional(),
    environments: z.record(z.string().regex(ENV_NAME, "environment names are letters, digits, '.', '_' and '-'"), environmentSchema),
    compare: z
      .object({ source: z.enum(COMPARE_SOURCES).optional() })
      .strict()
      .optional(),
    maxConcurrentRequests: z
      .number()
      .int("must be a whole number")
      .min(1, "must be from 1 to 64")
      .max(64, "must be from 1 to 64")
      .optional(),
  })
  .strict();

/** `staging` → `STAGING_VOICEGATEWAY_API_URL`. */
export function defaultVariable(environment: string, what: "API_URL" | "API_KEY"): string {
  return `${environment.toUpperCase().replace(/[^A-Z0-9]/g, "_")}_VOICEGATEWAY_${what}`;
}

const list = (value: string | readonly string[] | undefined): string[] =>
  value === undefined ? [] : typeof value === "string" ? [value] : [...value];

/** Where keys that must never hold a secret were given one: say so without echoing anything. */
function secretKeyProblems(raw: unknown, file: string): string[] {
  const problems: string[] = [];
  const environments = (raw as { environments?: Record<string, unknown> } | null)?.environments;
  if (typeof environments !== "object" || environments === null) return problems;
  for (const [name, env] of Object.entries(environments)) {
    if (typeof env !== "object" || env === null) continue;
    for (const key of Object.keys(env)) {
      if (/^(api_?key|token|apiToken|key)$/i.test(key)) {
        problems.push(
          `${file}: environments.${name}.${key}: API keys are never written in the config file; put the key in an environment variable and name it with "apiKeyEnv"`,
        );
      }
    }
  }
  return problems;
}

/** Reads and checks a config file; relative paths in it are relative to the file. */
export function loadConfigFile(path: string): DriftConfig {
  const file = resolve(path);
  if (!existsSync(file)) throw new DriftConfigError(`The config file ${file} does not exist`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const where = error instanceof SyntaxError ? error.message.replace(/^.*?(at position \d+.*)$/, "$1") : "unreadable";
    throw new DriftConfigError(`The config file ${file} is not valid JSON (${where})`);
  }
  return parseConfig(raw, file);
}

export function parseConfig(raw: unknown, file: string): DriftConfig {
  const secretProblems = secretKeyProblems(raw, file);
  if (secretProblems.length > 0) throw new DriftConfigError(secretProblems.join("\n"));
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(top level)"}: ${i.message}`);
    throw new DriftConfigError(`The config file ${file} is not valid:\n${problems.join("\n")}`);
  }
  const base = dirname(file);
  const environments = Object.entries(parsed.data.environments).map(
    ([name, env]): EnvironmentSpec => ({
      name,
      apiUrlEnv: env.apiUrlEnv ?? defaultVariable(name, "API_URL"),
      apiKeyEnv: env.apiKeyEnv ?? defaultVariable(name, "API_KEY"),
      ...(env.apiUrl ? { apiUrl: env.apiUrl } : {}),
      ...(env.serviceProviderSid ? { serviceProviderSid: env.serviceProviderSid } : {}),
      insecureHttp: env.insecureHttp ?? false,
      terraformState: list(env.terraformState).map((p) => resolve(base, p)),
      cdktfStack: list(env.cdktfStack).map((p) => resolve(base, p)),
      pulumiExport: list(env.pulumiExport).map((p) => resolve(base, p)),
      ...(env.namePattern ? { namePattern: env.namePattern } : {}),
      aliases: env.aliases ?? [],
      ignoreAccounts: env.ignoreAccounts ?? [],
    }),
  );
  const { compare, maxConcurrentRequests } = parsed.data;
  return {
    file,
    environments,
    ...(compare?.source ? { compare: { source: compare.source } } : {}),
    ...(maxConcurrentRequests !== undefined ? { maxConcurrentRequests } : {}),
  };
}

/** Whether an account name is ignored by one of the patterns (exact name, or `/regex/flags`). */
export function isIgnoredAccount(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
    if (!regex) return pattern === name;
    try {
      return new RegExp(regex[1]!, regex[2]).test(name);
    } catch {
      return false;
    }
  });
}

/** Problems with an ignore list, checked up front so a typo in a regex is an error rather than silence. */
export function ignorePatternProblems(environment: EnvironmentSpec): string[] {
  const problems: string[] = [];
  for (const pattern of environment.ignoreAccounts) {
    const regex = /^\/(.+)\/([a-z]*)$/.exec(pattern);
    if (!regex) continue;
    try {
      new RegExp(regex[1]!, regex[2]);
    } catch (error) {
      problems.push(
        `environment ${environment.name}: ignoreAccounts ${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message})`,
      );
    }
  }
  return problems;
}
