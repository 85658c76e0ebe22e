import { z } from "zod";
import { type AccountSummary, listAccounts } from "../core/resources/account/api";
import { accountLimitsResource, accountRecordingResource, accountResource } from "../core/resources/catalog";
import { type HandlerContext } from "../core/resources/handler-context";
import { PortalSession } from "../core/resources/portal-session";
import { isRecord } from "../core/schema/reconcile";
import { describeError } from "../drift/errors";
import { PortalPool, type PortalPoolOptions, type PortalTarget } from "../drift/portal-reader";
import { mapWithConcurrency, type Progress, silentProgress } from "../drift/progress";
import { type Declarations } from "../drift/sources/load";
import { VERSION } from "../version";
import { type AccountReads, buildPlan } from "./build-plan";
import { declaredObjects, NOTHING_DECLARED } from "./declared";
import { ExportError } from "./errors";
import { type ExportPlan, type OutputFormat, resourcesOf, type SecretMode } from "./model";
import { type NameMatcher } from "./name-pattern";
import { renderHcl } from "./render/hcl";
import { renderCdktf } from "./render/typescript";
import { assertNoSecrets } from "./secret-guard";

/**
 * `voicegateway export`: reads a portal's accounts and renders configuration that adopts them.
 *
 * Requests (the portal's 600 per 5 minutes are shared with everyone), through the drift command's read-only client,
 * which refuses any write before it is sent:
 * 1. one account list for the scope; through the session it answers every account and recording read, masked;
 * 2. per exported account, one `GET /Accounts/:sid/ApiKeys` and one `GET /Accounts/:sid/Limits`;
 * so 1 + 2N for N accounts, fewer for objects the declarations already manage.
 */

export interface ExportOptions {
  readonly portal: PortalTarget;
  /** The service provider whose accounts are read; without one, every account the key can see. */
  readonly serviceProviderSid?: string;
  /** Accounts whose name matches any of these (all when there are none). */
  readonly names: readonly { readonly pattern: string; readonly matches: NameMatcher }[];
  /** Only these accounts (all when there are none); each must exist in the scope. */
  readonly accountSids: readonly string[];
  /** What existing configuration declares already: left out. */
  readonly declarations?: Declarations;
  readonly secretMode: SecretMode;
  readonly format: OutputFormat;
  /** Reads in flight. */
  readonly concurrency: number;
  /** @default silent */
  readonly progress?: Progress;
  /** Test hooks for the portal client (retries, rate limit). */
  readonly clientOverrides?: PortalPoolOptions["clientOverrides"];
}

export interface ExportResult {
  readonly plan: ExportPlan;
  /** File name → text; empty when nothing is left to export. */
  readonly files: Readonly<Record<string, string>>;
}

const LABEL = "export";
const keyRows = z.array(z.object({ api_key_sid: z.string(), own: z.boolean().optional() }));

export async function runExport(options: ExportOptions): Promise<ExportResult> {
  const progress = options.progress ?? silentProgress;
  const sp = options.serviceProviderSid;
  const pool = new PortalPool({
    userAgent: `voicegateway-iac/${VERSION} export`,
    concurrency: options.concurrency,
    onLongWait: (apiUrl, waitMs) =>
      progress.warn(
        `waiting ${Math.ceil(waitMs / 1000)}s for the rate limit of ${apiUrl} (600 requests per 5 minutes, shared with everyone)`,
      ),
    ...(options.clientOverrides ? { clientOverrides: options.clientOverrides } : {}),
  });
  try {
    const client = pool.client(options.portal);
    const ctx: HandlerContext = { client, session: new PortalSession(client.fingerprinter), ...(sp ? { serviceProviderSid: sp } : {}) };
    const scope = sp ? `service provider ${sp}` : "every service provider the API key can see";

    progress.phase(LABEL, `listing the accounts of ${scope}`);
    let listed: AccountSummary[];
    try {
      listed = await listAccounts(ctx, sp);
    } catch (error) {
      throw new ExportError(`listing the accounts of ${scope} failed: ${describeError(error, client.redactor).message}`);
    }
    const listedSids = new Set(listed.map((a) => a.account_sid));
    for (const sid of options.accountSids) {
      if (!listedSids.has(sid))
        throw new ExportError(`--account-sid ${sid}: the portal has no such account among the ${listed.length} of ${scope}`);
    }
    const declared = options.declarations ? declaredObjects(options.declarations, listed) : NOTHING_DECLARED;
    const wanted = new Set(options.accountSids);
    const selected = listed.filter(
      (a) =>
        (wanted.size === 0 || wanted.has(a.account_sid)) && (options.names.length === 0 || options.names.some((n) => n.matches(a.name))),
    );
    const declaredCount = selected.filter((a) => declared.accounts.has(a.account_sid)).length;

    progress.phase(LABEL, `reading ${selected.length} of ${listed.length} account(s): API keys and limits`);
    let done = 0;
    const reads = await mapWithConcurrency(selected, options.concurrency, async (summary): Promise<AccountReads | undefined> => {
      const sid = summary.account_sid;
      try {
        // The handlers' own import reads: the configuration reproduces exactly what `terraform import` records.
        const accountDeclared = declared.accounts.has(sid);
        const account = accountDeclared ? undefined : await accountResource.handlers.importState(ctx, sid);
        if (account === null) return undefined; // deleted since the list
        const recording = declared.recordings.has(sid) ? undefined : await accountRecordingResource.handlers.importState(ctx, sid);
        const limits = declared.limits.has(sid) ? undefined : await accountLimitsResource.handlers.importState(ctx, sid);
        const keys = declared.unidentifiedKeys.has(sid) ? undefined : keyRows.parse(await client.get(["Accounts", sid, "ApiKeys"]));
        return {
          summary,
          ...(account ? { account } : {}),
          ...(recording ? { recording } : {}),
          ...(limits !== undefined ? { limits } : {}),
          ...(keys ? { apiKeys: keys.map((k) => ({ sid: k.api_key_sid, own: k.own === true })) } : {}),
        };
      } catch (error) {
        throw new ExportError(
          `reading account ${JSON.stringify(summary.name)} (${sid}) failed: ${describeError(error, client.redactor).message}`,
        );
      } finally {
        progress.tick(LABEL, "accounts read", ++done, selected.length);
      }
    });

    const filters = [
      ...options.names.map((n) => `--name ${n.pattern}`),
      ...(options.accountSids.length > 0 ? [`--account-sid ${options.accountSids.join(",")}`] : []),
      ...(options.declarations ? [`not declared in ${options.declarations.files.join(", ")}`] : []),
    ];
    const plan = buildPlan({
      apiUrl: client.apiUrl,
      ...(sp ? { serviceProviderSid: sp } : {}),
      secretMode: options.secretMode,
      reads: reads.filter((r): r is AccountReads => r !== undefined),
      declared,
      filters,
      excluded: { byFilter: listed.length - selected.length, declared: declaredCount },
      notes: [...(options.declarations?.notes ?? [])],
      requests: client.stats.requestsSent,
    });
    if (plan.accounts.length === 0) return { plan, files: {} };
    const files = options.format === "hcl" ? renderHcl(plan) : renderCdktf(plan);
    assertNoSecrets(files, [options.portal.apiKey, ...reads.flatMap((r) => secretsOf(r?.account))], plainValues(plan));
    return { plan, files };
  } finally {
    await pool.close();
  }
}

/** The secrets an account's state carries in clear (the portal shows hook passwords and the webhook secret). */
function secretsOf(account: Record<string, unknown> | undefined): string[] {
  if (!account) return [];
  const hooks = [account.registration_hook, account.queue_event_hook].map((h) => (isRecord(h) ? h.password : undefined));
  return [account.webhook_secret, ...hooks].filter((s): s is string => typeof s === "string");
}

/** Every string the export writes on purpose: names, URLs, user names, tags. */
function plainValues(plan: ExportPlan): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string") out.push(value);
    else if (isRecord(value)) Object.values(value).forEach(walk);
  };
  for (const account of plan.accounts) {
    out.push(account.name);
    for (const resource of resourcesOf(account)) walk(resource.values);
  }
  return out;
}
