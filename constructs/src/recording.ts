import { Fn, Token } from "cdktf";
import {
  type AccountRecordingAwsS3,
  type AccountRecordingAzureBlob,
  type AccountRecordingGoogleCloudStorage,
  type AccountRecordingS3Compatible,
} from "./generated/account-recording";

/**
 * How the bucket secret reaches Terraform. Shared by every `Recording` factory.
 *
 * By default the secret goes through the provider's write-only attribute (`<secret>_wo`, Terraform 1.11 and
 * later): it is sent to the portal but never stored in the Terraform state or plan. Terraform cannot see a change
 * of a write-only value, so bump `secretVersion` whenever the secret changes.
 */
export interface RecordingSecretOptions {
  /**
   * Any value; change it to send the secret to the portal again (rotation). A read that finds the portal's
   * secret changed outside Terraform also makes the next apply send it again.
   *
   * @default "1"
   */
  readonly secretVersion?: string;

  /**
   * Store the secret in the Terraform state (as a sensitive value) instead of using the write-only attribute, so
   * that a change of the secret alone shows up in plans. `secretVersion` is then ignored.
   *
   * @default false
   */
  readonly storeSecretInState?: boolean;
}

/** Tags added to every recording as object metadata. */
export interface RecordingTags {
  readonly [key: string]: string;
}

/** `Recording.awsS3()`: an Amazon S3 bucket. */
export interface AwsS3RecordingProps extends RecordingSecretOptions {
  /** Name of the S3 bucket that receives recordings. */
  readonly bucket: string;
  /** AWS region of the bucket: one of the regions the portal offers, unless `skipRegionValidation` is true. */
  readonly region: string;
  /** Access key ID with write access to the bucket. */
  readonly accessKeyId: string;
  /**
   * Secret access key of that access key ID. Pass a TerraformVariable (`sensitive: true`) rather than a literal.
   *
   * @default - the secret the portal already stores is kept (as after an import); a bucket the account has no
   *   credential for yet needs one
   */
  readonly secretAccessKey?: string;
  /**
   * Tags added to every recording as object metadata.
   *
   * @default - no tags
   */
  readonly tags?: RecordingTags;
  /**
   * Accept a region outside the portal's list (any well-formed AWS region name).
   *
   * @default false
   */
  readonly skipRegionValidation?: boolean;
}

/** `Recording.s3Compatible()`: an S3-compatible store such as MinIO. */
export interface S3CompatibleRecordingProps extends RecordingSecretOptions {
  /** Endpoint URI of the store, such as `https://minio.example.com`. */
  readonly endpoint: string;
  /** Name of the bucket that receives recordings. */
  readonly bucket: string;
  /**
   * Region, if the store needs one.
   *
   * @default - no region
   */
  readonly region?: string;
  /** Access key ID with write access to the bucket. */
  readonly accessKeyId: string;
  /**
   * Secret access key of that access key ID. Pass a TerraformVariable (`sensitive: true`) rather than a literal.
   *
   * @default - the secret the portal already stores is kept (as after an import); a bucket the account has no
   *   credential for yet needs one
   */
  readonly secretAccessKey?: string;
  /**
   * Tags added to every recording as object metadata.
   *
   * @default - no tags
   */
  readonly tags?: RecordingTags;
}

/** `Recording.googleCloudStorage()`: a Google Cloud Storage bucket. */
export interface GoogleCloudStorageRecordingProps extends RecordingSecretOptions {
  /** Name of the bucket that receives recordings. */
  readonly bucket: string;
  /**
   * JSON key of a service account with the Cloud Storage and Storage Transfer APIs enabled: the key file's text,
   * or the parsed key as an object (it is serialised with JSON.stringify, or Terraform's jsonencode when it holds
   * tokens). Pass a TerraformVariable (`sensitive: true`) rather than a literal.
   *
   * @default - the secret the portal already stores is kept (as after an import); a bucket the account has no
   *   credential for yet needs one
   */
  readonly serviceKey?: string | { readonly [key: string]: unknown };
  /**
   * Tags added to every recording as object metadata.
   *
   * @default - no tags
   */
  readonly tags?: RecordingTags;
}

/** `Recording.azureBlob()`: an Azure Blob Storage container. */
export interface AzureBlobRecordingProps extends RecordingSecretOptions {
  /** Name of the container that receives recordings. */
  readonly container: string;
  /**
   * Connection string of the storage account (AccountName/AccountKey or a shared access signature). Pass a
   * TerraformVariable (`sensitive: true`) rather than a literal.
   *
   * @default - the secret the portal already stores is kept (as after an import); a bucket the account has no
   *   credential for yet needs one
   */
  readonly connectionString?: string;
  /**
   * Tags added to every recording as object metadata.
   *
   * @default - no tags
   */
  readonly tags?: RecordingTags;
}

/** What a Recording contributes to the recording resource. */
export interface RecordingBinding {
  /** The vendor block in the model's (snake_case) names, for validation. */
  readonly model: Record<string, unknown>;
  /** The vendor block of the generated resource config. */
  readonly config: {
    readonly awsS3?: AccountRecordingAwsS3;
    readonly s3Compatible?: AccountRecordingS3Compatible;
    readonly googleCloudStorage?: AccountRecordingGoogleCloudStorage;
    readonly azureBlob?: AccountRecordingAzureBlob;
  };
}

/** The secret attribute(s): the write-only pair by default, or the stored attribute; none to keep the portal's. */
function secret<Name extends string>(
  name: Name,
  value: string | undefined,
  options: RecordingSecretOptions,
): Partial<Record<Name | `${Name}Wo` | `${Name}WoVersion`, string>> {
  type Fields = Partial<Record<Name | `${Name}Wo` | `${Name}WoVersion`, string>>;
  if (value === undefined) return {};
  if (options.storeSecretInState) return { [name]: value } as Fields;
  return { [`${name}Wo`]: value, [`${name}WoVersion`]: options.secretVersion ?? "1" } as Fields;
}

const copyTags = (tags: RecordingTags | undefined) => (tags ? { ...tags } : undefined);

/**
 * Where recordings go: one of the four bucket vendors the portal supports. Pass one to `account.enableRecording()`.
 */
export class Recording {
  /** An Amazon S3 bucket. */
  public static awsS3(props: AwsS3RecordingProps): Recording {
    return new Recording({
      model: {
        aws_s3: {
          bucket: props.bucket,
          region: props.region,
          access_key_id: props.accessKeyId,
          secret_access_key: props.secretAccessKey,
          tags: props.tags,
          skip_region_validation: props.skipRegionValidation,
        },
      },
      config: {
        awsS3: {
          bucket: props.bucket,
          region: props.region,
          accessKeyId: props.accessKeyId,
          ...secret("secretAccessKey", props.secretAccessKey, props),
          tags: copyTags(props.tags),
          skipRegionValidation: props.skipRegionValidation,
        },
      },
    });
  }

  /** An S3-compatible store (MinIO, Wasabi, ...). */
  public static s3Compatible(props: S3CompatibleRecordingProps): Recording {
    return new Recording({
      model: {
        s3_compatible: {
          endpoint: props.endpoint,
          bucket: props.bucket,
          region: props.region,
          access_key_id: props.accessKeyId,
          secret_access_key: props.secretAccessKey,
          tags: props.tags,
        },
      },
      config: {
        s3Compatible: {
          endpoint: props.endpoint,
          bucket: props.bucket,
          region: props.region,
          accessKeyId: props.accessKeyId,
          ...secret("secretAccessKey", props.secretAccessKey, props),
          tags: copyTags(props.tags),
        },
      },
    });
  }

  /** A Google Cloud Storage bucket. */
  public static googleCloudStorage(props: GoogleCloudStorageRecordingProps): Recording {
    const serviceKey = serialiseServiceKey(props.serviceKey);
    return new Recording({
      model: { google_cloud_storage: { bucket: props.bucket, service_key: serviceKey, tags: props.tags } },
      config: {
        googleCloudStorage: {
          bucket: props.bucket,
          ...secret("serviceKey", serviceKey, props),
          tags: copyTags(props.tags),
        },
      },
    });
  }

  /** An Azure Blob Storage container. */
  public static azureBlob(props: AzureBlobRecordingProps): Recording {
    return new Recording({
      model: { azure_blob: { container: props.container, connection_string: props.connectionString, tags: props.tags } },
      config: {
        azureBlob: {
          container: props.container,
          ...secret("connectionString", props.connectionString, props),
          tags: copyTags(props.tags),
        },
      },
    });
  }

  private constructor(private readonly binding: RecordingBinding) {}

  /** @internal What the recording construct puts in its resource. */
  public _bind(): RecordingBinding {
    return this.binding;
  }
}

/** The key as the JSON text the portal wants. An object holding tokens is encoded by Terraform, where the values are known. */
function serialiseServiceKey(key: string | { readonly [key: string]: unknown } | undefined): string | undefined {
  if (key === undefined || typeof key === "string") return key;
  if (Token.isUnresolved(key) || Token.isUnresolved(JSON.stringify(key))) return Fn.jsonencode(key);
  return JSON.stringify(key);
}
