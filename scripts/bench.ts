// Figures, not pass/fail: npm run bench [-- --sizes 50,200,500 --latency-ms 20 --no-rate-limit --starts 15 --no-sea]
// Provider start-up (the Node launcher and the single executable, beside a bare `node -e 0`) and shutdown, and for N
// accounts (each with a key, recording and limits) the wall time, CPU time (terraform, and the provider processes),
// peak memory and portal requests of apply, a no-change plan and destroy, against the emulator with per-request
// latency and the portal's default rate limit; beside each, the same graph with terraform_data (no provider process
// at all), and beside the plan the same plan with a provider that does no work (scripts/bench/no-work-provider.ts,
// the share of the process model and the protocol). Every time figure lives here rather than in the tests, whose
// verdicts must not depend on machine load.

import { spawn } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type BuildOptions, build } from "esbuild";
import { DEFAULT_RATE_LIMIT, type RunningEmulator, startEmulator } from "../provider/src/emulator";
import { installIntoPluginDirectory, launcherScript, writeMirrorCliConfig } from "../provider/src/terraform/install/local-mirror";
import { terraformPlatform } from "../provider/src/terraform/install/platform";
import { BUNDLE_FILE } from "../provider/src/terraform/install/provider-address";
import { providerProcesses } from "../test/support/plugin-log";
import { TerraformEngine } from "../test/support/terraform-engine";
import { providerReporter, type TimedRun, timedTerraform } from "./bench/timed-terraform";
import { nodeBinary } from "./release/node-binary";
import { cachedSingleExecutable } from "./release/single-executable";

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "50,200,500" },
    "latency-ms": { type: "string", default: "20" },
    "no-rate-limit": { type: "boolean", default: false },
    starts: { type: "string", default: "15" },
    "no-sea": { type: "boolean", default: false },
  },
});
const sizes = values.sizes
  .split(",")
  .map(Number)
  .filter((n) => n > 0); // --sizes 0: start-up only
const latencyMs = Number(values["latency-ms"]);
const rateLimit = values["no-rate-limit"] ? undefined : DEFAULT_RATE_LIMIT;
/** The least time the portal's fixed window allows for this many requests, starting in a fresh window. */
const rateLimitFloorMs = (requests: number) =>
  rateLimit ? Math.max(0, Math.ceil(requests / rateLimit.max) - 1) * rateLimit.windowSecs * 1000 : 0;

const work = mkdtempSync(join(tmpdir(), "vg-bench-"));
const reportFile = join(work, "provider-report.log");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]) => ({ medianMs: median(xs), minMs: Math.min(...xs), maxMs: Math.max(...xs), runs: xs.length });
/** Targets the provider is built to, printed beside the figures (terraform starts it about 4 times per apply). */
const TARGETS = { handshakeMs: 150, shutdownExitMs: 100 };
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** terraform with its trace log (TF_LOG=trace: plugin start, Close and exit lines), returning that log. */
function terraformTrace(cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [...args, "-no-color", "-input=false"], {
      cwd,
      env: { ...env, TF_LOG: "trace" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) =>
      code === 0 || (code === 2 && args.includes("-detailed-exitcode"))
        ? resolve(stderr)
        : reject(new Error(`terraform ${args.join(" ")}: ${code}\n${stderr.slice(-4000)}`)),
    );
  });
}

interface Run extends TimedRun {
  requests: number;
  rateLimited: number;
}

/** Requests per operation the provider is built to (README): apply 6N + O(1), a no-change plan 1 + 2N, destroy 6N + 1. */
const REQUEST_FLOOR = { apply: (n: number) => 6 * n, plan: (n: number) => 1 + 2 * n, destroy: (n: number) => 6 * n + 1 };

/** A bare `node -e 0`, spawn to exit: what any Node program costs to start, on this machine, in this run. */
function bareNodeMs(env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore", env: { ...process.env, ...env } });
    child.on("error", reject);
    child.on("exit", () => resolve(performance.now() - started));
  });
}

function terraform(cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [...args, "-no-color", "-input=false"], { cwd, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) =>
      code === 0 || (code === 2 && args.includes("-detailed-exitcode"))
        ? resolve(performance.now() - started)
        : reject(new Error(`terraform ${args.join(" ")}: ${code}\n${stderr}`)),
    );
  });
}

function stack(n: number): string {
  const out = ['terraform {\n  required_providers {\n    voicegateway = { source = "voicegateway/voicegateway" }\n  }\n}'];
  // --no-rate-limit lifts the provider's own pacing too, through its documented settings, as a user would for a
  // portal whose limit is raised: otherwise it still spends at most 540 requests per 300 s.
  if (!rateLimit) out.push('provider "voicegateway" {\n  rate_limit_requests    = 1000000\n  rate_limit_window_secs = 1\n}');
  for (let i = 0; i < n; i++) {
    out.push(`resource "voicegateway_account" "a${i}" {
  name = "bench-${i}"
}
resource "voicegateway_account_api_key" "a${i}" {
  account_sid = voicegateway_account.a${i}.id
}
resource "voicegateway_account_recording" "a${i}" {
  account_sid = voicegateway_account.a${i}.id
  aws_s3      = { bucket = "bench-recordings", region = "us-east-1", access_key_id = "AKIAIOSFODNN7EXAMPLE", secret_access_key = "benchmark/secret/value/0000000000000000" }
}
resource "voicegateway_account_limits" "a${i}" {
  account_sid = voicegateway_account.a${i}.id
  max         = 100
  licensed    = 50
}`);
  }
  return out.join("\n");
}

const PROVIDER_BUILD = {
  bundle: true,
  platform: "node",
  target: "node20",
  logLevel: "warning",
  minify: true,
  keepNames: true,
} as const satisfies BuildOptions;

/** The floor: the same number of resources, chained the same way, with terraform's built-in terraform_data. */
function floorStack(n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`resource "terraform_data" "a${i}" { input = "bench-${i}" }`);
    for (const child of ["key", "recording", "limits"])
      out.push(`resource "terraform_data" "${child}${i}" { input = terraform_data.a${i}.id }`);
  }
  return out.join("\n");
}

/** Each operation starts in a fresh rate-limit window, as a pipeline run does when nothing else used the portal lately. */
async function measure(emulator: RunningEmulator, cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<Run> {
  emulator.requests.clear();
  emulator.resetRateLimit();
  const run = await timedTerraform(cwd, env, args, reportFile);
  return { ...run, requests: emulator.requests.count(), rateLimited: emulator.requests.count({ status: 429 }) };
}

async function main() {
  console.error(`bench: building the provider into ${work}`);
  const bundle = join(work, "bundle", "terraform-provider-voicegateway.js");
  await build({ ...PROVIDER_BUILD, entryPoints: ["provider/src/bin/terraform-provider-voicegateway.ts"], outfile: bundle });
  const installed = installIntoPluginDirectory(join(work, "mirror"), bundle);
  // Peak RSS and CPU time of every provider process: a preload writes them at exit (bench only).
  const reporter = join(work, "provider-reporter.js");
  writeFileSync(reporter, providerReporter(reportFile));
  writeFileSync(installed.executable, launcherScript(BUNDLE_FILE, `--require ${reporter}`));
  writeMirrorCliConfig(join(work, "terraformrc"), join(work, "mirror"));
  // The protocol floor: the same schema and plugin server answering without work (no-work-provider.ts), installed
  // under the same address in a mirror of its own, with the same launcher and preload.
  const noWorkBundle = join(work, "no-work-bundle", "terraform-provider-voicegateway.js");
  await build({ ...PROVIDER_BUILD, entryPoints: ["scripts/bench/no-work-provider.ts"], outfile: noWorkBundle });
  const noWork = installIntoPluginDirectory(join(work, "no-work-mirror"), noWorkBundle);
  writeFileSync(noWork.executable, launcherScript(BUNDLE_FILE, `--require ${reporter}`));
  writeMirrorCliConfig(join(work, "no-work-terraformrc"), join(work, "no-work-mirror"));

  // 1. Start to handshake, the way go-plugin starts it (cookie, AutoMTLS client certificate), and
  //    GRPCController.Shutdown to process exit, the way terraform stops it: the `#!/bin/sh` launcher running node on
  //    the bundle, and the single executable with Node.js embedded, taking turns.
  const launcher = installIntoPluginDirectory(join(work, "launcher"), bundle).executable;
  const executables: Record<string, string> = { launcher };
  if (!values["no-sea"]) {
    const node = await nodeBinary(terraformPlatform());
    if (node)
      executables["single executable"] = await cachedSingleExecutable(bundle, node, join("node_modules", ".cache", "voicegateway-sea"));
    else
      console.error(`bench: no Node.js ${process.versions.node} binary for ${terraformPlatform()} on npm; single executable not measured`);
  }
  // NODE_EXTRA_CA_CERTS makes every Node start, a bare one too, load those certificates first (about 90 ms for a
  // system bundle): the ratio to a bare start then looks better than on a machine without it. Where it is set,
  // every start is measured without it too, each beside the bare start of the same environment.
  const environments: Record<string, NodeJS.ProcessEnv> = { "": {} };
  if (process.env.NODE_EXTRA_CA_CERTS) environments[", without NODE_EXTRA_CA_CERTS"] = { NODE_EXTRA_CA_CERTS: undefined };
  const commands: Record<string, { command: string; environment: string }> = {};
  for (const environment of Object.keys(environments)) {
    for (const [name, command] of Object.entries(executables)) commands[`${name}${environment}`] = { command, environment };
  }
  const starts: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  const exits: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  // The handshake alone flatters anything loaded after it: terraform's first call waits for that too.
  const firstAnswers: Record<string, number[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  const bareNodes: Record<string, number[]> = Object.fromEntries(Object.keys(environments).map((environment) => [environment, []]));
  for (let i = 0; i < Number(values.starts); i++) {
    for (const [environment, env] of Object.entries(environments)) bareNodes[environment]!.push(await bareNodeMs(env));
    for (const [name, { command, environment }] of Object.entries(commands)) {
      const startedAt = performance.now();
      const engine = await TerraformEngine.start({ command, args: [], env: environments[environment]! });
      starts[name]!.push(engine.handshakeMs);
      await engine.provider.getProviderSchema();
      firstAnswers[name]!.push(performance.now() - startedAt);
      const stopped = await engine.shutdown();
      if (stopped.code !== 0) throw new Error(`the provider (${name}) did not exit cleanly after Shutdown: ${JSON.stringify(stopped)}`);
      exits[name]!.push(stopped.exitMs);
    }
  }
  const startup = Object.fromEntries(Object.entries(starts).map(([name, xs]) => [name, spread(xs)]));
  const shutdown = Object.fromEntries(Object.entries(exits).map(([name, xs]) => [name, spread(xs)]));
  const firstAnswer = Object.fromEntries(Object.entries(firstAnswers).map(([name, xs]) => [name, spread(xs)]));
  const bareByEnvironment = Object.fromEntries(Object.entries(bareNodes).map(([environment, xs]) => [environment, spread(xs)]));
  const bare = bareByEnvironment[""]!;
  /** Start to handshake over a bare node start in the same environment, medians of the same run (taking turns). */
  const startRatio = Object.fromEntries(
    Object.entries(commands).map(([name, { environment }]) => [
      name,
      Number((startup[name]!.medianMs / bareByEnvironment[environment]!.medianMs).toFixed(2)),
    ]),
  );
  for (const [environment, spreadOf] of Object.entries(bareByEnvironment))
    console.error(`bench: bare \`node -e 0\`${environment}, spawn to exit, median ${spreadOf.medianMs.toFixed(0)} ms`);
  for (const name of Object.keys(commands)) {
    console.error(
      `bench: ${name}: start to handshake, median ${startup[name]!.medianMs.toFixed(0)} ms (${startRatio[name]}x bare node); to the first GetProviderSchema answer, median ${firstAnswer[name]!.medianMs.toFixed(0)} ms; Shutdown to exit, median ${shutdown[name]!.medianMs.toFixed(0)} ms`,
    );
  }
  let terraformShutdown: ReturnType<typeof spread> | undefined;

  const results: Record<string, unknown>[] = [];
  const summary = () => ({
    date: new Date().toISOString(),
    options: values,
    node: process.version,
    bareNode: bare,
    bareNodeByEnvironment: bareByEnvironment,
    startup,
    startRatio,
    firstAnswer,
    shutdown,
    terraformShutdown,
    latencyMs,
    rateLimit: rateLimit ?? "off",
    results,
  });
  mkdirSync("bench-results", { recursive: true });
  const partial = join("bench-results", "bench-partial.json");
  for (const n of sizes) {
    const emulator = await startEmulator({ latencyMs, rateLimit: rateLimit ?? false });
    const env = {
      PATH: process.env.PATH ?? "",
      HOME: work,
      TF_CLI_CONFIG_FILE: join(work, "terraformrc"),
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
      VOICEGATEWAY_API_URL: emulator.apiUrl,
      VOICEGATEWAY_API_KEY: emulator.adminKey,
      VOICEGATEWAY_SERVICE_PROVIDER_SID: emulator.serviceProviderSid,
    };
    const dir = join(work, `n${n}`);
    const floorDir = join(work, `floor${n}`);
    mkdirSync(dir);
    mkdirSync(floorDir);
    writeFileSync(join(dir, "main.tf"), stack(n));
    writeFileSync(join(floorDir, "main.tf"), floorStack(n));
    await terraform(dir, env, ["init"]);
    await terraform(floorDir, env, ["init"]);

    console.error(`bench: N=${n}: apply`);
    const apply = await measure(emulator, dir, env, ["apply", "-auto-approve"]);
    console.error(`bench: N=${n}: no-change plan`);
    const plan = await measure(emulator, dir, env, ["plan", "-detailed-exitcode"]);
    if (terraformShutdown === undefined) {
      // Once: terraform's own Close to the provider's exit, from terraform's trace log of a no-change plan.
      console.error(`bench: N=${n}: no-change plan with terraform's trace log, for provider shutdown`);
      const log = await terraformTrace(dir, env, ["plan", "-detailed-exitcode"]);
      const delays = providerProcesses(log).flatMap((p) =>
        p.closedAt !== undefined && p.exitedAt !== undefined ? [p.exitedAt - p.closedAt] : [],
      );
      if (delays.length > 0) terraformShutdown = spread(delays);
    }
    console.error(`bench: N=${n}: no-change plan with the no-work provider`);
    const noWorkDir = join(work, `no-work${n}`);
    mkdirSync(noWorkDir);
    for (const file of ["main.tf", "terraform.tfstate"]) copyFileSync(join(dir, file), join(noWorkDir, file));
    const noWorkEnv = { ...env, TF_CLI_CONFIG_FILE: join(work, "no-work-terraformrc") };
    await terraform(noWorkDir, noWorkEnv, ["init"]);
    const noWorkPlan = await timedTerraform(noWorkDir, noWorkEnv, ["plan", "-detailed-exitcode"], reportFile);
    // Either plan finding a change would compare a different amount of work with the floor.
    for (const [name, run] of [
      ["the provider", plan],
      ["the no-work provider", noWorkPlan],
    ] as const)
      if (run.exitCode !== 0) throw new Error(`the no-change plan with ${name} planned changes (exit code ${run.exitCode})`);
    console.error(`bench: N=${n}: destroy`);
    const destroy = await measure(emulator, dir, env, ["destroy", "-auto-approve"]);
    // terraform_data: the same graph with no provider process, wall and CPU time.
    const floorRuns = {
      apply: await timedTerraform(floorDir, env, ["apply", "-auto-approve"], reportFile),
      plan: await timedTerraform(floorDir, env, ["plan", "-detailed-exitcode"], reportFile),
      destroy: await timedTerraform(floorDir, env, ["destroy", "-auto-approve"], reportFile),
    };
    const floor = Object.fromEntries(Object.entries(floorRuns).map(([op, run]) => [op, run.ms]));
    const floorCpuMs = Object.fromEntries(Object.entries(floorRuns).map(([op, run]) => [op, run.cpuMs]));
    const requestFloor = { apply: REQUEST_FLOOR.apply(n), plan: REQUEST_FLOOR.plan(n), destroy: REQUEST_FLOOR.destroy(n) };
    await emulator.close();
    results.push({
      n,
      resources: 4 * n,
      apply,
      plan,
      noWorkPlan,
      destroy,
      floor,
      floorCpuMs,
      requestFloor,
      peakProviderRssMb: Math.max(apply.peakProviderRssMb, plan.peakProviderRssMb, destroy.peakProviderRssMb),
    });
    // Written after every size: a run of the largest sizes takes long, and an interrupted one keeps what it measured.
    writeFileSync(partial, `${JSON.stringify(summary(), null, 2)}\n`);
    console.error(`bench: N=${n} done, figures so far in ${partial}`);
  }

  const timeColumns = (run: TimedRun, floorMs: number, floorCpuMs: number) =>
    `${seconds(run.ms)} | ${seconds(floorMs)} | ${(run.ms / floorMs).toFixed(1)}x | ${seconds(run.cpuMs)} | ${seconds(run.providerCpuMs)} (${run.providerProcesses}) | ${seconds(floorCpuMs)} | ${(run.cpuMs / floorCpuMs).toFixed(1)}x`;
  const figure = (what: string, s: ReturnType<typeof spread>, unit: string, target?: number) =>
    `${what}: median ${s.medianMs.toFixed(0)} ms (min ${s.minMs.toFixed(0)}, max ${s.maxMs.toFixed(0)}, ${s.runs} ${unit})${target === undefined ? "" : `; target ${target} ms`}`;
  const lines = [
    ...Object.entries(bareByEnvironment).map(([environment, spreadOf]) =>
      figure(`Bare \`node -e 0\`${environment}, spawn to exit`, spreadOf, "starts"),
    ),
    ...Object.keys(commands).flatMap((name) => [
      `${figure(`Provider start to handshake, ${name}`, startup[name]!, "starts", TARGETS.handshakeMs)}; ${startRatio[name]}x bare node`,
      figure(`Provider start to the first GetProviderSchema answer, ${name}`, firstAnswer[name]!, "starts"),
      figure(`Provider GRPCController.Shutdown (connect and call) to exit, ${name}`, shutdown[name]!, "stops", TARGETS.shutdownExitMs),
    ]),
    terraformShutdown === undefined
      ? "Terraform Close to provider exit: not seen in the trace log"
      : figure("Terraform Close to provider exit (trace log, 1 ms resolution)", terraformShutdown, "provider processes"),
    `Emulator: ${latencyMs} ms per request, rate limit ${rateLimit ? `${rateLimit.max} per ${rateLimit.windowSecs} s, a fresh window at the start of each operation` : "off (emulator and the provider's own pacing)"}; each account has a key, recording and limits.`,
    "",
    "| N accounts | operation | wall time | terraform_data wall | wall ratio | CPU terraform + provider | of which provider (processes) | terraform_data CPU | CPU ratio | portal requests (per account) | request floor | 429s | rate-limit floor | provider peak RSS |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of results as {
    n: number;
    apply: Run;
    plan: Run;
    noWorkPlan: TimedRun;
    destroy: Run;
    floor: Record<string, number>;
    floorCpuMs: Record<string, number>;
    requestFloor: Record<string, number>;
  }[]) {
    for (const op of ["apply", "plan", "destroy"] as const) {
      const run = r[op];
      const floorText = op === "apply" ? `${r.requestFloor[op]} + O(1)` : String(r.requestFloor[op]);
      lines.push(
        `| ${r.n} | ${op === "plan" ? "no-change plan" : op} | ${timeColumns(run, r.floor[op]!, r.floorCpuMs[op]!)} | ${run.requests} (${(run.requests / r.n).toFixed(2)}) | ${floorText} | ${run.rateLimited} | ${seconds(rateLimitFloorMs(run.requests))} | ${run.peakProviderRssMb} MB |`,
      );
      if (op === "plan")
        lines.push(
          `| ${r.n} | no-change plan, no-work provider | ${timeColumns(r.noWorkPlan, r.floor.plan!, r.floorCpuMs.plan!)} | 0 | – | – | – | ${r.noWorkPlan.peakProviderRssMb} MB |`,
        );
    }
  }
  const report = lines.join("\n");
  console.log(report);
  rmSync(partial, { force: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  writeFileSync(join("bench-results", `bench-${stamp}.md`), `${report}\n`);
  writeFileSync(join("bench-results", `bench-${stamp}.json`), `${JSON.stringify(summary(), null, 2)}\n`);
  console.error(`bench: results written to bench-results/bench-${stamp}.{md,json}`);
  rmSync(work, { recursive: true, force: true });
}

void main().catch((error: unknown) => {
  console.error(error);
  // Exit now: the emulator of the size that failed would otherwise keep the process alive.
  process.exit(1);
});
