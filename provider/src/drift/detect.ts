import { z } from "zod";
import { type AccountSummary, listAccounts } from "../core/resources/account/api";
import { type HandlerContext } from "../core/resources/handler-context";
import { PortalSession } from "../core/resources/portal-session";
import { SecretComparison } from "../core/secrets/secret-comparison";
import { type EnvironmentSpec, isIgnoredAccount } from "./config";
import { diffResource } from "./diff";
import { describeError } from "./errors";
import { countStatuses, type DeclaredResource, type EnvironmentReport, isDrift, type ResourceResult } from "./model";
import { type ReadOnlyPortalClient } from "./portal-reader";
import { mapWithConcurrency, type Progress } from "./progress";
import { ACCOUNT_TYPE, API_KEY_TYPE, terraformType } from "./resource-types";
import { type Declarations } from "./sources/load";
import { withoutUnknowns } from "./sources/values";

/**
 * Drift of one environment: its declarations against its portal.
 *
 * Requests, in order (the portal's rate limit is shared with everyone):
 * 1. one account list for the environment's scope (`GET /ServiceProviders/:sp/Accounts`, or `GET /Accounts`), kept
 *    masked, with keyed fingerprints of its secrets; it answers every account and recording read, so a secret is
 *    compared exactly rather than through its six-character mask;
 * 2. one `GET /Accounts/:sid/Limits` per declared limits (an account outside the list's scope is read by its own
 *    `GET /Accounts/:sid`);
 * 3. one `GET /Accounts/:sid/ApiKeys` per managed account, shared by its declared keys and the unmanaged-key check.
 * An account the list no longer has is missing without a request.
 */

export interface DetectOptions {
  readonly concurrency: number;
  readonly progress: Progress;
}

interface Target {
  readonly declared: DeclaredResource;
  /** The account the resource belongs to (its own SID for an account). */
  readonly accountSid?: string;
  /** The object's SID, when the declaration or the name lookup gave one. */
  readonly id?: string;
  /** A verdict reached without reading. */
  readonly verdict?: ResourceResult;
}

const keyRows = z.array(z.object({ api_key_sid: z.string(), own: z.boolean().optional() }));

const base = (d: DeclaredResource): Pick<ResourceResult, "type" | "address" | "source" | "accountName"> => ({
  type: terraformType(d.definition),
  address: d.address,
  source: d.source.file,
  ...(d.definition.name === "account" && typeof d.values.name === "string" ? { accountName: d.values.name } : {}),
});

export async function detectEnvironment(
  environment: EnvironmentSpec,
  declarations: Declarations,
  client: ReadOnlyPortalClient,
  options: DetectOptions,
): Promise<EnvironmentReport> {
  const { progress } = options;
  const sp = environment.serviceProviderSid;
  // The session reads the account list once, masked, with keyed fingerprints of its secrets (compared exactly).
  const ctx: HandlerContext = { client, session: new PortalSession(client.fingerprinter), ...(sp ? { serviceProviderSid: sp } : {}) };
  const before = client.stats.requestsSent;
  const notes = [...declarations.notes];
  const header = {
    name: environment.name,
    apiUrl: client.apiUrl,
    ...(sp ? { serviceProviderSid: sp } : {}),
    sources: declarations.files,
  };

  let listed: AccountSummary[];
  try {
    progress.phase(environment.name, `listing the accounts of ${sp ? `service provider ${sp}` : "every service provider the key can see"}`);
    listed = await listAccounts(ctx, sp);
  } catch (error) {
    return {
      ...header,
      status: "error",
      summary: countStatuses([]),
      resources: [],
      requests: client.stats.requestsSent - before,
      notes,
      error: describeError(error, client.redactor),
    };
  }
  const listedById = new Map(listed.map((a) => [a.account_sid, a]));
  const nameOf = (sid: string | undefined) => (sid ? listedById.get(sid)?.name : undefined);

  // 1. Which account each declared account is: its ID, or (a synthesized stack has none) its unique name.
  const accountIds = new Map<string, string | null>();
  const accountVerdicts = new Map<string, ResourceResult>();
  const targets: Target[] = [];
  for (const d of declarations.resources.filter((r) => terraformType(r.definition) === ACCOUNT_TYPE)) {
    const target = resolveAccount(d, listed);
    accountIds.set(d.address, target.id ?? null);
    if (target.verdict) accountVerdicts.set(d.address, target.verdict);
    targets.push(target);
  }
  // 2. Which account everything else belongs to: a literal SID, or a reference to a declared account.
  for (const d of declarations.resources.filter((r) => terraformType(r.definition) !== ACCOUNT_TYPE)) {
    targets.push(resolveChild(d, accountIds, accountVerdicts));
  }
  const declaredSpOf = new Map<string, unknown>();
  for (const t of targets) {
    if (terraformType(t.declared.definition) === ACCOUNT_TYPE && t.id) declaredSpOf.set(t.id, t.declared.values.service_provider_sid);
  }
  // The list is the whole truth for accounts in its scope: an account it lacks is gone.
  const knownGone = (accountSid: string) =>
    !listedById.has(accountSid) && (sp === undefined || declaredSpOf.get(accountSid) === undefined || declaredSpOf.get(accountSid) === sp);

  // 3. Read what can be read.
  const readable = targets.filter((t) => !t.verdict && !(terraformType(t.declared.definition) === API_KEY_TYPE && !t.id));
  progress.phase(environment.name, `reading ${readable.length} declared resource(s)`);
  let done = 0;
  const readResults = await mapWithConcurrency(readable, options.concurrency, async (t): Promise<[Target, ResourceResult]> => {
    const result = await readOne(ctx, t, knownGone, nameOf);
    progress.tick(environment.name, "read", ++done, readable.length);
    return [t, result];
  });
  const verdicts = new Map<Target, ResourceResult>(readResults);
  for (const t of targets) if (t.verdict) verdicts.set(t, t.verdict);

  // 4. API keys of managed accounts: one list per account, shared with the declared keys' reads.
  const managedAccounts = new Set<string>();
  for (const t of targets) {
    if (terraformType(t.declared.definition) !== ACCOUNT_TYPE || !t.id) continue;
    const verdict = verdicts.get(t);
    if (verdict && verdict.status !== "missing" && verdict.status !== "error" && verdict.status !== "unverifiable")
      managedAccounts.add(t.id);
  }
  for (const entry of declarations.alsoManaged) {
    const [kind, id] = entry.split(":");
    if (kind === "account" && id && listedById.has(id)) managedAccounts.add(id);
  }
  const keysWithoutId = targets.filter((t) => terraformType(t.declared.definition) === API_KEY_TYPE && !t.id && !t.verdict);
  const keyAccounts = [
    ...new Set([...managedAccounts, ...keysWithoutId.flatMap((t) => (t.accountSid && !knownGone(t.accountSid) ? [t.accountSid] : []))]),
  ];
  const declaredKeyIds = new Set(targets.filter((t) => terraformType(t.declared.definition) === API_KEY_TYPE && t.id).map((t) => t.id!));
  for (const entry of declarations.alsoManaged) {
    const [kind, id] = entry.split(":");
    if (kind === "account_api_key" && id) declaredKeyIds.add(id);
  }
  const unmanagedKeys: ResourceResult[] = [];
  if (keyAccounts.length > 0) progress.phase(environment.name, `checking the API keys of ${keyAccounts.length} account(s)`);
  done = 0;
  await mapWithConcurrency(keyAccounts, options.concurrency, async (accountSid) => {
    try {
      const rows = keyRows.parse(await client.get(["Accounts", accountSid, "ApiKeys"]));
      const unmatched = rows.filter((r) => !r.own && !declaredKeyIds.has(r.api_key_sid));
      const waiting = keysWithoutId
        .filter((t) => t.accountSid === accountSid)
        .sort((a, b) => a.declared.address.localeCompare(b.declared.address));
      waiting.forEach((t, i) =>
        verdicts.set(
          t,
          i < unmatched.length
            ? {
                ...base(t.declared),
                status: "in-sync",
                accountSid,
                ...withName(nameOf(accountSid)),
                detail: "matched by count: without a state, the declaration does not say which key it is",
              }
            : {
                ...base(t.declared),
                status: "missing",
                accountSid,
                ...withName(nameOf(accountSid)),
                detail: `the account has fewer unidentified API keys than are declared`,
              },
        ),
      );
      if (!managedAccounts.has(accountSid)) return;
      if (waiting.length === 0) {
        for (const row of unmatched) {
          unmanagedKeys.push({
            status: "unmanaged",
            type: API_KEY_TYPE,
            address: `API key ${row.api_key_sid}`,
            id: row.api_key_sid,
            accountSid,
            ...withName(nameOf(accountSid)),
            detail: "an API key of a managed account that nothing declares",
          });
        }
      } else if (unmatched.length > waiting.length) {
        unmanagedKeys.push({
          status: "unmanaged",
          type: API_KEY_TYPE,
          address: `${unmatched.length - waiting.length} API key(s)`,
          accountSid,
          ...withName(nameOf(accountSid)),
          detail: `the account has ${unmatched.length} API keys no state identifies and ${waiting.length} declared; give the state to tell which are unmanaged`,
        });
      }
    } catch (error) {
      const failure = describeError(error, client.redactor);
      for (const t of keysWithoutId.filter((k) => k.accountSid === accountSid))
        verdicts.set(t, { ...base(t.declared), status: "error", accountSid, detail: failure.message });
      unmanagedKeys.push({
        status: "error",
        type: API_KEY_TYPE,
        address: `API keys of account ${accountSid}`,
        accountSid,
        detail: failure.message,
      });
    } finally {
      progress.tick(environment.name, "API key lists", ++done, keyAccounts.length);
    }
  });
  for (const t of keysWithoutId) {
    if (!verdicts.has(t)) {
      verdicts.set(
        t,
        t.accountSid && knownGone(t.accountSid)
          ? { ...base(t.declared), status: "missing", accountSid: t.accountSid, detail: "its account is not in the portal" }
          : { ...base(t.declared), status: "unverifiable", detail: "no state identifies the key" },
      );
    }
  }

  // 5. Accounts nothing declares.
  const claimed = new Set<string>([...managedAccounts]);
  for (const t of targets) if (terraformType(t.declared.definition) === ACCOUNT_TYPE && t.id) claimed.add(t.id);
  const unmanagedAccounts: ResourceResult[] = listed
    .filter((a) => !claimed.has(a.account_sid) && !isIgnoredAccount(a.name, environment.ignoreAccounts))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((a) => ({
      status: "unmanaged",
      type: ACCOUNT_TYPE,
      address: `account ${JSON.stringify(a.name)}`,
      id: a.account_sid,
      accountSid: a.account_sid,
      accountName: a.name,
      detail: "in the portal, declared nowhere",
    }));

  const declaredResults = targets.map((t) => verdicts.get(t)!).sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  // Key lists come back in any order (concurrent reads): sort for a stable report.
  unmanagedKeys.sort((a, b) =>
    `${a.accountName ?? a.accountSid}\u0000${a.address}`.localeCompare(`${b.accountName ?? b.accountSid}\u0000${b.address}`),
  );
  const resources = [...declaredResults, ...unmanagedAccounts, ...unmanagedKeys];
  const summary = countStatuses(resources);
  return {
    ...header,
    status: summary.errors > 0 ? "error" : resources.some((r) => isDrift(r.status)) ? "drifted" : "in-sync",
    summary,
    resources,
    requests: client.stats.requestsSent - before,
    notes,
  };
}

const withName = (name: string | undefined) => (name === undefined ? {} : { accountName: name });

function resolveAccount(d: DeclaredResource, listed: readonly AccountSummary[]): Target {
  if (d.unverifiable) return { declared: d, verdict: { ...base(d), status: "unverifiable", detail: d.unverifiable } };
  const id = d.id ?? (typeof d.values.id === "string" ? d.values.id : undefined);
  if (id) return { declared: d, id, accountSid: id };
  const name = d.values.name;
  if (typeof name !== "string") {
    return { declared: d, verdict: { ...base(d), status: "unverifiable", detail: "its name is an expression and no state gives its ID" } };
  }
  const matches = listed.filter((a) => a.name === name);
  if (matches.length === 1) return { declared: d, id: matches[0]!.account_sid, accountSid: matches[0]!.account_sid };
  if (matches.length === 0) {
    return {
      declared: d,
      verdict: { ...base(d), status: "missing", accountName: name, detail: `the portal has no account named ${JSON.stringify(name)}` },
    };
  }
  return {
    declared: d,
    verdict: {
      ...base(d),
      status: "unverifiable",
      accountName: name,
      detail: `the portal has ${matches.length} accounts named ${JSON.stringify(name)}; give the state to tell which one is declared`,
    },
  };
}

function resolveChild(
  d: DeclaredResource,
  accountIds: ReadonlyMap<string, string | null>,
  accountVerdicts: ReadonlyMap<string, ResourceResult>,
): Target {
  if (d.unverifiable) return { declared: d, verdict: { ...base(d), status: "unverifiable", detail: d.unverifiable } };
  const id = d.id ?? (typeof d.values.id === "string" ? d.values.id : undefined);
  const reference = d.references.account_sid;
  let accountSid: string | undefined;
  if (reference !== undefined) {
    const resolved = accountIds.get(reference);
    if (resolved === undefined) {
      return {
        declared: d,
        verdict: {
          ...base(d),
          status: "unverifiable",
          detail: `account_sid refers to ${reference}, which this environment does not declare`,
        },
      };
    }
    if (resolved === null) {
      const parent = accountVerdicts.get(reference);
      return parent?.status === "missing"
        ? { declared: d, verdict: { ...base(d), status: "missing", detail: `its account ${reference} is missing` } }
        : { declared: d, verdict: { ...base(d), status: "unverifiable", detail: `its account ${reference} cannot be identified` } };
    }
    accountSid = resolved;
  } else if (typeof d.values.account_sid === "string") {
    accountSid = d.values.account_sid;
  } else {
    return {
      declared: d,
      verdict: { ...base(d), status: "unverifiable", detail: "account_sid is an expression this command cannot evaluate" },
    };
  }
  return { declared: d, accountSid, ...(id ? { id } : {}) };
}

async function readOne(
  ctx: HandlerContext,
  t: Target,
  knownGone: (accountSid: string) => boolean,
  nameOf: (sid: string | undefined) => string | undefined,
): Promise<ResourceResult> {
  const d = t.declared;
  const context = { accountSid: t.accountSid, ...withName(nameOf(t.accountSid)) };
  const found = { ...base(d), ...(t.id ? { id: t.id } : {}), ...context };
  if (t.accountSid && knownGone(t.accountSid)) {
    return {
      ...found,
      status: "missing",
      detail: terraformType(d.definition) === ACCOUNT_TYPE ? "the account is not in the portal" : "its account is not in the portal",
    };
  }
  // References resolved: the declaration now names its account (and its own SID) like a state would.
  const resolved = {
    ...d.values,
    ...(t.id ? { id: t.id } : {}),
    ...(t.accountSid && d.definition.fields.some((f) => f.name === "account_sid") ? { account_sid: t.accountSid } : {}),
  };
  try {
    const secrets = new SecretComparison(ctx.session!.fingerprinter!, d.fingerprints);
    const live = await d.definition.handlers.read({ ...ctx, secrets }, withoutUnknowns(resolved) as never);
    if (live === null) return { ...found, status: "missing", detail: "declared, but the portal no longer has it" };
    const { attributes, unverified } = diffResource({ ...d, values: resolved }, live as Record<string, unknown>, secrets.unverified);
    return {
      ...found,
      status: attributes.length > 0 ? "changed" : "in-sync",
      ...(attributes.length > 0 ? { attributes } : {}),
      ...(unverified.length > 0 ? { unverifiedAttributes: unverified } : {}),
    };
  } catch (error) {
    return { ...found, status: "error", detail: describeError(error, ctx.client.redactor).message };
  }
}
