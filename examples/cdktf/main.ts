// The CDKTF example app (cdktf.json runs it): one stack per environment, synthesized into cdktf.out/stacks/<env>/.
//
// Synth-time environment (all optional):
//   VOICEGATEWAY_<ENV>_API_URL, VOICEGATEWAY_<ENV>_SERVICE_PROVIDER_SID   per-environment provider settings
//                                  (ENV = STAGING or PROD); unset, the provider falls back to VOICEGATEWAY_API_URL and
//                                  VOICEGATEWAY_SERVICE_PROVIDER_SID when Terraform runs
//   VOICEGATEWAY_CDKTF_STATE_DIR   where the local backend keeps <env>.tfstate (default .terraform-dev/cdktf-state)
// Terraform-time environment: VOICEGATEWAY_API_KEY, TF_VAR_recording_secret_access_key,
// TF_VAR_registration_hook_password.
import { resolve } from "node:path";
import { App } from "cdktf";
import { LimitUnit } from "../../constructs/src";
import { VoiceGatewayStack, type VoiceGatewayStackProps } from "./voice-gateway-stack";

type EnvironmentSettings = Omit<VoiceGatewayStackProps, "environment" | "stateDir" | "apiUrl" | "serviceProviderSid">;

const environments: Record<string, EnvironmentSettings> = {
  staging: {
    recording: {
      vendor: "s3_compatible",
      endpoint: "https://minio.staging.example.com",
      bucket: "staging-recordings",
      accessKeyId: "staging-recorder",
    },
    limits: { unit: LimitUnit.MINUTES, max: 1000 },
    debugLog: true,
  },
  prod: {
    recording: { vendor: "aws_s3", bucket: "acme-prod-recordings", region: "eu-west-1", accessKeyId: "AKIAIOSFODNN7EXAMPLE" },
    limits: { unit: LimitUnit.SESSIONS, max: 100, licensed: 50 },
    debugLog: false,
  },
};

const env = process.env;
const stateDir = resolve(env.VOICEGATEWAY_CDKTF_STATE_DIR || ".terraform-dev/cdktf-state");
const app = new App();
for (const [environment, settings] of Object.entries(environments)) {
  const prefix = `VOICEGATEWAY_${environment.toUpperCase()}_`;
  new VoiceGatewayStack(app, environment, {
    ...settings,
    environment,
    stateDir,
    apiUrl: env[`${prefix}API_URL`] || undefined,
    serviceProviderSid: env[`${prefix}SERVICE_PROVIDER_SID`] || undefined,
  });
}
app.synth();
