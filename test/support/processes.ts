import { readdirSync, readFileSync } from "node:fs";

/** A process as /proc shows it; `startTime` tells a reused PID from the process we saw. */
export interface ProcessInfo {
  readonly pid: number;
  readonly ppid: number;
  /** Z for a zombie: it has exited and waits for its (new) parent to reap it. */
  readonly state: string;
  readonly startTime: string;
  readonly cmdline: string;
}

/** One process from /proc (Linux only), or undefined when it is gone. */
export function processInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces; the fields after it are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, ppid: Number(fields[1]), state: fields[0] ?? "", startTime: fields[19] ?? "", cmdline };
  } catch {
    return undefined;
  }
}

/** The live child processes of `ppid`. */
export function childProcesses(ppid: number): ProcessInfo[] {
  const children: ProcessInfo[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const info = processInfo(Number(entry));
    if (info && info.ppid === ppid && info.state !== "Z") children.push(info);
  }
  return children;
}

/** True while the process we saw is still running (not gone, not a zombie, its PID not reused). */
export function isRunning(seen: ProcessInfo): boolean {
  const now = processInfo(seen.pid);
  return now !== undefined && now.state !== "Z" && now.startTime === seen.startTime;
}

/** Polls until `condition` holds or `timeoutMs` passes; resolves with whether it held. */
export async function waitFor(condition: () => boolean, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (condition()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
