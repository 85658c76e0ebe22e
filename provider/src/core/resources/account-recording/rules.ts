import { type ValidationIssue } from "../../schema/issues";
import { withPriorForOmitted } from "../../schema/omitted";
import { isRecord } from "../../schema/reconcile";
import { type Rule } from "../../schema/validate";
import { googleServiceKeyLooksMasked, looksMasked } from "../../secrets/portal-mask";
import { AWS_REGION_SHAPE, PORTAL_AWS_REGIONS } from "../../validation/aws-regions";
import { recordingFields } from "./fields";
import { configuredVendor, credentialToWire } from "./mapping";
import { type RecordingConfig, type RecordingState, VENDOR_FIELDS, VENDOR_SECRET, type VendorField } from "./schema";

/** The portal stores the credential JSON encrypted and hex-encoded in a VARCHAR(8192): about 4 kB of JSON fit. */
export const MAX_CREDENTIAL_JSON_BYTES = 4060;

const vendorList = VENDOR_FIELDS.join(", ");

const exactlyOneVendor: Rule<RecordingConfig> = (config, known) => {
  const set = VENDOR_FIELDS.filter((v) => known.isKnown([v]) && config[v] !== undefined);
  const unknown = VENDOR_FIELDS.filter((v) => !known.isKnown([v]));
  if (set.length > 1) {
    return [{ path: [set[1]!], message: `conflicts with ${set[0]}: set exactly one of ${vendorList}` }];
  }
  if (set.length === 0 && unknown.length === 0) {
    return [{ path: [], message: `exactly one bucket vendor is required: set one of ${vendorList}` }];
  }
  return [];
};

const awsRegion: Rule<RecordingConfig> = (config, known) => {
  const s3 = config.aws_s3;
  if (!s3 || !known.isKnown(["aws_s3", "region"]) || typeof s3.region !== "string") return [];
  if (!known.isKnown(["aws_s3", "skip_region_validation"])) return [];
  const shown = JSON.stringify(s3.region);
  if (s3.skip_region_validation) {
    return AWS_REGION_SHAPE.test(s3.region)
      ? []
      : [{ path: ["aws_s3", "region"], shownValue: shown, message: "is not an AWS region name such as eu-west-1" }];
  }
  if ((PORTAL_AWS_REGIONS as readonly string[]).includes(s3.region)) return [];
  return [
    {
      path: ["aws_s3", "region"],
      shownValue: shown,
      message: `is not one of the portal's regions (${PORTAL_AWS_REGIONS.join(", ")}); set skip_region_validation to true to use another region`,
    },
  ];
};

/**
 * The credential must fit the portal's column. Measured on what the portal will store: the given secret, or, when it
 * is omitted ("keep the stored one"), the stored one as the prior state shows it (its mask has the same length).
 */
export function credentialSizeIssues(config: RecordingConfig): ValidationIssue[] {
  const credential = credentialToWire(config);
  if (!credential) return [];
  const bytes = Buffer.byteLength(JSON.stringify(credential));
  if (bytes <= MAX_CREDENTIAL_JSON_BYTES) return [];
  const vendor = VENDOR_FIELDS.find((v) => config[v] !== undefined)!;
  return [
    {
      path: [vendor],
      message: `makes a credential of ${bytes} bytes of JSON; the portal stores at most about ${MAX_CREDENTIAL_JSON_BYTES} (shorten the tags or the key)`,
    },
  ];
}

/** Whether the configured vendor's secret is left out ("keep the stored one"). */
export const secretOmitted = (config: RecordingConfig): boolean => {
  const vendor = configuredVendor(config);
  const settings = vendor ? (config[vendor] as Record<string, unknown> | undefined) : undefined;
  return vendor !== undefined && settings?.[VENDOR_SECRET[vendor]] === undefined;
};

const credentialSize: Rule<RecordingConfig> = (config, known) => {
  if (!VENDOR_FIELDS.every((v) => known.isKnown([v]))) return [];
  // An omitted secret is measured by the plan check, which knows the stored one.
  return secretOmitted(config) ? [] : credentialSizeIssues(config);
};

export const recordingRules: readonly Rule<RecordingConfig>[] = [exactlyOneVendor, awsRegion, credentialSize];

/**
 * Checks that need the prior state: a secret may only be omitted (or sent masked) when the portal already stores
 * one for the same vendor (otherwise the portal stores the masked value literally as the secret); and the
 * credential must fit once the stored secret takes the omitted one's place.
 */
export function checkRecordingPlan(config: RecordingConfig, prior: RecordingState | null): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const vendor of VENDOR_FIELDS) {
    const settings = config[vendor] as Record<string, unknown> | undefined;
    if (!isRecord(settings)) continue;
    const secretField = VENDOR_SECRET[vendor];
    const secret = settings[secretField];
    const storedForVendor = prior?.[vendor] !== undefined && prior?.[vendor] !== null;
    if (storedForVendor) continue;
    if (secret === undefined) {
      issues.push({
        path: [vendor, secretField],
        message: `is required: the portal stores no ${vendor} credential for this account yet`,
      });
    } else if (typeof secret === "string" && isMaskedSecret(vendor, secret)) {
      issues.push({
        path: [vendor, secretField],
        shownValue: "(sensitive value)",
        message: `looks masked (letters followed by X's); a masked secret only keeps a stored secret of the same vendor, so give the real ${secretField}`,
      });
    }
  }
  if (issues.length === 0 && prior && secretOmitted(config)) {
    issues.push(...credentialSizeIssues(withPriorForOmitted(recordingFields, config, prior)));
  }
  return issues;
}

function isMaskedSecret(vendor: VendorField, secret: string): boolean {
  return vendor === "google_cloud_storage" ? googleServiceKeyLooksMasked(secret) : looksMasked(secret);
}
