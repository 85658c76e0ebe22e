// One terraform command, timed, with the CPU it and every process it started used (bench only).
import { spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";

export interface TimedRun {
  /** terraform's exit code: 0, or 2 for a plan with changes under `-detailed-exitcode`. */
  readonly exitCode: number;
  readonly ms: number;
  /** terraform and every provider process it started and waited for, user + system. */
  readonly cpuMs: number;
  /** The provider processes alone, as each reported at exit (see `providerReporter`). */
  readonly providerCpuMs: number;
  readonly providerProcesses: number;
  readonly peakProviderRssMb: number;
}

/**
 * terraform runs under `sh`, whose `times` then prints the CPU of its waited-for children: terraform, and through
 * terraform (which waits for its providers) every provider process. Node cannot read a child's rusage itself.
 */
export function timedTerraform(cwd: string, env: NodeJS.ProcessEnv, args: string[], reportFile: string): Promise<TimedRun> {
  rmSync(reportFile, { force: true });
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const script = 'terraform "$@"; status=$?; times >&3; exit $status';
    const child = spawn("sh", ["-c", script, "sh", ...args, "-no-color", "-input=false"], {
      cwd,
      env,
      stdio: ["ignore", "ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let times = "";
    child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
    child.stdio[3]!.on("data", (c: Buffer) => (times += c.toString()));
    child.on("close", (code) => {
      const ms = performance.now() - started;
      if (!(code === 0 || (code === 2 && args.includes("-detailed-exitcode"))))
        return reject(new Error(`terraform ${args.join(" ")}: ${code}\n${stderr.slice(-4000)}`));
      const providers = providerReports(reportFile);
      resolve({
        exitCode: code,
        ms,
        cpuMs: childrenCpuMs(times),
        providerCpuMs: providers.reduce((sum, p) => sum + p.cpuMs, 0),
        providerProcesses: providers.length,
        peakProviderRssMb: Math.round(Math.max(0, ...providers.map((p) => p.maxRssKb)) / 1024),
      });
    });
  });
}

/** The second line of `times`: user and system time of the shell's children, e.g. `0m4.310000s 0m0.020000s`. */
function childrenCpuMs(times: string): number {
  const line = times.trim().split("\n")[1] ?? "";
  const parts = [...line.matchAll(/(\d+)m([\d.]+)s/g)];
  if (parts.length !== 2) throw new Error(`cannot read the CPU time from \`times\`: ${JSON.stringify(times)}`);
  return parts.reduce((sum, [, min, sec]) => sum + (Number(min) * 60 + Number(sec)) * 1000, 0);
}

/** A preload for the provider's `node`: at exit, append its peak RSS (kB) and CPU time (µs) to `reportFile`. */
export function providerReporter(reportFile: string): string {
  return `process.on("exit", () => { const u = process.resourceUsage(); require("fs").appendFileSync(${JSON.stringify(reportFile)}, u.maxRSS + " " + (u.userCPUTime + u.systemCPUTime) + "\\n"); });\n`;
}

function providerReports(reportFile: string): { maxRssKb: number; cpuMs: number }[] {
  let text = "";
  try {
    text = readFileSync(reportFile, "utf8");
  } catch {
    return [];
  }
  return text
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [rss, cpu] = line.split(" ").map(Number);
      return { maxRssKb: rss!, cpuMs: cpu! / 1000 };
    });
}
