import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exportCommand } from "../../provider/src/cli/export-command";
import { Capture } from "../drift/support";
import { type PortalFixture } from "../support/portal";

/** Running `voicegateway export` in-process, and a portal seeded with accounts of every shape the export handles. */

export interface ExportRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function exportTo(argv: readonly string[], env: Record<string, string>, cwd: string = tmpdir()): Promise<ExportRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await exportCommand(argv, { stdout, stderr, env, cwd, clientOverrides: { retry: { baseDelayMs: 1, maxDelayMs: 5 } } });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A fresh directory path that does not exist yet, inside a temp folder removed by `remove()`. */
export function outputPath(): { readonly dir: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), "vg-export-"));
  return { dir: join(root, "out"), remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Every file under `dir` (recursively), by relative path. */
export function readTree(dir: string, base = ""): Record<string, string> {
  if (!existsSync(dir)) return {};
  const out: Record<string, string> = {};
  for (const entry of readdirSync(join(dir, base), { withFileTypes: true })) {
    const relative = join(base, entry.name);
    if (entry.isDirectory()) Object.assign(out, readTree(dir, relative));
    else out[relative] = readFileSync(join(dir, relative), "utf8");
  }
  return out;
}

export const GOOGLE_KEY = JSON.stringify({
  type: "service_account",
  project_id: "voice",
  client_email: "rec@voice.iam.gserviceaccount.com",
  private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkExportKey\n-----END PRIVATE KEY-----\n",
});

/** The plaintext secrets the seed stores; none may appear in anything an export writes. */
export const SEED_SECRETS = {
  acmeRegistrationPassword: "reg-hook-pass-7f3a9c21",
  acmeQueuePassword: "queue-hook-pass-0b8e44d5",
  awsSecret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXPORTKEY1",
  s3CompatibleSecret: "minio-secret-key-5c6d7e8f9a0b",
  googlePrivateKey: "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkExportKey",
  azureAccountKey: "YXp1cmUtYWNjb3VudC1rZXktZm9yLWV4cG9ydA==",
} as const;

/** A name that exercises every escape: quotes, a backslash, template sequences, letters beyond ASCII. */
export const AWKWARD_NAME = 'Ünïcode "quoted" ${not_a_ref} back\\slash %{x}';

export interface Seeded {
  readonly sp: string;
  /** Account SIDs by role. */
  readonly accounts: {
    readonly acme: string;
    readonly acmeDash: string;
    readonly globex: string;
    readonly awkward: string;
    readonly bare: string;
  };
  /** Every secret held by the seeded objects: passwords, bucket secrets, webhook secrets, key tokens. */
  readonly secrets: readonly string[];
}

const sidOf = (body: unknown): string => (body as { sid: string }).sid;

/**
 * In the portal's default service provider, made by hand as an adopting team finds them:
 * - "Acme Corp": realm, both hooks with passwords (one GET), debug log, two API keys, AWS S3 recording of all calls
 *   as WAV with tags, session limits (max and licensed), its own applications for device calls and SIPREC;
 * - "acme-corp" (the same identifier once sanitised): S3-compatible recording with a region, minute limits (max);
 * - "Globex": Google Cloud Storage recording, licensed minutes, and an `api_rate` limit the resource does not manage;
 * - an awkward name, with Azure Blob recording and tags that look like templates;
 * - "bare": nothing but a name.
 */
export async function seedEveryShape(portal: PortalFixture, prefix = ""): Promise<Seeded> {
  const sp = portal.emulator.serviceProviderSid;
  const admin = portal.admin;
  const create = async (body: Record<string, unknown>) => sidOf(await admin("POST", "/Accounts", { service_provider_sid: sp, ...body }));
  const tokens: string[] = [];
  const key = async (accountSid: string) =>
    tokens.push(((await admin("POST", "/ApiKeys", { account_sid: accountSid })) as { token: string }).token);

  const acme = await create({
    name: `${prefix}Acme Corp`,
    sip_realm: `${prefix.toLowerCase()}acme.sip.example.com`,
    registration_hook: {
      url: "https://hooks.example.com/acme/reg",
      method: "get",
      username: "portal",
      password: SEED_SECRETS.acmeRegistrationPassword,
    },
    queue_event_hook: {
      url: "https://hooks.example.com/acme/queue",
      method: "POST",
      username: "queue",
      password: SEED_SECRETS.acmeQueuePassword,
    },
    enable_debug_log: true,
  });
  const app = async (name: string) =>
    sidOf(
      await admin("POST", "/Applications", {
        name,
        account_sid: acme,
        call_hook: { url: "https://example.com/call" },
        call_status_hook: { url: "https://example.com/status" },
      }),
    );
  await admin("PUT", `/Accounts/${acme}`, {
    device_calling_application_sid: await app(`${prefix}acme-devices`),
    siprec_hook_sid: await app(`${prefix}acme-siprec`),
    record_all_calls: true,
    record_format: "wav",
    bucket_credential: {
      vendor: "aws_s3",
      name: "acme-recordings",
      region: "eu-west-1",
      access_key_id: "AKIAIOSFODNN7EXAMPLE",
      secret_access_key: SEED_SECRETS.awsSecret,
      tags: [
        { Key: "team", Value: "voice" },
        { Key: "cost-center", Value: "42" },
      ],
    },
  });
  await admin("POST", `/Accounts/${acme}/Limits`, { category: "voice_call_session", quantity: 100 });
  await admin("POST", `/Accounts/${acme}/Limits`, { category: "voice_call_session_license", quantity: 50 });
  await key(acme);
  await key(acme);

  const acmeDash = await create({ name: `${prefix}acme-corp` });
  await admin("PUT", `/Accounts/${acmeDash}`, {
    bucket_credential: {
      vendor: "s3_compatible",
      endpoint: "https://minio.example.com",
      name: "acme-dash",
      region: "us-east-1",
      access_key_id: "minio-recorder",
      secret_access_key: SEED_SECRETS.s3CompatibleSecret,
    },
  });
  await admin("POST", `/Accounts/${acmeDash}/Limits`, { category: "voice_call_minutes", quantity: 1000 });
  await key(acmeDash);

  const globex = await create({ name: `${prefix}Globex` });
  await admin("PUT", `/Accounts/${globex}`, {
    bucket_credential: { vendor: "google", name: "globex-recordings", service_key: GOOGLE_KEY },
  });
  await admin("POST", `/Accounts/${globex}/Limits`, { category: "voice_call_minutes_license", quantity: 500 });
  await admin("POST", `/Accounts/${globex}/Limits`, { category: "api_rate", quantity: 20 });

  const awkward = await create({ name: `${prefix}${AWKWARD_NAME}` });
  await admin("PUT", `/Accounts/${awkward}`, {
    record_all_calls: true,
    bucket_credential: {
      vendor: "azure",
      name: "recordings",
      connection_string: `DefaultEndpointsProtocol=https;AccountName=awkward;AccountKey=${SEED_SECRETS.azureAccountKey};EndpointSuffix=core.windows.net`,
      tags: [{ Key: "path", Value: "${literal}/%{also}" }],
    },
  });

  const bare = await create({ name: `${prefix}bare` });

  const webhookSecrets = await Promise.all(
    [acme, acmeDash, globex, awkward, bare].map(
      async (sid) => ((await admin("GET", `/Accounts/${sid}`)) as { webhook_secret: string }).webhook_secret,
    ),
  );
  return {
    sp,
    accounts: { acme, acmeDash, globex, awkward, bare },
    secrets: [...Object.values(SEED_SECRETS), ...webhookSecrets, ...tokens, portal.emulator.adminKey],
  };
}
