import { z } from "zod";
import { getAccount } from "../resources/account/api";
import { testBucketCredential } from "../resources/account-recording/api";
import { BucketCredentialTestError } from "../resources/account-recording/handlers";
import { maskedCredential } from "../resources/account-recording/mapping";
import { wireBucketCredential } from "../resources/account-recording/schema";
import { sid } from "../resources/shared-fields";
import { field } from "../schema/meta";
import { defineAction } from "./action-definition";

const SAMPLE_OBJECT = "jambonz-sample.text";
const TESTABLE_VENDORS: Readonly<Record<string, string>> = {
  aws_s3: "S3",
  s3_compatible: "S3-compatible",
  google: "Google Cloud Storage",
  azure: "Azure Blob Storage",
};

/**
 * The portal's reason comes from the storage SDK, which may quote the credential the portal decrypted (one this
 * process never saw, so the client's redactor cannot know it): key material in connection-string or PEM form goes.
 */
function redactedReason(reason: string): string {
  return reason
    .replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, "(redacted private key)")
    .replace(/\b(AccountKey|SharedAccessSignature|sig)=[^;&\s"']+/gi, "$1=(redacted)");
}

const inputs = z.object({
  account_sid: field(sid(), { description: "SID of the account whose recording bucket credential is tested." }),
});

/**
 * The portal's bucket "Test" button, on the credential the account stores: sent masked, so the portal tests its
 * own copy and no secret passes through Terraform. The portal writes a sample object into the bucket to test it.
 */
export const accountRecordingTestAction = defineAction<z.output<typeof inputs>>({
  name: "account_recording_test",
  description:
    `Tests the recording bucket credential an account stores (the portal's Test button): the portal writes a sample object named \`${SAMPLE_OBJECT}\` into the bucket, so the bucket is changed. ` +
    "Fails with the portal's reason when the credential does not work. The credential itself never passes through Terraform. The `verify_bucket_credential` attribute of `voicegateway_account_recording` does the same for OpenTofu and Terraform before 1.14.",
  inputs,
  async *run(ctx, { account_sid }) {
    const account = await getAccount(ctx, account_sid);
    if (!account) throw new Error(`Account ${account_sid} does not exist, or the API key cannot see it.`);
    const parsed = wireBucketCredential.safeParse(account.bucket_credential);
    const vendor = parsed.success ? TESTABLE_VENDORS[parsed.data.vendor] : undefined;
    if (!parsed.success || !vendor) {
      throw new Error(`Account ${account_sid} has no recording bucket to test: set one first (voicegateway_account_recording).`);
    }
    const bucket = parsed.data.name ?? "(unnamed)";
    yield `Testing the recording bucket credential of account ${account_sid}: the portal writes ${SAMPLE_OBJECT} into ${vendor} bucket ${bucket}.`;
    // Masked, the portal tests the credential it stores; the read above gave it masked already.
    const result = await testBucketCredential(ctx, account_sid, maskedCredential(parsed.data));
    if (!result.ok)
      throw new BucketCredentialTestError(account_sid, redactedReason(ctx.client.redactor.redact(result.reason ?? "no reason given")));
    yield `The portal wrote ${SAMPLE_OBJECT} into ${vendor} bucket ${bucket}: the credential works.`;
  },
});
