/**
 * The values probes write into scratch accounts. Every one is obviously fake: nothing a probe writes can be mistaken
 * for, or work as, a real credential, and the recording bucket does not exist.
 */
export const FAKE_SECRET = "FAKEsecret-voicegateway-check-portal-0000";

/** An AWS S3 recording credential without its secret (the bad-input probe sends it like this). */
export const FAKE_CREDENTIAL_WITHOUT_SECRET = {
  vendor: "aws_s3",
  name: "voicegateway-check-portal-fake-bucket",
  region: "us-east-1",
  access_key_id: "AKIAFAKECHECKPORTAL0",
} as const;

export const FAKE_CREDENTIAL = { ...FAKE_CREDENTIAL_WITHOUT_SECRET, secret_access_key: FAKE_SECRET } as const;

/** Hooks of the probe's application: `.invalid` never resolves (RFC 2606). */
export const FAKE_HOOK_URL = "https://voicegateway-check-portal.invalid/hook";
