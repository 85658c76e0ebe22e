/**
 * What terraform's trace log (TF_LOG=trace) says about each provider process it started. go-plugin's lines carry
 * millisecond timestamps and the pid:
 *   2026-11-25T15:19:43.101Z [DEBUG] provider: plugin started: path=... pid=27820
 *   2026-11-25T15:19:43.573Z [TRACE] GRPCProvider.v6: Close
 *   2026-11-25T15:19:43.590Z [INFO]  provider: plugin process exited: plugin=... id=27820
 * An exit that was not clean (non-zero status, killed after the grace period) is logged with `error=...`.
 */
export interface ProviderProcess {
  readonly pid: string;
  /** When terraform closed it (epoch ms), if it did. */
  closedAt?: number;
  /** When it exited (epoch ms), if the log says so. */
  exitedAt?: number;
  /** go-plugin's error for an exit that was not clean. */
  exitError?: string;
}

const at = (line: string): number => Date.parse(line.slice(0, 24));

export function providerProcesses(log: string): ProviderProcess[] {
  const processes: ProviderProcess[] = [];
  for (const line of log.split("\n")) {
    const started = /provider: plugin started: .* pid=(\d+)/.exec(line);
    if (started) processes.push({ pid: started[1]! });
    // terraform closes the provider it is done with; one is open at a time in a command
    if (line.includes("GRPCProvider.v6: Close")) {
      const open = processes.findLast((p) => p.closedAt === undefined && p.exitedAt === undefined);
      if (open) open.closedAt = at(line);
    }
    const exited = /provider: plugin process exited: .* id=(\d+)(?: error=(.*))?/.exec(line);
    if (exited) {
      const process = processes.findLast((p) => p.pid === exited[1]);
      if (process) {
        process.exitedAt = at(line);
        if (exited[2] !== undefined) process.exitError = exited[2];
      }
    }
  }
  return processes;
}
