import { ConfigValidationError, type ValidationIssue } from "../../schema/issues";
import { withPriorForOmitted } from "../../schema/omitted";
import { reconcile } from "../../schema/reconcile";
import { type SecretComparison } from "../../secrets/secret-comparison";
import { getAccount } from "../account/api";
import { type WireAccount } from "../account/schema";
import { type HandlerContext, type ResourceHandlers } from "../handler-context";
import { PartialApplyError } from "../partial-apply-error";
import { putRecording, testBucketCredential } from "./api";
import { recordingFields } from "./fields";
import { configuredVendor, credentialToWire, vendorsFromWire } from "./mapping";
import { checkRecordingPlan, credentialSizeIssues, secretOmitted } from "./rules";
import { type RecordingConfig, type RecordingState, VENDOR_FIELDS, VENDOR_SECRET } from "./schema";

const brand = Symbol.for("voicegateway.error.VG_ERR_BUCKET_TEST");

/** The portal's bucket test failed after the settings were applied. */
export class BucketCredentialTestError extends Error {
  readonly code = "VG_ERR_BUCKET_TEST" as const;
  readonly [brand] = true;
  override readonly name = "BucketCredentialTestError";
  constructor(
    readonly accountSid: string,
    readonly reason: string,
  ) {
    super(`The portal's test of the recording bucket credential of account ${accountSid} failed: ${reason}`);
  }
  static is(value: unknown): value is BucketCredentialTestError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

function stateFromWire(wire: WireAccount, prior: RecordingState | null, secrets?: SecretComparison): RecordingState {
  const vendors = vendorsFromWire(wire.bucket_credential);
  if (vendors.aws_s3) vendors.aws_s3.skip_region_validation = prior?.aws_s3?.skip_region_validation ?? false;
  const remote: Record<string, unknown> = {
    id: wire.account_sid,
    account_sid: wire.account_sid,
    record_all_calls: wire.record_all_calls ?? false,
    record_format: wire.record_format ?? "mp3",
    ...vendors,
    // Not stored by the portal: it says what to do after an apply.
    verify_bucket_credential: prior?.verify_bucket_credential ?? false,
  };
  // The stored credential's secret, fingerprinted from the account list, sits at its vendor's attribute.
  const vendor = VENDOR_FIELDS.find((v) => vendors[v] !== undefined);
  const print = wire.secretFingerprints?.bucket_credential;
  const portal = vendor && print ? { [`${vendor}.${VENDOR_SECRET[vendor]}`]: print } : {};
  return reconcile(recordingFields, prior ?? undefined, remote, secrets && { comparison: secrets, portal }) as RecordingState;
}

async function readBack(ctx: HandlerContext, accountSid: string, prior: RecordingState | null) {
  const wire = await getAccount(ctx, accountSid);
  return wire ? stateFromWire(wire, prior, ctx.secrets) : null;
}

/**
 * A secret omitted with none in the prior state (it was written write-only) is kept by the portal: measure the
 * credential with the stored one, whose mask has its length, before anything is written.
 */
async function storedCredentialSizeIssues(ctx: HandlerContext, config: RecordingConfig): Promise<ValidationIssue[]> {
  const vendor = configuredVendor(config);
  if (!vendor || !secretOmitted(config)) return [];
  const stored = await getAccount(ctx, config.account_sid);
  const secret = stored ? vendorsFromWire(stored.bucket_credential)[vendor]?.[VENDOR_SECRET[vendor]] : undefined;
  if (typeof secret !== "string") return [];
  return credentialSizeIssues({ ...config, [vendor]: { ...config[vendor], [VENDOR_SECRET[vendor]]: secret } });
}

async function apply(ctx: HandlerContext, rawConfig: RecordingConfig, prior: RecordingState | null) {
  const config = withPriorForOmitted(recordingFields, rawConfig, prior);
  const issues = checkRecordingPlan(config, prior);
  if (issues.length === 0) issues.push(...(await storedCredentialSizeIssues(ctx, config)));
  if (issues.length > 0) throw new ConfigValidationError("voicegateway_account_recording", issues);
  const credential = credentialToWire(config);
  try {
    await putRecording(ctx, config.account_sid, {
      record_all_calls: config.record_all_calls,
      record_format: config.record_format,
      bucket_credential: credential ?? { vendor: "none" },
    });
  } catch (error) {
    const state = await readBack(ctx, config.account_sid, prior).catch(() => prior);
    throw new PartialApplyError(`Setting the recording of account ${config.account_sid} failed`, state, error);
  }
  const state: RecordingState = { ...config, id: config.account_sid };
  if (config.verify_bucket_credential && credential) {
    const result = await testBucketCredential(ctx, config.account_sid, credential);
    if (!result.ok) {
      throw new PartialApplyError(
        "Recording settings were saved but the bucket test failed",
        state,
        new BucketCredentialTestError(config.account_sid, result.reason ?? "no reason given"),
      );
    }
  }
  return state;
}

/**
 * Recording is a setting of the account (the singleton pattern of HashiCorp's design principles): create and
 * update apply it, delete resets it to "none" with recording off, as the portal's own "off" does (portal-behaviour.md §10).
 */
export const recordingHandlers: ResourceHandlers<RecordingConfig, RecordingState> = {
  create: (ctx, config) => apply(ctx, config, null),
  update: (ctx, prior, config) => apply(ctx, config, prior),
  read: (ctx, prior) => readBack(ctx, prior.account_sid, prior),

  async delete(ctx, prior) {
    try {
      await putRecording(ctx, prior.account_sid, {
        record_all_calls: false,
        record_format: "mp3",
        bucket_credential: { vendor: "none" },
      });
    } catch (error) {
      if ((await getAccount(ctx, prior.account_sid)) === null) return;
      throw error;
    }
  },

  importState: (ctx, id) => readBack(ctx, id, null),
};
