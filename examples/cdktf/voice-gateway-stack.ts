import { join } from "node:path";
import { LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { type Construct } from "constructs";
import { Account, type AccountLimitsOptions, Recording, VoicegatewayProvider } from "../../constructs/src";

/** How an environment stores its recordings. */
export type RecordingBucket =
  | { readonly vendor: "aws_s3"; readonly bucket: string; readonly region: string; readonly accessKeyId: string }
  | { readonly vendor: "s3_compatible"; readonly endpoint: string; readonly bucket: string; readonly accessKeyId: string };

export interface VoiceGatewayStackProps {
  /** `staging`, `prod`: prefixes every account name, since names are unique within a service provider. */
  readonly environment: string;
  /** Where the local backend keeps this stack's state: `<stateDir>/<environment>.tfstate`. */
  readonly stateDir: string;
  /** Portal API URL; unset, the provider reads VOICEGATEWAY_API_URL when Terraform runs. */
  readonly apiUrl?: string;
  /** Service provider of new accounts; unset, the provider reads VOICEGATEWAY_SERVICE_PROVIDER_SID. */
  readonly serviceProviderSid?: string;
  readonly recording: RecordingBucket;
  readonly limits: AccountLimitsOptions;
  readonly debugLog: boolean;
}

/**
 * One environment: the Acme account with a registration webhook, a CI API key, call recording and session limits,
 * and the Globex account with a key of its own. The API key is never part of the app: the provider reads
 * VOICEGATEWAY_API_KEY when Terraform runs, so it never lands in cdk.tf.json.
 */
export class VoiceGatewayStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: VoiceGatewayStackProps) {
    super(scope, id);
    // An explicit path: CDKTF's default is terraform.<stack>.tfstate in the directory the app ran from.
    new LocalBackend(this, { path: join(props.stateDir, `${props.environment}.tfstate`) });
    new VoicegatewayProvider(this, "voicegateway", {
      ...(props.apiUrl ? { apiUrl: props.apiUrl } : {}),
      ...(props.serviceProviderSid ? { serviceProviderSid: props.serviceProviderSid } : {}),
    });

    // Secrets come in as sensitive variables (TF_VAR_...), resolved by Terraform, never by the app.
    const recordingSecret = new TerraformVariable(this, "recording_secret_access_key", {
      type: "string",
      sensitive: true,
      description: "Secret access key of the recording bucket's access key ID.",
    });
    const hookPassword = new TerraformVariable(this, "registration_hook_password", {
      type: "string",
      sensitive: true,
      description: "Password the portal sends to the registration webhook (HTTP basic authentication).",
    });

    const acme = new Account(this, "Acme", {
      name: `${props.environment}-acme`,
      enableDebugLog: props.debugLog,
      registrationHook: {
        url: `https://hooks.example.com/${props.environment}/acme/register`,
        username: "voicegateway",
        password: hookPassword.stringValue,
      },
    });
    const ci = acme.addApiKey("CiKey");
    acme.enableRecording(recordingFor(props.recording, recordingSecret.stringValue), { recordAllCalls: true });
    acme.setLimits(props.limits);

    const globex = new Account(this, "Globex", { name: `${props.environment}-globex` });
    const globexKey = globex.addApiKey("AppKey");

    new TerraformOutput(this, "acme_account_sid", { value: acme.accountSid, sensitive: true });
    new TerraformOutput(this, "acme_ci_api_key", { value: ci.token, sensitive: true });
    new TerraformOutput(this, "acme_webhook_secret", { value: acme.webhookSecret, sensitive: true });
    new TerraformOutput(this, "globex_api_key", { value: globexKey.token, sensitive: true });
  }
}

function recordingFor(bucket: RecordingBucket, secretAccessKey: string): Recording {
  switch (bucket.vendor) {
    case "aws_s3":
      return Recording.awsS3({ bucket: bucket.bucket, region: bucket.region, accessKeyId: bucket.accessKeyId, secretAccessKey });
    case "s3_compatible":
      return Recording.s3Compatible({ endpoint: bucket.endpoint, bucket: bucket.bucket, accessKeyId: bucket.accessKeyId, secretAccessKey });
  }
}
