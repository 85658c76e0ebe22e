import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { CHECK_FORMATS, type CheckFormat, type RunCheckOptions, renderCheckReport, runCheck, scratchAccountName } from "../portal-check";

export const CHECK_PORTAL_USAGE = `Usage: voicegateway check-portal [options]

Checks, before a first apply, that a Voice Gateway portal behaves as the provider assumes (Cognigy's builds may
differ from the upstream server), and reports each assumption as holds, differs (with what differs and what the
provider will do about it) or could not check.

By default it creates scratch accounts named vg-check-portal-<random> (two: the second, with the same name, shows
whether the portal allows duplicate names) and works only inside them: fake recording credentials, limits, an API
key, an application, a webhook-secret regeneration. It deletes them at the end, also when something fails, and
names any it could not delete. Nothing else in the portal is changed.

Portal (as for the provider):
  VOICEGATEWAY_API_URL         the API URL, e.g. https://vg.example.com/api/v1
  VOICEGATEWAY_API_KEY         an admin or service-provider API key (never accepted on the command line)
  --service-provider-sid SID   where the scratch accounts go and whose account list is read
                               (default $VOICEGATEWAY_SERVICE_PROVIDER_SID; an admin key needs one)
  --insecure-http              allow plain http to a host that is not loopback

Mode:
  --read-only                  send GET requests only; what reads cannot show is "could not check"
  --yes                        create the scratch accounts without asking (CI); without it the command asks on
                               a terminal, and refuses when stdin is not one

Output:
  --format FORMAT              table (default) or json (the shape is described in the README)
  --quiet                      no progress on stderr
  -h, --help                   show this help

Exit codes: 0 nothing differs (assumptions that could not be checked are listed), 2 something differs,
1 an error: the check could not run, a probe failed, or a scratch account could not be deleted.
`;

export interface CheckPortalIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Where the confirmation is read; only a terminal is asked. @default process.stdin */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** For tests: faster retries. */
  readonly clientOverrides?: RunCheckOptions["clientOverrides"];
}

class UsageError extends Error {
  override readonly name = "UsageError";
}

// A flag that looks like it carries a key: refuse it without echoing anything (shell history and `ps` see it).
const SECRET_FLAG = /^--?(api[-_]?key|token|key|api[-_]?token|bearer)(=|$)/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const OPTIONS = {
  "service-provider-sid": { type: "string" },
  "insecure-http": { type: "boolean" },
  "read-only": { type: "boolean" },
  yes: { type: "boolean", short: "y" },
  format: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function parse(argv: readonly string[]) {
  const secret = argv.find((a) => SECRET_FLAG.test(a));
  if (secret !== undefined) {
    throw new UsageError(
      `${secret.split("=")[0]} is not accepted: an API key on the command line ends up in shell history and in \`ps\`. Set VOICEGATEWAY_API_KEY instead`,
    );
  }
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(
      `${(error as Error).message.replace(/\. To specify a positional.*$/s, "")}\nRun "voicegateway check-portal --help" for the options.`,
    );
  }
}

/** Asks on a terminal; anywhere else (CI, a pipe) there is nobody to ask, so it is a refusal, not a yes. */
async function confirmed(io: CheckPortalIo): Promise<boolean> {
  const stdin = io.stdin ?? process.stdin;
  if (stdin.isTTY !== true) {
    throw new UsageError(
      "refusing to create scratch accounts without confirmation: stdin is not a terminal. Pass --yes to proceed (CI), or --read-only to only read",
    );
  }
  const prompt = createInterface({ input: stdin, output: io.stderr, terminal: false });
  try {
    return /^y(es)?$/i.test((await prompt.question("Proceed? [y/N] ")).trim());
  } finally {
    prompt.close();
  }
}

/**
 * `voicegateway check-portal`: exit 0 when nothing differs, 2 when something does, 1 on any error. The report goes
 * to stdout, progress and the scratch-account notice to stderr. The report passes through the run's redactor (the
 * API key, every secret sent or received), and the key is never accepted as an argument.
 */
export async function checkPortalCommand(argv: readonly string[], io: CheckPortalIo): Promise<number> {
  const env = io.env ?? process.env;
  const fail = (message: string) => {
    io.stderr.write(`voicegateway check-portal: ${message}\n`);
    return 1;
  };
  try {
    const values = parse(argv);
    if (values.help) {
      io.stdout.write(CHECK_PORTAL_USAGE);
      return 0;
    }
    const format = (values.format ?? "table") as CheckFormat;
    if (!CHECK_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${CHECK_FORMATS.join(", ")}`);
    const apiUrl = env.VOICEGATEWAY_API_URL?.trim();
    const apiKey = env.VOICEGATEWAY_API_KEY?.trim();
    const missing = [...(apiUrl ? [] : ["VOICEGATEWAY_API_URL"]), ...(apiKey ? [] : ["VOICEGATEWAY_API_KEY"])];
    if (missing.length > 0)
      throw new UsageError(`set ${missing.join(" and ")} (the portal's API URL and an admin or service-provider API key)`);
    const serviceProviderSid = values["service-provider-sid"] ?? (env.VOICEGATEWAY_SERVICE_PROVIDER_SID?.trim() || undefined);
    if (serviceProviderSid !== undefined && !UUID.test(serviceProviderSid))
      throw new UsageError("--service-provider-sid must be a service provider SID (a UUID)");
    const readOnly = values["read-only"] ?? false;
    const quiet = values.quiet ?? false;

    const scratchName = scratchAccountName();
    if (!readOnly) {
      // Said before anything is sent, whether or not --yes was given: the log shows what the check did.
      io.stderr.write(
        `voicegateway check-portal will create scratch accounts named ${scratchName}* in ${serviceProviderSid ? `service provider ${serviceProviderSid}` : "the API key's service provider"} ` +
          `of ${apiUrl}, exercise them (fake recording credentials, limits, an API key, an application) and delete them. Nothing else is changed.\n`,
      );
      if (!values.yes && !(await confirmed(io))) return fail("cancelled; nothing was sent");
    }
    const report = await runCheck({
      apiUrl: apiUrl!,
      apiKey: apiKey!,
      ...(serviceProviderSid ? { serviceProviderSid } : {}),
      insecureHttp: values["insecure-http"] ?? false,
      readOnly,
      scratchName,
      ...(quiet ? {} : { progress: (line: string) => io.stderr.write(`[check-portal] ${line}\n`) }),
      ...(io.clientOverrides ? { clientOverrides: io.clientOverrides } : {}),
    });
    io.stdout.write(renderCheckReport(report, format));
    for (const account of report.scratchAccounts.filter((a) => !a.deleted)) {
      io.stderr.write(
        `voicegateway check-portal: scratch account ${account.sid} (${account.name}) could not be deleted; delete it by hand\n`,
      );
    }
    return report.exitCode;
  } catch (error) {
    // Before the run (usage, configuration) or the client refusing its options: nothing was created. Errors carry
    // no key: the client redacts its own, and the key is never part of a usage message.
    const message = error instanceof Error ? error.message : String(error);
    const key = env.VOICEGATEWAY_API_KEY?.trim();
    return fail(key ? message.split(key).join("(redacted)") : message);
  }
}
