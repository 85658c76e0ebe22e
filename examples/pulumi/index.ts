/**
 * A Voice Gateway account with an API key for its CI, call recording into S3 and session limits.
 *
 * Connection: `pulumi config set voicegateway:apiUrl https://vg.example.com/api/v1` and
 * `pulumi config set --secret voicegateway:apiKey <admin or service-provider key>` (or VOICEGATEWAY_API_URL and
 * VOICEGATEWAY_API_KEY in the environment). The secrets this program needs are config secrets too:
 * `pulumi config set --secret registrationHookPassword ...`, `pulumi config set --secret recordingSecretAccessKey ...`.
 */
import * as pulumi from "@pulumi/pulumi";
// In your own program: import { ... } from "@voicegateway/iac/pulumi";
// (inside this repository the example type-checks against the sources).
import { Account, AccountApiKey, AccountLimits, AccountRecording } from "../../provider/src/pulumi";

const config = new pulumi.Config();

const account = new Account("acme", {
  name: config.get("accountName") ?? "acme",
  sipRealm: "sip.acme.example.com",
  registrationHook: {
    url: "https://hooks.acme.example.com/sip/register",
    username: "voicegateway",
    password: config.requireSecret("registrationHookPassword"),
  },
  // Change the value to have the portal generate a new webhook secret.
  webhookSecretRotation: "2026-11",
});

// A key for the account's own automation; change a trigger to rotate it (the new key exists before the old goes).
const ciKey = new AccountApiKey("acme-ci", {
  accountSid: account.id,
  triggers: { rotation: "2026-11" },
});

new AccountRecording("acme-recording", {
  accountSid: account.id,
  recordAllCalls: true,
  recordFormat: "mp3",
  awsS3: {
    bucket: "acme-call-recordings",
    region: "eu-west-1",
    accessKeyId: config.require("recordingAccessKeyId"),
    secretAccessKey: config.requireSecret("recordingSecretAccessKey"),
    tags: { team: "voice", "cost-centre": "cc-42" },
  },
});

new AccountLimits("acme-limits", {
  accountSid: account.id,
  unit: "sessions",
  max: 50,
  licensed: 40,
});

export const accountSid = account.id;
export const sipRealm = account.sipRealm;
// Secret outputs: `pulumi stack output --show-secrets webhookSecret`.
export const webhookSecret = account.webhookSecret;
export const ciApiKey = ciKey.token;
