import { listAccounts } from "../core/resources/account/api";
import { accountLimitsResource, accountRecordingResource, accountResource } from "../core/resources/catalog";
import { type HandlerContext } from "../core/resources/handler-context";
import { type FieldSpec } from "../core/schema/introspect";
import { deepEqual, isRecord } from "../core/schema/reconcile";
import { isUnknown } from "../core/schema/unknown";
import { type CompareSource, type EnvironmentSpec, isIgnoredAccount } from "./config";
import { describeError } from "./errors";
import { type ComparedAccount, type ComparisonReport, type DeclaredResource } from "./model";
import { type ReadOnlyPortalClient } from "./portal-reader";
import { mapWithConcurrency, type Progress } from "./progress";
import { type Declarations } from "./sources/load";

/**
 * How two environments' accounts differ beyond what always differs between environments: SIDs, generated webhook
 * secrets, masked secrets, and the environment's own name inside names, realms, URLs and bucket names. Accounts
 * pair up by name with the environment's name (or its aliases) taken out (`acme-staging` ↔ `acme-prod` ↔ `acme`),
 * or by a `namePattern` such as `{key}-stg`.
 */

/** One account, flattened to comparable attributes (`recording.aws_s3.region`, `limits.max`). */
export interface AccountProfile {
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface CompareSide {
  readonly environment: EnvironmentSpec;
  /** For `live`: the portal. */
  readonly client?: ReadOnlyPortalClient;
  /** For `declared`: the declarations. */
  readonly declarations?: Declarations;
}

export interface CompareOptions {
  readonly source: CompareSource;
  readonly concurrency: number;
  readonly progress: Progress;
}

const UNKNOWN_MARK = Symbol("unknown");
const SET = "(set)";
/** Attributes that differ between environments by design, or only say what to do at apply. */
const DROPPED = new Set([
  "name",
  "service_provider_sid",
  "webhook_secret_rotation",
  "recording.account_sid",
  "recording.verify_bucket_credential",
  "recording.aws_s3.skip_region_validation",
  "limits.account_sid",
]);

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * Takes an environment's words out of a name or value, with one of the separators around them:
 * `acme-staging` → `acme`, `staging.sip.example.com` → `sip.example.com`, `acme (staging)` → `acme`.
 */
export function stripEnvironment(text: string, words: readonly string[]): string {
  let out = text;
  for (const word of words.filter((w) => w.length > 0)) {
    const w = escapeRegex(word);
    out = out.replace(new RegExp(`\\s*[([]${w}[)\\]]`, "gi"), "");
    out = out.replace(new RegExp(`(^|[-_.\\s/:])${w}(?=$|[-_.\\s/:])([-_.\\s/:]?)`, "gi"), (_m, lead: string, trail: string) =>
      lead && trail ? (lead === "/" || lead === ":" ? lead : trail) : "",
    );
  }
  const trimmed = out.trim();
  return trimmed.length > 0 ? trimmed : text;
}

/** The pairing key of an account name in an environment. */
export function pairingKey(name: string, environment: Pick<EnvironmentSpec, "name" | "namePattern" | "aliases">): string {
  if (environment.namePattern) {
    const [before, after] = environment.namePattern.split("{key}") as [string, string];
    const match = new RegExp(`^${escapeRegex(before)}(.+?)${escapeRegex(after ?? "")}$`, "i").exec(name);
    if (match) return match[1]!.toLowerCase();
  }
  return stripEnvironment(name, [environment.name, ...environment.aliases]).toLowerCase();
}

function flatten(
  fields: readonly FieldSpec[],
  values: Readonly<Record<string, unknown>>,
  prefix: string,
  words: readonly string[],
  out: Record<string, unknown>,
): void {
  for (const spec of fields) {
    const path = prefix ? `${prefix}.${spec.name}` : spec.name;
    if (DROPPED.has(path) || spec.meta.sensitive || spec.meta.readOnly) continue;
    const value = values[spec.name];
    if (value === undefined || value === null) continue;
    if (isUnknown(value)) {
      out[path] = UNKNOWN_MARK;
    } else if (spec.type.kind === "object" && isRecord(value)) {
      out[path] = SET;
      flatten(spec.type.fields, value, path, words, out);
    } else if (spec.type.kind === "map" && isRecord(value)) {
      for (const [key, inner] of Object.entries(value))
        out[`${path}.${key}`] = isUnknown(inner) ? UNKNOWN_MARK : normalise(inner, words, false);
    } else if (spec.name.endsWith("_sid")) {
      out[path] = SET;
    } else {
      out[path] = normalise(value, words, spec.meta.equivalent !== undefined);
    }
  }
}

function normalise(value: unknown, words: readonly string[], caseInsensitive: boolean): unknown {
  if (typeof value !== "string") return value;
  const stripped = stripEnvironment(value, words);
  return caseInsensitive ? stripped.toLowerCase() : stripped;
}

export function profileOf(
  name: string,
  account: Readonly<Record<string, unknown>>,
  recording: Readonly<Record<string, unknown>> | undefined,
  limits: Readonly<Record<string, unknown>> | undefined,
  words: readonly string[],
): AccountProfile {
  const attributes: Record<string, unknown> = {};
  flatten(accountResource.fields, account, "", words, attributes);
  if (recording) flatten(accountRecordingResource.fields, recording, "recording", words, attributes);
  if (limits) flatten(accountLimitsResource.fields, limits, "limits", words, attributes);
  return { name, attributes };
}

async function liveProfiles(side: CompareSide, options: CompareOptions): Promise<AccountProfile[]> {
  const { environment, client } = side;
  if (!client) throw new Error(`environment ${environment.name} has no portal to read`);
  const sp = environment.serviceProviderSid;
  const ctx: HandlerContext = { client, ...(sp ? { serviceProviderSid: sp } : {}) };
  options.progress.phase(environment.name, "listing accounts to compare");
  const accounts = (await listAccounts(ctx, sp)).filter((a) => !isIgnoredAccount(a.name, environment.ignoreAccounts));
  const words = [environment.name, ...environment.aliases];
  let done = 0;
  const profiles = await mapWithConcurrency(accounts, options.concurrency, async (summary) => {
    const [account, recording, limits] = await Promise.all([
      accountResource.handlers.importState(ctx, summary.account_sid),
      accountRecordingResource.handlers.importState(ctx, summary.account_sid),
      accountLimitsResource.handlers.importState(ctx, summary.account_sid),
    ]);
    options.progress.tick(environment.name, "accounts read", ++done, accounts.length);
    return account
      ? profileOf(summary.name, account as Record<string, unknown>, recording ?? undefined, limits ?? undefined, words)
      : undefined;
  });
  return profiles.filter((p): p is AccountProfile => p !== undefined);
}

/** The declared accounts, each with the recording and limits declared for it (by reference or by SID). */
function declaredProfiles(side: CompareSide): AccountProfile[] {
  const { environment, declarations } = side;
  const resources = declarations?.resources ?? [];
  const words = [environment.name, ...environment.aliases];
  const accounts = resources.filter((r) => r.definition.name === "account");
  const ownerOf = (child: DeclaredResource): DeclaredResource | undefined => {
    const reference = child.references.account_sid;
    if (reference) return accounts.find((a) => a.address === reference);
    const sid = child.values.account_sid;
    return typeof sid === "string" ? accounts.find((a) => (a.id ?? a.values.id) === sid) : undefined;
  };
  const childOf = (account: DeclaredResource, name: string) =>
    resources.find((r) => r.definition.name === name && ownerOf(r) === account)?.values;
  return accounts
    .filter((a) => typeof a.values.name === "string" && !isIgnoredAccount(a.values.name, environment.ignoreAccounts))
    .map((a) => profileOf(a.values.name as string, a.values, childOf(a, "account_recording"), childOf(a, "account_limits"), words));
}

export async function compareEnvironments(first: CompareSide, second: CompareSide, options: CompareOptions): Promise<ComparisonReport> {
  const names = [first.environment.name, second.environment.name] as const;
  const notes: string[] = [];
  let profiles: [AccountProfile[], AccountProfile[]];
  try {
    profiles =
      options.source === "live"
        ? [await liveProfiles(first, options), await liveProfiles(second, options)]
        : [declaredProfiles(first), declaredProfiles(second)];
  } catch (error) {
    const redactor = (first.client ?? second.client)?.redactor;
    return { environments: names, source: options.source, status: "error", accounts: [], notes, error: describeError(error, redactor) };
  }

  const byKey = (list: AccountProfile[], environment: EnvironmentSpec) => {
    const map = new Map<string, AccountProfile>();
    for (const profile of [...list].sort((a, b) => a.name.localeCompare(b.name))) {
      const key = pairingKey(profile.name, environment);
      const existing = map.get(key);
      if (existing)
        notes.push(
          `${environment.name}: accounts ${JSON.stringify(existing.name)} and ${JSON.stringify(profile.name)} both pair as ${JSON.stringify(key)}; only the first is compared`,
        );
      else map.set(key, profile);
    }
    return map;
  };
  const a = byKey(profiles[0], first.environment);
  const b = byKey(profiles[1], second.environment);
  const accounts: ComparedAccount[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const left = a.get(key);
    const right = b.get(key);
    if (!left || !right) {
      accounts.push({
        key,
        names: [left?.name ?? null, right?.name ?? null],
        status: left ? "only-in-first" : "only-in-second",
        differences: [],
      });
      continue;
    }
    const differences: ComparedAccount["differences"][number][] = [];
    for (const attribute of [...new Set([...Object.keys(left.attributes), ...Object.keys(right.attributes)])].sort()) {
      const x = left.attributes[attribute];
      const y = right.attributes[attribute];
      if (x === UNKNOWN_MARK || y === UNKNOWN_MARK) continue;
      if (x === SET && y === SET) continue;
      if (!deepEqual(x ?? null, y ?? null)) differences.push({ attribute, values: [x ?? null, y ?? null] });
    }
    accounts.push({ key, names: [left.name, right.name], status: differences.length > 0 ? "different" : "same", differences });
  }
  return {
    environments: names,
    source: options.source,
    status: accounts.some((x) => x.status !== "same") ? "different" : "same",
    accounts,
    notes,
  };
}
