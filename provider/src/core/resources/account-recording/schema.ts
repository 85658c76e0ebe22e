import { z } from "zod";
import { checkedString } from "../../schema/checks";
import { field } from "../../schema/meta";
import { canonicalGoogleServiceKey, looksMasked, maskGoogleServiceKey, maskSecret } from "../../secrets/portal-mask";
import {
  azureContainerNameProblem,
  gcsBucketNameProblem,
  s3BucketNameProblem,
  s3CompatibleBucketNameProblem,
} from "../../validation/bucket-names";
import { azureConnectionStringProblem, googleServiceKeyProblem, httpUrlProblem } from "../../validation/formats";
import { shownUrl } from "../../validation/shown-url";
import { accountSidInput, idOutput } from "../shared-fields";

export const RECORD_FORMATS = ["mp3", "wav"] as const;

const tags = () =>
  field(
    z
      .record(z.string(), z.string())
      .superRefine((tags, ctx) => {
        for (const [key, value] of Object.entries(tags)) {
          const tag = JSON.stringify(key);
          if (key.length === 0) ctx.addIssue({ code: "custom", message: "has a tag with an empty key; tag keys must not be empty" });
          if (key.length > 128) ctx.addIssue({ code: "custom", message: `has tag key ${tag} longer than 128 characters` });
          if (value.length > 256) ctx.addIssue({ code: "custom", message: `has tag ${tag} with a value longer than 256 characters` });
        }
      })
      .optional(),
    {
      description:
        "Tags added to every recording as object metadata, as key/value pairs (the portal's S3 / Google Cloud Storage / Azure tags).",
    },
  );

/** A secret the portal masks on read; "omitted" keeps the stored one (portal-behaviour.md §3.4). */
const secret = (description: string, problem: (v: string) => string | undefined, portalMask: (v: string) => string) =>
  field(checkedString((v) => (looksMasked(v) ? undefined : problem(v)), { sensitive: true }).optional(), {
    description: `${description} Omit it to keep the secret the portal already stores (as after an import).`,
    sensitive: true,
    computed: true,
    writeOnly: true,
    portalMask,
  });

const plainSecretProblem = (v: string): string | undefined => {
  if (v.length === 0) return "must not be empty";
  if (/\s/.test(v)) return "must not contain white space";
  if (v.length > 1024) return "must be at most 1024 characters";
  return undefined;
};

const awsAccessKeyIdProblem = (v: string): string | undefined =>
  /^[A-Z0-9]{16,128}$/.test(v)
    ? undefined
    : "must be an AWS access key ID: 16-128 upper-case letters and digits, such as AKIAIOSFODNN7EXAMPLE";

const accessKeyIdProblem = (v: string): string | undefined =>
  v.length > 0 && v.length <= 128 && !/\s/.test(v) ? undefined : "must be 1-128 characters with no white space";

export const awsS3Model = z.object({
  bucket: field(checkedString(s3BucketNameProblem), { description: "Name of the S3 bucket that receives recordings." }),
  region: field(z.string(), {
    description: "AWS region of the bucket: one of the 22 regions the portal offers, unless `skip_region_validation` is true.",
  }),
  access_key_id: field(checkedString(awsAccessKeyIdProblem), { description: "Access key ID with write access to the bucket." }),
  secret_access_key: secret("Secret access key of that access key ID.", plainSecretProblem, maskSecret),
  tags: tags(),
  skip_region_validation: field(z.boolean().default(false), {
    description: "Accept a region outside the portal's list (any well-formed AWS region name).",
  }),
});

const S3_ENDPOINT = { credentials: "set access_key_id and secret_access_key instead (the secret is sensitive, the endpoint is not)" };

export const s3CompatibleModel = z.object({
  endpoint: field(
    checkedString((v) => httpUrlProblem(v, S3_ENDPOINT), { show: shownUrl }),
    {
      description: "Endpoint URI of the S3-compatible store, such as `https://minio.example.com`.",
    },
  ),
  bucket: field(checkedString(s3CompatibleBucketNameProblem), { description: "Name of the bucket that receives recordings." }),
  region: field(z.string().min(1, "must not be empty; omit it instead").optional(), {
    description: "Region, if the store needs one.",
  }),
  access_key_id: field(checkedString(accessKeyIdProblem), { description: "Access key ID with write access to the bucket." }),
  secret_access_key: secret("Secret access key of that access key ID.", plainSecretProblem, maskSecret),
  tags: tags(),
});

const googleMask = (v: string): string => maskGoogleServiceKey(v) ?? v;

export const googleCloudStorageModel = z.object({
  bucket: field(checkedString(gcsBucketNameProblem), { description: "Name of the Google Cloud Storage bucket that receives recordings." }),
  service_key: field(checkedString(googleServiceKeyProblem, { sensitive: true }).optional(), {
    description:
      'JSON key of a service account with the Cloud Storage and Storage Transfer APIs enabled (the key file\'s text, e.g. `file("key.json")`). Omit it to keep the key the portal already stores (as after an import).',
    sensitive: true,
    computed: true,
    writeOnly: true,
    jsonString: true,
    portalMask: googleMask,
    equivalent: (a, b) => typeof a === "string" && typeof b === "string" && canonicalGoogleServiceKey(a) === canonicalGoogleServiceKey(b),
  }),
  tags: tags(),
});

export const azureBlobModel = z.object({
  container: field(checkedString(azureContainerNameProblem), {
    description: "Name of the Azure Blob Storage container that receives recordings.",
  }),
  connection_string: secret(
    "Connection string of the storage account (AccountName/AccountKey or a shared access signature).",
    azureConnectionStringProblem,
    maskSecret,
  ),
  tags: tags(),
});

export const VENDOR_FIELDS = ["aws_s3", "s3_compatible", "google_cloud_storage", "azure_blob"] as const;
export type VendorField = (typeof VENDOR_FIELDS)[number];

/** The portal's `vendor` string for each of our vendor attributes. */
export const PORTAL_VENDOR: Record<VendorField, string> = {
  aws_s3: "aws_s3",
  s3_compatible: "s3_compatible",
  google_cloud_storage: "google",
  azure_blob: "azure",
};

/** The attribute of each vendor that holds its secret. */
export const VENDOR_SECRET: Record<VendorField, string> = {
  aws_s3: "secret_access_key",
  s3_compatible: "secret_access_key",
  google_cloud_storage: "service_key",
  azure_blob: "connection_string",
};

/** Account call recording: a setting of the account, applied by PUT and reset to "none" on delete (portal-behaviour.md §3). */
export const recordingInputs = z.object({
  account_sid: accountSidInput(),
  record_all_calls: field(z.boolean().default(false), {
    description: "Record all calls of every application of this account.",
  }),
  record_format: field(z.enum(RECORD_FORMATS, { message: 'must be "mp3" or "wav"' }).default("mp3"), {
    description: "Audio format of the recordings.",
  }),
  aws_s3: field(awsS3Model.optional(), { description: "Store recordings in an Amazon S3 bucket." }),
  s3_compatible: field(s3CompatibleModel.optional(), { description: "Store recordings in an S3-compatible store." }),
  google_cloud_storage: field(googleCloudStorageModel.optional(), { description: "Store recordings in Google Cloud Storage." }),
  azure_blob: field(azureBlobModel.optional(), { description: "Store recordings in Azure Blob Storage." }),
  verify_bucket_credential: field(z.boolean().default(false), {
    description:
      "After each apply, ask the portal to test the bucket credential (the portal's Test button). Off by default because the test writes an object named `jambonz-sample.text` into the bucket.",
  }),
});

export const recordingOutputs = z.object({ id: idOutput("account SID the recording configuration belongs to") });

export type AwsS3Config = z.output<typeof awsS3Model>;
export type S3CompatibleConfig = z.output<typeof s3CompatibleModel>;
export type GoogleCloudStorageConfig = z.output<typeof googleCloudStorageModel>;
export type AzureBlobConfig = z.output<typeof azureBlobModel>;
export type RecordingConfig = z.output<typeof recordingInputs>;
export type RecordingState = RecordingConfig & z.output<typeof recordingOutputs>;

// Wire: the credential as the portal stores it (portal-behaviour.md §3.1); tags are [{Key, Value}].
export const wireTag = z.object({ Key: z.string(), Value: z.union([z.string(), z.number()]).transform(String) });
export const wireBucketCredential = z.object({
  vendor: z.string(),
  name: z.string().optional(),
  region: z.string().nullable().optional(),
  endpoint: z.string().nullable().optional(),
  access_key_id: z.string().optional(),
  secret_access_key: z.string().optional(),
  service_key: z.string().optional(),
  connection_string: z.string().optional(),
  tags: z.array(wireTag).optional(),
});
export type WireBucketCredential = z.output<typeof wireBucketCredential>;
