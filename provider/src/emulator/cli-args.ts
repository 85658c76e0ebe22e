import { checkCorsOrigin } from "./cors";
import { type EmulatorOptions } from "./start-emulator";

export const CLI_USAGE = `Usage: voicegateway-emulator [options]

A local stand-in for the Voice Gateway portal API (jambonz api-server), for tests and sandboxes.
Prints VOICEGATEWAY_API_URL, VOICEGATEWAY_API_KEY and VOICEGATEWAY_SERVICE_PROVIDER_SID, one per line,
then serves until SIGINT or SIGTERM.

Options:
  --port N              port to listen on; 0 picks a free one (default 0)
  --host HOST           address to bind (default 127.0.0.1); anything else lets other machines in
  --state FILE          keep the portal in FILE so several processes share it; an existing file is reused
  --latency-ms N        delay every request by N milliseconds (default 0)
  --rate-limit MAX/SECS shared fixed-window rate limit (default 600/300)
  --no-rate-limit       turn rate limiting off
  --admin-key TOKEN     token of the seeded admin API key (default: random UUID v4, or the one in --state)
  --cors-origin ORIGIN  let web pages from ORIGIN (scheme://host[:port]) call it from a browser; repeatable;
                        * allows any origin. Pages on this machine (http://localhost:*, http://127.0.0.1:*)
                        are always allowed
  --write-env-file FILE once listening, also write the three variables as \`export\` lines to FILE (mode 600,
                        removed on exit), for a shell to wait for and source: see the README
  --verbose             log each request (method, path, status, time) to stderr; bodies are never logged
  -h, --help            show this help
`;

export type CliCommand =
  | { readonly kind: "help" }
  | { readonly kind: "run"; readonly options: EmulatorOptions; readonly verbose: boolean; readonly envFile?: string };

export class CliUsageError extends Error {
  override readonly name = "CliUsageError";
}

const VALUE_FLAGS = new Set([
  "--port",
  "--host",
  "--state",
  "--latency-ms",
  "--rate-limit",
  "--admin-key",
  "--cors-origin",
  "--write-env-file",
]);

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const values = new Map<string, string>();
  const corsOrigins: string[] = [];
  let verbose = false;
  let noRateLimit = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? "";
    if (arg === "-h" || arg === "--help") return { kind: "help" };
    if (arg === "--verbose") {
      verbose = true;
      continue;
    }
    if (arg === "--no-rate-limit") {
      noRateLimit = true;
      continue;
    }
    const [flag = "", inline] = arg.split(/=(.*)/s, 2);
    if (!VALUE_FLAGS.has(flag)) throw new CliUsageError(`unknown option: ${arg}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new CliUsageError(`${flag} needs a value`);
    if (flag === "--cors-origin") corsOrigins.push(corsOrigin(value));
    else values.set(flag, value);
  }
  if (noRateLimit && values.has("--rate-limit")) throw new CliUsageError("--rate-limit and --no-rate-limit conflict");

  const port = values.has("--port") ? integer("--port", values.get("--port") ?? "", 0, 65535) : 0;
  const latencyMs = values.has("--latency-ms") ? integer("--latency-ms", values.get("--latency-ms") ?? "", 0) : 0;
  const host = values.get("--host");
  const stateFile = values.get("--state");
  const adminKey = values.get("--admin-key");
  const rateLimitArg = values.get("--rate-limit");
  const options: EmulatorOptions = {
    port,
    latencyMs,
    ...(host !== undefined ? { host } : {}),
    ...(stateFile !== undefined ? { stateFile } : {}),
    ...(adminKey !== undefined ? { adminKey } : {}),
    ...(noRateLimit ? { rateLimit: false as const } : {}),
    ...(rateLimitArg !== undefined ? { rateLimit: parseRateLimit(rateLimitArg) } : {}),
    ...(corsOrigins.length > 0 ? { corsOrigins } : {}),
  };
  const envFile = values.get("--write-env-file");
  return { kind: "run", options, verbose, ...(envFile !== undefined ? { envFile } : {}) };
}

function corsOrigin(value: string): string {
  try {
    return checkCorsOrigin(value);
  } catch (err) {
    throw new CliUsageError(`--cors-origin: ${(err as Error).message}`);
  }
}

function parseRateLimit(value: string): { max: number; windowSecs: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  if (!match) throw new CliUsageError(`--rate-limit takes MAX/WINDOW_SECS, e.g. 600/300 (got ${value})`);
  const max = integer("--rate-limit", match[1] ?? "", 1);
  const windowSecs = integer("--rate-limit", match[2] ?? "", 1);
  return { max, windowSecs };
}

function integer(flag: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new CliUsageError(`${flag} takes an integer from ${min} to ${max} (got ${value})`);
  }
  return n;
}
