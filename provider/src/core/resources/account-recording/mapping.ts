import { isRecord } from "../../schema/reconcile";
import { maskGoogleServiceKey, maskSecret } from "../../secrets/portal-mask";
import {
  PORTAL_VENDOR,
  type RecordingConfig,
  VENDOR_FIELDS,
  type VendorField,
  type WireBucketCredential,
  wireBucketCredential,
} from "./schema";

type Tags = Record<string, string> | undefined;

const toWireTags = (tags: Tags) => (tags === undefined ? {} : { tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) });
const fromWireTags = (tags: WireBucketCredential["tags"]): Tags =>
  tags === undefined ? undefined : Object.fromEntries(tags.map((t) => [t.Key, t.Value]));

/** The vendor attribute that is set, if exactly one is. */
export function configuredVendor(config: Partial<RecordingConfig>): VendorField | undefined {
  const set = VENDOR_FIELDS.filter((v) => config[v] !== undefined && config[v] !== null);
  return set.length === 1 ? set[0] : undefined;
}

/**
 * A masked value the portal reads as "keep the stored secret" (portal-behaviour.md §3.4), used when the configuration
 * omits the secret and the prior state has none (write-only secrets).
 */
const KEEP_STORED = "XXXXXXXXXX";
const KEEP_STORED_GOOGLE_KEY = JSON.stringify({ private_key: "-----BEGIN PRIVATE KEY-----\nXXXXXXXXXX" });

/** The `bucket_credential` to PUT for a configuration; a missing secret is sent masked so the portal keeps its own. */
export function credentialToWire(config: RecordingConfig): WireBucketCredential | null {
  const vendor = configuredVendor(config);
  if (vendor === "aws_s3" && config.aws_s3) {
    const c = config.aws_s3;
    return {
      vendor: PORTAL_VENDOR.aws_s3,
      name: c.bucket,
      region: c.region,
      access_key_id: c.access_key_id,
      secret_access_key: c.secret_access_key ?? KEEP_STORED,
      ...toWireTags(c.tags),
    };
  }
  if (vendor === "s3_compatible" && config.s3_compatible) {
    const c = config.s3_compatible;
    return {
      vendor: PORTAL_VENDOR.s3_compatible,
      endpoint: c.endpoint,
      name: c.bucket,
      ...(c.region === undefined ? {} : { region: c.region }),
      access_key_id: c.access_key_id,
      secret_access_key: c.secret_access_key ?? KEEP_STORED,
      ...toWireTags(c.tags),
    };
  }
  if (vendor === "google_cloud_storage" && config.google_cloud_storage) {
    const c = config.google_cloud_storage;
    return {
      vendor: PORTAL_VENDOR.google_cloud_storage,
      name: c.bucket,
      service_key: c.service_key ?? KEEP_STORED_GOOGLE_KEY,
      ...toWireTags(c.tags),
    };
  }
  if (vendor === "azure_blob" && config.azure_blob) {
    const c = config.azure_blob;
    return {
      vendor: PORTAL_VENDOR.azure_blob,
      name: c.container,
      connection_string: c.connection_string ?? KEEP_STORED,
      ...toWireTags(c.tags),
    };
  }
  return null;
}

/** The credential with its secret masked as the portal would show it: safe to measure, log or compare. */
export function maskedCredential(credential: WireBucketCredential): WireBucketCredential {
  const out = { ...credential };
  if (out.secret_access_key !== undefined) out.secret_access_key = maskSecret(out.secret_access_key);
  if (out.connection_string !== undefined) out.connection_string = maskSecret(out.connection_string);
  if (out.service_key !== undefined) out.service_key = maskGoogleServiceKey(out.service_key) ?? "(unparseable)";
  return out;
}

/**
 * The vendor attributes as read from `GET /Accounts/:sid`. `null`, `""`, `{}` (undecryptable, or written by a
 * POST: portal-behaviour.md §2.3) and `{vendor:"none"}` all mean "no usable credential".
 */
export function vendorsFromWire(raw: unknown): Partial<Record<VendorField, Record<string, unknown>>> {
  if (!isRecord(raw)) return {};
  const parsed = wireBucketCredential.safeParse(raw);
  if (!parsed.success) return {};
  const c = parsed.data;
  const tags = fromWireTags(c.tags);
  switch (c.vendor) {
    case "aws_s3":
      return {
        aws_s3: {
          bucket: c.name,
          region: c.region ?? undefined,
          access_key_id: c.access_key_id,
          secret_access_key: c.secret_access_key,
          tags,
        },
      };
    case "s3_compatible":
      return {
        s3_compatible: {
          endpoint: c.endpoint ?? undefined,
          bucket: c.name,
          region: c.region ?? undefined,
          access_key_id: c.access_key_id,
          secret_access_key: c.secret_access_key,
          tags,
        },
      };
    case "google":
      return { google_cloud_storage: { bucket: c.name, service_key: c.service_key, tags } };
    case "azure":
      return { azure_blob: { container: c.name, connection_string: c.connection_string, tags } };
    default:
      return {};
  }
}
