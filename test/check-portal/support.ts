import { Readable, Writable } from "node:stream";
import { checkPortalCommand } from "../../provider/src/cli/check-portal-command";
import { PortalClient } from "../../provider/src/core/client";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../provider/src/emulator";
import { type CheckReport, type ProbeResult } from "../../provider/src/portal-check";

/** A stream that keeps what is written, for the command's stdout and stderr. */
export class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface CheckRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as the report (only with --format json). */
  report(): CheckReport;
  probe(id: string): ProbeResult;
}

export interface Target {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly serviceProviderSid?: string;
}

export const emulatorTarget = (emulator: RunningEmulator, apiKey = emulator.adminKey): Target => ({
  apiUrl: emulator.apiUrl,
  apiKey,
  serviceProviderSid: emulator.serviceProviderSid,
});

/** A stdin that is a terminal (as far as the command can tell) and types `answer`. */
export function terminalTyping(answer: string): Readable & { isTTY: true } {
  return Object.assign(Readable.from([`${answer}\n`]), { isTTY: true as const });
}

/** Runs `voicegateway check-portal` in-process against `target`; stdin is not a terminal unless given. */
export async function checkPortal(
  target: Target,
  argv: readonly string[],
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean },
): Promise<CheckRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const env: Record<string, string> = { VOICEGATEWAY_API_URL: target.apiUrl, VOICEGATEWAY_API_KEY: target.apiKey };
  if (target.serviceProviderSid) env.VOICEGATEWAY_SERVICE_PROVIDER_SID = target.serviceProviderSid;
  const code = await checkPortalCommand(argv, {
    stdout,
    stderr,
    env,
    stdin: stdin ?? Object.assign(Readable.from([]), { isTTY: false }),
    clientOverrides: { retry: { baseDelayMs: 1, maxDelayMs: 5 } },
  });
  const report = () => JSON.parse(stdout.text) as CheckReport;
  return {
    code,
    stdout: stdout.text,
    stderr: stderr.text,
    report,
    probe: (id) => {
      const found = report().probes.find((p) => p.id === id);
      if (!found) throw new Error(`no probe ${id} in the report`);
      return found;
    },
  };
}

/** The usual run in CI: with scratch accounts, without asking, JSON on stdout. */
export const checkWithScratch = (target: Target, ...more: string[]) => checkPortal(target, ["--yes", "--format", "json", ...more]);

/** An emulator (rate limit on, as the portal's) for one test; closed by `close`. */
export async function emulatorWith(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator(options);
}

/** Every account the admin key sees, for "nothing else was touched" checks. */
export async function allAccounts(emulator: RunningEmulator): Promise<Record<string, unknown>[]> {
  const client = new PortalClient({ apiUrl: emulator.apiUrl, apiKey: emulator.adminKey, rateLimit: false });
  try {
    return (await client.get(["Accounts"])) as Record<string, unknown>[];
  } finally {
    await client.close();
  }
}
