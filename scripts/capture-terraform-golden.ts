// Captures the msgpack terraform really sends (and what the provider answered) for the in-process rule tests:
//   node scripts/run-ts.mjs scripts/capture-terraform-golden.ts
// Writes test/terraform/golden/plan-apply.jsonl. Needs terraform on PATH. Values are test fixtures, no real secrets.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { startEmulator } from "../provider/src/emulator";
import { installIntoPluginDirectory, writeMirrorCliConfig } from "../provider/src/terraform/install/local-mirror";

const OUT = "test/terraform/golden/plan-apply.jsonl";
const CONFIGS = [
  `resource "voicegateway_account" "acme" {
  name      = "golden-acme"
  sip_realm = "Golden.SIP.example.com"
  webhook_secret_rotation = "r1"
  registration_hook = { url = "https://hooks.example.com/reg", method = "post", username = "u", password = "fixture-password" }
}
resource "voicegateway_account" "derived" {
  name = "derived-\${voicegateway_account.acme.id}"
}
resource "voicegateway_account_recording" "acme" {
  account_sid = voicegateway_account.acme.id
  aws_s3 = { bucket = "golden-bucket", region = "eu-west-1", access_key_id = "AKIAIOSFODNN7EXAMPLE", secret_access_key_wo = "fixture/secret/value/0000000000000000000", secret_access_key_wo_version = "1", tags = { team = "voice" } }
}
resource "voicegateway_account_limits" "acme" {
  account_sid = voicegateway_account.acme.id
  max         = 10
}`,
  // An update in place, a normalised value kept, and a rotation that makes the webhook secret unknown.
  `resource "voicegateway_account" "acme" {
  name      = "golden-acme-renamed"
  sip_realm = "GOLDEN.sip.example.com"
  webhook_secret_rotation = "r2"
  registration_hook = { url = "https://hooks.example.com/reg", method = "POST", username = "u", password = "fixture-password" }
}
resource "voicegateway_account" "derived" {
  name = "derived-\${voicegateway_account.acme.id}"
}
resource "voicegateway_account_recording" "acme" {
  account_sid   = voicegateway_account.acme.id
  record_format = "wav"
  aws_s3 = { bucket = "golden-bucket", region = "eu-west-1", access_key_id = "AKIAIOSFODNN7EXAMPLE", secret_access_key_wo = "fixture/secret/value/0000000000000000000", secret_access_key_wo_version = "1", tags = { team = "voice" } }
}
resource "voicegateway_account_limits" "acme" {
  account_sid = voicegateway_account.acme.id
  unit        = "minutes"
  max         = 10
}`,
];

function run(cwd: string, env: NodeJS.ProcessEnv, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("terraform", [...args, "-no-color"], { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`terraform ${args.join(" ")} exited ${code}`))));
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "vg-golden-"));
  const emulator = await startEmulator({ rateLimit: false });
  try {
    const bundle = join(dir, "bundle", "provider.js");
    await build({
      entryPoints: ["test/terraform/fixtures/recording-provider.ts"],
      outfile: bundle,
      bundle: true,
      platform: "node",
      target: "node20",
      logLevel: "warning",
    });
    installIntoPluginDirectory(join(dir, "mirror"), bundle);
    writeMirrorCliConfig(join(dir, "terraformrc"), join(dir, "mirror"));
    const record = join(dir, "record.jsonl");
    writeFileSync(record, "");
    const env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: join(dir, "terraformrc"),
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
      VOICEGATEWAY_API_URL: emulator.apiUrl,
      VOICEGATEWAY_API_KEY: emulator.adminKey,
      VOICEGATEWAY_SERVICE_PROVIDER_SID: emulator.serviceProviderSid,
      VOICEGATEWAY_RECORD_FILE: record,
    };
    for (const [i, body] of CONFIGS.entries()) {
      writeFileSync(
        join(dir, "main.tf"),
        `terraform {\n  required_providers {\n    voicegateway = { source = "voicegateway/voicegateway" }\n  }\n}\n${body}\n`,
      );
      if (i === 0) {
        await run(dir, env, ["init", "-input=false"]);
      }
      await run(dir, env, ["apply", "-auto-approve", "-input=false"]);
    }
    await run(dir, env, ["destroy", "-auto-approve", "-input=false"]);
    writeFileSync(OUT, readFileSync(record, "utf8"));
    console.log(`wrote ${OUT} (${readFileSync(OUT, "utf8").trim().split("\n").length} exchanges)`);
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
