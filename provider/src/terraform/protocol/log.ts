/**
 * Provider logging in go-hclog's JSON line format on stderr. go-plugin (inside terraform) parses each stderr line
 * with `@level`, `@message` and `@timestamp` and re-logs it under the provider's name at that level, so the lines
 * appear in `TF_LOG` / `TF_LOG_PROVIDER` output like a Go provider's. Every other key becomes a key/value pair.
 *
 * Pitfall: go-plugin parses `@timestamp` with exactly six fractional digits ("…T15:04:05.000000Z"); with
 * JavaScript's three (toISOString) the line fails to parse and is demoted to a plain DEBUG line.
 */

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error" | "off";

const RANK: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4, off: 5 };

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  readonly level: LogLevel;
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  isEnabled(level: Exclude<LogLevel, "off">): boolean;
  /** A logger that adds `fields` to every line. */
  with(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** @default "provider.voicegateway" */
  readonly module?: string;
  /** @default - from TF_LOG_PROVIDER, else TF_LOG, else "warn" */
  readonly level?: LogLevel;
  /** Where finished lines go (without the newline). @default - process.stderr */
  readonly write?: (line: string) => void;
  readonly fields?: LogFields;
}

/**
 * The level Terraform users ask for: TF_LOG_PROVIDER wins over TF_LOG; "JSON" and unrecognised values mean trace
 * (as in Terraform itself); unset means warn.
 */
export function logLevelFromEnv(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const raw = (env.TF_LOG_PROVIDER || env.TF_LOG || "").trim().toLowerCase();
  if (raw === "") return "warn";
  if (raw in RANK) return raw as LogLevel;
  return "trace";
}

/** hclog's JSON time format, in UTC with microseconds. */
export function hclogTimestamp(epochMs: number = performance.timeOrigin + performance.now()): string {
  const wholeMs = Math.floor(epochMs);
  const micros = Math.floor((epochMs - wholeMs) * 1000);
  return new Date(wholeMs).toISOString().replace(/Z$/, `${String(micros).padStart(3, "0")}Z`);
}

const RESERVED = new Set(["@level", "@message", "@timestamp", "@module"]);

function jsonSafe(value: unknown): unknown {
  if (value instanceof Error) return value.message;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  return value;
}

function formatLine(level: Exclude<LogLevel, "off">, module: string, message: string, fields: LogFields[]): string {
  const record: Record<string, unknown> = {
    "@level": level,
    "@message": message,
    "@module": module,
    "@timestamp": hclogTimestamp(),
  };
  for (const group of fields) {
    for (const [key, value] of Object.entries(group)) {
      if (value !== undefined && !RESERVED.has(key)) record[key] = jsonSafe(value);
    }
  }
  try {
    return JSON.stringify(record);
  } catch {
    return JSON.stringify({ ...record, fields: "[unserializable]" });
  }
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const module = options.module ?? "provider.voicegateway";
  const level = options.level ?? logLevelFromEnv();
  const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  return makeLogger(module, level, write, options.fields ? [options.fields] : []);
}

function makeLogger(module: string, level: LogLevel, write: (line: string) => void, context: LogFields[]): Logger {
  const threshold = RANK[level];
  const emit = (at: Exclude<LogLevel, "off">) => (message: string, fields?: LogFields) => {
    if (RANK[at] < threshold) return;
    write(formatLine(at, module, message, fields ? [...context, fields] : context));
  };
  return {
    level,
    trace: emit("trace"),
    debug: emit("debug"),
    info: emit("info"),
    warn: emit("warn"),
    error: emit("error"),
    isEnabled: (at) => RANK[at] >= threshold,
    with: (fields) => makeLogger(module, level, write, [...context, fields]),
  };
}

let defaultLogger: Logger | undefined;

/** The process-wide provider logger (level read from the environment on first use). */
export function providerLogger(): Logger {
  defaultLogger ??= createLogger();
  return defaultLogger;
}
