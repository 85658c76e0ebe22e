// The README's first command (npm run demo): the example app planned and applied against the embedded emulator,
// a change made behind its back, and the drift report that finds it. Everything runs locally and is cleaned up.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { Writable } from "node:stream";
import { build } from "esbuild";
import { main as voicegateway } from "../provider/src/cli/main";
import { type RunningEmulator, startEmulator } from "../provider/src/emulator";
import { installIntoPluginDirectory, writeMirrorCliConfig } from "../provider/src/terraform/install/local-mirror";
import { runPulumiDemo } from "./demo-pulumi";

const ROOT = resolve(__dirname.endsWith("scripts") ? join(__dirname, "..") : process.cwd());
const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
let stepNumber = 0;
const step = (text: string) => console.log(`\n${bold(`[${++stepNumber}] ${text}`)}`);
const say = (text: string) => console.log(`    ${text.split("\n").join("\n    ")}`);

const TERRAFORM = (process.env.PATH ?? "")
  .split(delimiter)
  .map((d) => join(d, "terraform"))
  .find((p) => existsSync(p));
// Demo values only: what a pipeline would take from its secret store.
const DEMO_SECRETS = {
  TF_VAR_recording_secret_access_key: "demo/Secret/Access/Key/0123456789abcdefghij",
  TF_VAR_registration_hook_password: "demo-hook-password",
};

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; quiet?: boolean },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    let output = "";
    const collect = (chunk: Buffer) => (output += chunk.toString());
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, output }));
  });
}

async function terraform(dir: string, env: NodeJS.ProcessEnv, args: string[], okCodes = [0]): Promise<string> {
  const result = await run(TERRAFORM!, [...args, "-no-color", "-input=false"], { cwd: dir, env });
  if (!okCodes.includes(result.code ?? -1)) throw new Error(`terraform ${args.join(" ")} failed:\n${result.output}`);
  return result.output;
}

/** The line terraform ends each command with (the plan's, or the apply's and destroy's). */
const summary = (output: string) => {
  const lines = output.split("\n");
  return lines.findLast((l) => /^(Apply complete|Destroy complete)/.test(l)) ?? lines.find((l) => /^(Plan:|No changes\.)/.test(l)) ?? "";
};

async function admin(emulator: RunningEmulator, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${emulator.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${emulator.adminKey}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return text ? JSON.parse(text) : undefined;
}

async function terraformDemo(emulator: RunningEmulator, work: string): Promise<void> {
  step("Building the Terraform provider and installing it in a local filesystem mirror (terraform init works offline)");
  const bundle = join(work, "bundle", "terraform-provider-voicegateway.js");
  await build({
    entryPoints: [join(ROOT, "provider/src/bin/terraform-provider-voicegateway.ts")],
    outfile: bundle,
    bundle: true,
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
  const installed = installIntoPluginDirectory(join(work, "mirror"), bundle);
  writeMirrorCliConfig(join(work, "terraformrc"), join(work, "mirror"));
  say(`provider: ${installed.executable}`);

  step("Synthesizing the CDKTF example app (examples/cdktf): a staging and a prod stack, each in its own service provider");
  const prodServiceProvider = ((await admin(emulator, "POST", "/ServiceProviders", { name: "prod" })) as { sid: string }).sid;
  const serviceProviders: Record<string, string> = { staging: emulator.serviceProviderSid, prod: prodServiceProvider };
  const outdir = join(work, "cdktf.out");
  const synth = await run(process.execPath, [join(ROOT, "scripts/run-ts.mjs"), join(ROOT, "examples/cdktf/main.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      CDKTF_OUTDIR: outdir,
      VOICEGATEWAY_CDKTF_STATE_DIR: join(work, "state"),
      VOICEGATEWAY_STAGING_SERVICE_PROVIDER_SID: serviceProviders.staging,
      VOICEGATEWAY_PROD_SERVICE_PROVIDER_SID: serviceProviders.prod,
    },
  });
  if (synth.code !== 0) throw new Error(`synth failed:\n${synth.output}`);
  say(`stacks: ${join(outdir, "stacks", "staging", "cdk.tf.json")}, ${join(outdir, "stacks", "prod", "cdk.tf.json")}`);

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: work,
    TF_CLI_CONFIG_FILE: join(work, "terraformrc"),
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    VOICEGATEWAY_API_URL: emulator.apiUrl,
    VOICEGATEWAY_API_KEY: emulator.adminKey,
    VOICEGATEWAY_SERVICE_PROVIDER_SID: emulator.serviceProviderSid,
    ...DEMO_SECRETS,
  };
  const stacks = ["staging", "prod"];
  for (const stack of stacks) {
    const dir = join(outdir, "stacks", stack);
    step(`terraform init, plan and apply of the ${stack} stack`);
    await terraform(dir, env, ["init"]);
    say(summary(await terraform(dir, env, ["plan"])));
    say(summary(await terraform(dir, env, ["apply", "-auto-approve"])));
  }

  step("Planning staging again: the portal lower-cased realms, upper-cased methods and masked secrets, yet nothing differs");
  say(summary(await terraform(join(outdir, "stacks", "staging"), env, ["plan", "-detailed-exitcode"])));

  step("Changing the portal behind Terraform's back (as someone in the portal UI would)");
  const accounts = (await admin(emulator, "GET", `/ServiceProviders/${serviceProviders.prod}/Accounts`)) as {
    account_sid: string;
    name: string;
    bucket_credential: Record<string, unknown> | null;
  }[];
  const prodAcme = accounts.find((a) => a.name === "prod-acme")!;
  await admin(emulator, "PUT", `/Accounts/${prodAcme.account_sid}`, {
    enable_debug_log: true,
    bucket_credential: { ...prodAcme.bucket_credential, secret_access_key: "rotated/by/hand/0000000000000000000000" },
  });
  say(`prod-acme: debug log turned on, recording secret replaced`);
  await admin(emulator, "POST", "/Accounts", { name: "prod-hand-made", service_provider_sid: serviceProviders.prod });
  say(`prod: a new account "prod-hand-made" that no stack declares`);

  step("voicegateway drift: each environment against the portal (exit code 2 means drift)");
  const config = join(work, "voicegateway-drift.json");
  const environment = (name: string) => ({
    apiUrlEnv: "DEMO_VOICEGATEWAY_API_URL",
    apiKeyEnv: "DEMO_VOICEGATEWAY_API_KEY",
    serviceProviderSid: serviceProviders[name],
    cdktfStack: join(outdir, "stacks", name, "cdk.tf.json"),
    terraformState: join(work, "state", `${name}.tfstate`),
    namePattern: `${name}-{key}`,
  });
  writeFileSync(config, JSON.stringify({ environments: { staging: environment("staging"), prod: environment("prod") } }, null, 2));
  process.env.DEMO_VOICEGATEWAY_API_URL = emulator.apiUrl;
  process.env.DEMO_VOICEGATEWAY_API_KEY = emulator.adminKey;
  const indented = new Writable({
    write: (chunk: Buffer, _e, done) => (process.stdout.write(chunk.toString().replace(/^/gm, "    ")), done()),
  });
  const silent = new Writable({ write: (_c, _e, done) => done() });
  const code = await voicegateway(["drift", "--config", config], indented, silent);
  say(`exit code ${code}`);

  step("voicegateway drift --compare staging,prod: how the two environments differ beyond names and SIDs");
  const compared = await voicegateway(["drift", "--config", config, "--compare", "staging,prod"], indented, silent);
  say(`exit code ${compared}`);

  step("terraform plan of prod shows the same drift, and apply puts it back");
  say(summary(await terraform(join(outdir, "stacks", "prod"), env, ["plan"])));
  say(summary(await terraform(join(outdir, "stacks", "prod"), env, ["apply", "-auto-approve"])));

  step("Cleaning up: terraform destroy of both stacks");
  for (const stack of stacks)
    say(`${stack}: ${summary(await terraform(join(outdir, "stacks", stack), env, ["destroy", "-auto-approve"]))}`);
}

async function demo(): Promise<void> {
  mkdirSync(join(ROOT, ".tmp"), { recursive: true });
  const work = mkdtempSync(join(ROOT, ".tmp", "demo-"));
  step("Starting the embedded portal emulator (the portal's API, status codes, masking and 600-requests-per-5-minutes limit)");
  const emulator = await startEmulator({});
  say(`VOICEGATEWAY_API_URL=${emulator.apiUrl}`);
  try {
    if (TERRAFORM) {
      await terraformDemo(emulator, work);
    } else {
      step("No terraform on PATH: running the Pulumi example through Pulumi's own dynamic-provider host instead");
      say("Install Terraform 1.11 or later to see the CDKTF and HCL path.");
      await runPulumiDemo(emulator, work, { step, say });
    }
    step(
      `Done: ${emulator.requests.count()} portal requests, none of them rejected by the rate limit (${emulator.requests.count({ status: 429 })} 429s)`,
    );
  } finally {
    await emulator.close();
    rmSync(work, { recursive: true, force: true });
  }
}

demo().catch((error: unknown) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
