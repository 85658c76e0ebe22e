import { type AccountSummary } from "../core/resources/account/api";
import { accountNameKey } from "../core/resources/account-names";
import { VENDOR_FIELDS } from "../core/resources/account-recording/schema";
import { accountApiKeyResource, accountLimitsResource, accountRecordingResource, accountResource } from "../core/resources/catalog";
import { parseConfig, type ResourceDefinition } from "../core/resources/resource-definition";
import { describeIssue } from "../core/schema/issues";
import { isRecord } from "../core/schema/reconcile";
import { AWS_REGION_SHAPE, PORTAL_AWS_REGIONS } from "../core/validation/aws-regions";
import { allocateIdentifiers, apiKeyIdentifier } from "./addresses";
import { configurationOf } from "./configuration";
import { type DeclaredObjects } from "./declared";
import { type ExportedAccount, type ExportedResource, type ExportPlan, resourcesOf, type SecretMode, type SecretSlot } from "./model";

/** What was read of one account; absent parts were not read because they are declared already. */
export interface AccountReads {
  readonly summary: AccountSummary;
  readonly account?: Record<string, unknown>;
  readonly recording?: Record<string, unknown>;
  /** Null when the account has no limits. */
  readonly limits?: Record<string, unknown> | null;
  readonly apiKeys?: readonly { readonly sid: string; readonly own: boolean }[];
}

export interface BuildPlanInput {
  readonly apiUrl: string;
  readonly serviceProviderSid?: string;
  readonly secretMode: SecretMode;
  readonly reads: readonly AccountReads[];
  readonly declared: DeclaredObjects;
  readonly filters: readonly string[];
  readonly excluded: ExportPlan["excluded"];
  readonly notes: readonly string[];
  readonly requests: number;
}

const SECRET_WORDS: Readonly<Record<string, string>> = {
  "registration_hook.password": "password of the registration webhook",
  "queue_event_hook.password": "password of the queue event webhook",
  "aws_s3.secret_access_key": "secret access key of the AWS S3 bucket",
  "s3_compatible.secret_access_key": "secret access key of the S3-compatible bucket",
  "google_cloud_storage.service_key": "service account key (the key file's JSON) of the Google Cloud Storage bucket",
  "azure_blob.connection_string": "connection string of the Azure Blob Storage container",
};

const hasBucket = (state: Record<string, unknown>): boolean => VENDOR_FIELDS.some((v) => state[v] !== undefined);

/** Recording counts as set up when the account records all calls, keeps a bucket, or uses another format. */
const hasRecording = (state: Record<string, unknown>): boolean =>
  state.record_all_calls === true || state.record_format !== "mp3" || hasBucket(state);

/**
 * Turns what was read into what is written: names, values, import IDs, secret slots, and the provider's own verdict
 * on each configuration (the same checks a plan runs), so anything the plan would refuse is known before writing.
 */
export function buildPlan(input: BuildPlanInput): ExportPlan {
  const { declared, secretMode } = input;
  const reads = [...input.reads].sort(
    (a, b) =>
      compare(accountNameKey(a.summary.name), accountNameKey(b.summary.name)) || compare(a.summary.account_sid, b.summary.account_sid),
  );
  const identifiers = allocateIdentifiers(
    reads.map((r) => ({ sid: r.summary.account_sid, name: r.summary.name })),
    declared.resourceNames,
  );
  const taken = new Set<string>([...declared.resourceNames, ...identifiers.values()]);

  const accounts: ExportedAccount[] = reads.map((read): ExportedAccount => {
    const sid = read.summary.account_sid;
    const identifier = identifiers.get(sid)!;
    const notes: string[] = [];
    const resource = (
      definition: ResourceDefinition,
      name: string,
      importId: string,
      state: Record<string, unknown>,
      options: { omit?: string[]; alwaysWritten?: string[]; variableSuffix?: (path: readonly string[]) => string; update?: string } = {},
    ): ExportedResource => {
      const { values, secretPaths } = configurationOf(definition, state, options);
      const suffix = options.variableSuffix ?? ((path: readonly string[]) => path.join("_"));
      const secrets = secretPaths.map(
        (path): SecretSlot => ({
          path,
          variable: `${identifier}_${suffix(path)}`,
          description: SECRET_WORDS[path.join(".")] ?? path.join("."),
        }),
      );
      const expectedUpdate =
        secretMode === "variables" && secrets.length > 0
          ? `sends ${secrets.map((s) => `var.${s.variable}`).join(" and ")} to the portal (records the *_wo_version)`
          : options.update;
      const checked = definition.fields.some((f) => f.name === "account_sid") ? { ...values, account_sid: sid } : values;
      return {
        definition,
        name,
        importId,
        values,
        secrets,
        problems: problemsOf(definition, checked, state),
        ...(expectedUpdate ? { expectedUpdate } : {}),
      };
    };

    const account = read.account
      ? resource(accountResource, identifier, sid, read.account, { omit: input.serviceProviderSid ? ["service_provider_sid"] : [] })
      : undefined;

    const apiKeys: ExportedResource[] = [];
    for (const key of [...(read.apiKeys ?? [])].sort((a, b) => compare(a.sid, b.sid))) {
      if (declared.apiKeys.has(key.sid)) continue;
      if (key.own) {
        notes.push(`API key ${key.sid} is the key this export ran with; it is not exported, so no configuration can delete it by accident`);
        continue;
      }
      apiKeys.push(
        resource(
          accountApiKeyResource,
          apiKeyIdentifier(identifier, key.sid, taken),
          `${sid}/${key.sid}`,
          { account_sid: sid },
          { omit: ["account_sid"] },
        ),
      );
    }
    if (declared.unidentifiedKeys.has(sid)) {
      notes.push(
        "its API keys are not exported: the declarations have keys of this account without IDs, so which keys they are cannot be told (pass the state too)",
      );
    }

    let recording: ExportedResource | undefined;
    if (read.recording && hasRecording(read.recording)) {
      const state = read.recording;
      if (!hasBucket(state)) {
        notes.push("recording is not exported: the account records calls but has no usable bucket, and the recording resource needs one");
      } else {
        recording = resource(accountRecordingResource, identifier, sid, withRegionCheckSkipped(state), {
          omit: ["account_sid"],
          // One vendor per account: `acme_recording_secret_access_key`.
          variableSuffix: (path) => `recording_${path.at(-1)}`,
          ...(regionOutsidePortalList(state)
            ? {
                update:
                  "records skip_region_validation = true, which the portal does not store (the stored settings are sent back unchanged)",
              }
            : {}),
        });
      }
    }

    let limits: ExportedResource | undefined;
    if (read.limits && (read.limits.max !== undefined || read.limits.licensed !== undefined)) {
      limits = resource(accountLimitsResource, identifier, sid, read.limits, { omit: ["account_sid"], alwaysWritten: ["unit"] });
    }
    const others = limits && isRecord(read.limits?.other_limits) ? Object.keys(read.limits.other_limits) : [];
    if (others.length > 0)
      notes.push(`limits of other categories (${others.sort().join(", ")}) stay as they are: the limits resource does not manage them`);

    return {
      sid,
      name: read.summary.name,
      serviceProviderSid: read.summary.service_provider_sid,
      identifier,
      ...(account ? { account } : {}),
      apiKeys,
      ...(recording ? { recording } : {}),
      ...(limits ? { limits } : {}),
      notes,
    };
  });

  // An account with nothing left to adopt (declared, with all its objects) gets no file; its notes stay.
  const exported = accounts.filter((a) => resourcesOf(a).length > 0);
  const notes = [
    ...input.notes,
    ...accounts.filter((a) => resourcesOf(a).length === 0).flatMap((a) => a.notes.map((n) => `${JSON.stringify(a.name)} (${a.sid}): ${n}`)),
  ];
  return {
    apiUrl: input.apiUrl,
    ...(input.serviceProviderSid ? { serviceProviderSid: input.serviceProviderSid } : {}),
    secretMode,
    accounts: exported,
    excluded: input.excluded,
    filters: input.filters,
    notes,
    requests: input.requests,
  };
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The checks a plan runs on this configuration (rules, then those that need the prior state), in words. */
function problemsOf(definition: ResourceDefinition, values: Record<string, unknown>, state: Record<string, unknown>): string[] {
  const parsed = parseConfig(definition, values);
  if (!parsed.ok) return parsed.issues.map(describeIssue);
  if (!parsed.known || !definition.checkPlan) return [];
  return definition.checkPlan(parsed.config, state).map(describeIssue);
}

const regionOutsidePortalList = (state: Record<string, unknown>): boolean => {
  const region = isRecord(state.aws_s3) ? state.aws_s3.region : undefined;
  return typeof region === "string" && !(PORTAL_AWS_REGIONS as readonly string[]).includes(region) && AWS_REGION_SHAPE.test(region);
};

/** A bucket in a region the portal's list lacks only validates with `skip_region_validation`, which the portal does not store. */
function withRegionCheckSkipped(state: Record<string, unknown>): Record<string, unknown> {
  if (!regionOutsidePortalList(state)) return state;
  return { ...state, aws_s3: { ...(state.aws_s3 as Record<string, unknown>), skip_region_validation: true } };
}
