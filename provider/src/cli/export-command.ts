import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { Redactor } from "../core/client";
import { uuidProblem } from "../core/validation/formats";
import { describeError } from "../drift/errors";
import { silentProgress, streamProgress } from "../drift/progress";
import { loadDeclarations } from "../drift/sources/load";
import { DriftConfigError } from "../drift/sources/source-error";
import { ExportError } from "../export/errors";
import {
  expectedPlanLine,
  needsAttention,
  OUTPUT_FORMATS,
  type OutputFormat,
  resourcesOf,
  SECRET_MODES,
  type SecretMode,
} from "../export/model";
import { compileNamePattern } from "../export/name-pattern";
import { checkOutputDirectory, writeOutputDirectory } from "../export/output-directory";
import { type ExportOptions, runExport } from "../export/run";

export const EXPORT_USAGE = `Usage: voicegateway export --out DIR [options]

Reads the accounts of a Voice Gateway portal and writes configuration that adopts them: per account the
account, its API keys, its recording settings and its limits, each with an import block, so that the first
\`terraform plan\` shows only imports. Secrets are never written. The portal is only read: one account list, then
one API key list and one limits read per account.

Portal:
  --api-url-env VAR           variable holding the API URL (default VOICEGATEWAY_API_URL)
  --api-key-env VAR           variable holding the API key (default VOICEGATEWAY_API_KEY); the key itself is
                              never accepted on the command line
  --service-provider-sid SID  the accounts of this service provider (default $VOICEGATEWAY_SERVICE_PROVIDER_SID;
                              without one, every account the key can see)
  --insecure-http             allow plain http to a host that is not loopback

What to export (default: every account in scope):
  --name PATTERN              accounts whose name matches: a glob ("acme-*", "?" for one character, letter case
                              ignored) or /regex/flags (repeatable; any may match)
  --account-sid SID[,SID]     these accounts only (repeatable); each must exist
  --terraform-state FILE      leave out what this state (or \`terraform show -json\` output) manages (repeatable)
  --cdktf-stack FILE          leave out what this synthesized stack (cdk.tf.json) declares (repeatable)
  --pulumi-export FILE        leave out what this \`pulumi stack export\` holds (repeatable)
                              Accounts those files declare are left out; their API keys, recording and limits
                              that nothing declares are exported, referring to the account by SID.

Output:
  --out DIR                   where to write; it must not exist yet or be empty (nothing is ever overwritten)
  --format FORMAT             hcl (default): providers.tf, variables.tf, account_<name>.tf, README.md;
                              cdktf: a CDKTF TypeScript app (main.ts) over the @voicegateway/iac constructs
  --secrets MODE              hook passwords and bucket secrets the portal stores:
                              keep (default): left out, so the portal keeps them; the first plan is imports only
                              variables: sensitive, ephemeral variables given to the write-only attributes
                              (*_wo, *_wo_version); the first apply sends their values, so the plan also shows
                              one in-place update per resource that has one
  --concurrency N             reads in flight, 1-16 (default 4)
  --quiet                     no progress on stderr
  -h, --help                  show this help

Resource names come from account names (lower case, other characters "_"); accounts whose names come out
alike are told apart by the start of their SID, so a name is the same on every run against the same portal.

Exit codes: 0 written (or nothing left to export: then nothing is written), 2 written, but the provider refuses
some of the portal's values as they are, so the plan fails until they are fixed (README.md "Needs attention",
also on stderr), 1 an error: nothing is written.
`;

export interface ExportIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where relative paths are resolved. @default process.cwd() */
  readonly cwd?: string;
  /** Test hooks for the portal client (retries, rate limit). */
  readonly clientOverrides?: ExportOptions["clientOverrides"];
}

// A flag that looks like it carries a key: refused without echoing anything (shell history and `ps` see it).
const SECRET_FLAG = /^--?(api[-_]?key|token|key|api[-_]?token|bearer)(=|$)/i;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const OPTIONS = {
  "api-url-env": { type: "string" },
  "api-key-env": { type: "string" },
  "service-provider-sid": { type: "string" },
  "insecure-http": { type: "boolean" },
  name: { type: "string", multiple: true },
  "account-sid": { type: "string", multiple: true },
  "terraform-state": { type: "string", multiple: true },
  "cdktf-stack": { type: "string", multiple: true },
  "pulumi-export": { type: "string", multiple: true },
  out: { type: "string" },
  format: { type: "string" },
  secrets: { type: "string" },
  concurrency: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>["values"];

function parse(argv: readonly string[]): Values {
  const secret = argv.find((a) => SECRET_FLAG.test(a));
  if (secret !== undefined) {
    throw new ExportError(
      `${secret.split("=")[0]} is not accepted: an API key on the command line ends up in shell history and in \`ps\`. Put it in an environment variable and pass the variable's NAME with --api-key-env`,
    );
  }
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new ExportError(
      `${(error as Error).message.replace(/\. To specify a positional.*$/s, "")}\nRun "voicegateway export --help" for the options.`,
    );
  }
}

function oneOf<T extends string>(option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new ExportError(`${option} ${JSON.stringify(value)}: must be ${allowed.join(" or ")}`);
  return value as T;
}

interface Plan {
  readonly out: string;
  readonly quiet: boolean;
  readonly options: Omit<ExportOptions, "progress" | "clientOverrides">;
}

/** Every option checked, and the output directory, before the portal is asked anything. */
function plan(values: Values, env: Readonly<Record<string, string | undefined>>, cwd: string): Plan {
  for (const option of ["api-url-env", "api-key-env"] as const) {
    const value = values[option];
    if (value !== undefined && !VARIABLE_NAME.test(value))
      throw new ExportError(`--${option} takes the NAME of an environment variable (letters, digits and _), not a value`);
  }
  if (values.out === undefined || values.out.trim() === "")
    throw new ExportError('--out DIR is required: the directory to write.\nRun "voicegateway export --help" for the options.');
  const out = resolve(cwd, values.out);
  const format = oneOf<OutputFormat>("--format", values.format, OUTPUT_FORMATS, "hcl");
  const secretMode = oneOf<SecretMode>("--secrets", values.secrets, SECRET_MODES, "keep");
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    throw new ExportError(`--concurrency ${JSON.stringify(values.concurrency)}: must be a whole number from 1 to 16`);
  }
  const sp = values["service-provider-sid"] ?? (env.VOICEGATEWAY_SERVICE_PROVIDER_SID?.trim() || undefined);
  if (sp !== undefined && uuidProblem(sp)) {
    const from = values["service-provider-sid"] !== undefined ? "--service-provider-sid" : "VOICEGATEWAY_SERVICE_PROVIDER_SID";
    throw new ExportError(`${from} ${JSON.stringify(sp)}: ${uuidProblem(sp)}`);
  }
  const accountSids = (values["account-sid"] ?? [])
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
  for (const sid of accountSids) if (uuidProblem(sid)) throw new ExportError(`--account-sid ${JSON.stringify(sid)}: ${uuidProblem(sid)}`);
  const names = (values.name ?? []).map((pattern) => ({ pattern, matches: compileNamePattern("--name", pattern) }));

  const files = (list: string[] | undefined) => (list ?? []).map((p) => resolve(cwd, p));
  const sources = {
    terraformState: files(values["terraform-state"]),
    cdktfStack: files(values["cdktf-stack"]),
    pulumiExport: files(values["pulumi-export"]),
  };
  const apiUrlEnv = values["api-url-env"] ?? "VOICEGATEWAY_API_URL";
  const apiKeyEnv = values["api-key-env"] ?? "VOICEGATEWAY_API_KEY";
  checkOutputDirectory("--out", out);
  // The drift command's readers: the same files mean the same objects to both commands.
  const declarations =
    sources.terraformState.length + sources.cdktfStack.length + sources.pulumiExport.length > 0
      ? loadDeclarations({ name: "export", apiUrlEnv, apiKeyEnv, insecureHttp: false, ...sources, aliases: [], ignoreAccounts: [] })
      : undefined;

  const apiUrl = env[apiUrlEnv]?.trim();
  const apiKey = env[apiKeyEnv]?.trim();
  const missing = [...(apiUrl ? [] : [apiUrlEnv]), ...(apiKey ? [] : [apiKeyEnv])];
  if (missing.length > 0)
    throw new ExportError(
      `set ${missing.join(" and ")}: the portal's API ${missing.length === 2 ? "URL and key" : missing[0] === apiKeyEnv ? "key" : "URL"}`,
    );
  return {
    out,
    quiet: values.quiet ?? false,
    options: {
      portal: { apiUrl: apiUrl!, apiKey: apiKey!, ...(values["insecure-http"] ? { insecureHttp: true } : {}) },
      ...(sp ? { serviceProviderSid: sp } : {}),
      names,
      accountSids,
      ...(declarations ? { declarations } : {}),
      secretMode,
      format,
      concurrency,
    },
  };
}

/**
 * `voicegateway export`: exit 0 when the directory is written (or nothing is left to export), 2 when it is written
 * but some of the portal's values fail the provider's validation, 1 on any error, with nothing written. The summary
 * goes to stdout; progress, warnings and errors to stderr. No secret is ever printed or written.
 */
export async function exportCommand(argv: readonly string[], io: ExportIo): Promise<number> {
  const env = io.env ?? process.env;
  const redactor = new Redactor();
  try {
    const values = parse(argv);
    if (values.help) {
      io.stdout.write(EXPORT_USAGE);
      return 0;
    }
    const p = plan(values, env, io.cwd ?? process.cwd());
    redactor.addSecret(p.options.portal.apiKey);
    const { plan: exported, files } = await runExport({
      ...p.options,
      progress: p.quiet ? silentProgress : streamProgress(io.stderr),
      ...(io.clientOverrides ? { clientOverrides: io.clientOverrides } : {}),
    });
    if (exported.accounts.length === 0) {
      io.stdout.write(
        `Nothing to export: no account in scope is left after the filters (${exported.excluded.byFilter} filtered out, ${exported.excluded.declared} declared already); nothing was written.\n`,
      );
      return 0;
    }
    writeOutputDirectory("--out", p.out, files);
    const resources = exported.accounts.flatMap(resourcesOf);
    const secrets = resources.flatMap((r) => r.secrets);
    const lines = [
      `Wrote ${Object.keys(files).length} file(s) to ${p.out}: ${resources.length} resource(s) of ${exported.accounts.length} account(s), read with ${exported.requests} request(s).`,
      `terraform plan should end with: ${expectedPlanLine(exported)}`,
      ...(secrets.length === 0
        ? []
        : exported.secretMode === "keep"
          ? [`${secrets.length} secret(s) left out: the portal keeps them (README.md lists them).`]
          : [`${secrets.length} secret(s) need a value first: ${secrets.map((s) => `TF_VAR_${s.variable}`).join(", ")}.`]),
    ];
    io.stdout.write(`${lines.join("\n")}\n`);
    if (!needsAttention(exported)) return 0;
    const problems = resources.flatMap((r) => r.problems.map((problem) => `  ${r.definition.name} ${r.name}: ${problem}`));
    io.stderr.write(
      redactor.redact(
        `voicegateway export: the plan fails until these values are fixed (README.md, "Needs attention"):\n${problems.join("\n")}\n`,
      ),
    );
    return 2;
  } catch (error) {
    const message = ExportError.is(error) || DriftConfigError.is(error) ? error.message : describeError(error, redactor).message;
    io.stderr.write(`voicegateway export: ${redactor.redact(message)}\n`);
    return 1;
  }
}
