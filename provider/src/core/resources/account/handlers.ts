import { PortalBadRequestError } from "../../client";
import { ConfigValidationError, type ValidationIssue } from "../../schema/issues";
import { triggerFires } from "../../schema/meta";
import { withPriorForOmitted } from "../../schema/omitted";
import { accountNameKey, type NamedAccount } from "../account-names";
import { ResourceConflictError } from "../conflict-error";
import { type HandlerContext, type ResourceHandlers } from "../handler-context";
import { processLocks } from "../keyed-lock";
import { findAfterLostAnswer, mayHaveApplied, UnresolvedCreateError } from "../lost-create";
import { PartialApplyError } from "../partial-apply-error";
import {
  createAccount,
  deleteAccount,
  getAccount,
  getApplication,
  isSipRealmAvailable,
  listAccounts,
  listAccountsNow,
  regenerateWebhookSecret,
  updateAccount,
} from "./api";
import { accountFields, createBody, stateFromWire, updateBody } from "./mapping";
import { type AccountConfig, type AccountState } from "./schema";

const APP_FIELDS = ["device_calling_application_sid", "siprec_application_sid"] as const;

/**
 * Checks that need the prior state. An application can only belong to an account that exists, so a new account
 * cannot name one yet (applications and accounts refer to each other).
 */
export function checkAccountPlan(config: AccountConfig, prior: AccountState | null): ValidationIssue[] {
  if (prior) return [];
  return APP_FIELDS.filter((f) => config[f] !== undefined && config[f] !== null).map((f) => ({
    path: [f],
    message:
      "cannot be set while the account is created: an application belongs to an existing account. Create the account, then its application, then set this attribute",
  }));
}

/**
 * At plan time: a create or rename onto a name another account holds fails before anything is applied (not after
 * the resources that depend on the account were destroyed to be replaced, as an apply-time check would).
 */
export async function checkAccountAgainstPortal(
  ctx: HandlerContext,
  config: AccountConfig,
  prior: AccountState | null,
  releasing: ReadonlySet<string>,
): Promise<ValidationIssue[]> {
  if (typeof config.name !== "string" || (prior && accountNameKey(prior.name) === accountNameKey(config.name))) return [];
  const sp = prior ? prior.service_provider_sid || undefined : (config.service_provider_sid ?? ctx.serviceProviderSid);
  const holder = await accountNameHolder(ctx, sp, config.name, prior?.id);
  if (!holder || releasing.has(holder.account_sid)) return [];
  return [{ path: ["name"], shownValue: JSON.stringify(config.name), message: nameTakenMessage(holder), importId: holder.account_sid }];
}

const nameTakenMessage = (holder: NamedAccount) =>
  `is already used by account ${holder.account_sid}${holder.name ? ` (named ${JSON.stringify(holder.name)})` : ""} in this service provider; ` +
  "account names are unique within a service provider, ignoring letter case and surrounding spaces. Choose another name, or manage that account by importing it";

/** Accounts of the service provider, for the name check (the whole list when there is none to scope to). */
const accountsOf = (ctx: HandlerContext, sp: string | undefined) => async (): Promise<readonly NamedAccount[]> =>
  (await listAccounts(ctx, sp)).filter((a) => !sp || a.service_provider_sid === sp);

/**
 * The account other than `except` that already holds `name` in the service provider. Names are unique there by the
 * provider's rule, not the portal's (which does not check), compared ignoring letter case and surrounding spaces.
 * With a session this costs one list per process; the process's own creates, renames and deletes are kept in it.
 */
export async function accountNameHolder(
  ctx: HandlerContext,
  sp: string | undefined,
  name: string,
  except?: string,
): Promise<NamedAccount | undefined> {
  if (ctx.session) return ctx.session.names.holder(sp, name, accountsOf(ctx, sp), except);
  const key = accountNameKey(name);
  return (await accountsOf(ctx, sp)()).find((a) => a.account_sid !== except && accountNameKey(a.name) === key);
}

/** The error for a name that another account holds (at apply time); says how to adopt that account instead. */
export function nameTakenError(name: string, holder: NamedAccount): ResourceConflictError {
  return new ResourceConflictError(`The name ${JSON.stringify(name)} ${nameTakenMessage(holder)} (ID ${holder.account_sid}).`, ["name"]);
}

/** One create or rename of a name at a time in this process, so two of them cannot both pass the check. */
const nameLock = (ctx: HandlerContext, sp: string | undefined, name: string) =>
  `account name ${ctx.client.apiUrl} ${sp ?? "*"} ${accountNameKey(name)}`;

/**
 * Kept although the portal refuses a duplicate realm itself (422): it does so only after storing the request's hooks,
 * which would be left behind as orphan webhook rows. One request, only when a realm is set or changed.
 */
async function assertRealmIsFree(ctx: HandlerContext, realm: string) {
  if (!(await isSipRealmAvailable(ctx, realm.toLowerCase()))) {
    throw new ResourceConflictError(
      `The SIP realm ${JSON.stringify(realm.toLowerCase())} is already used by another account; SIP realms are unique across the portal.`,
      ["sip_realm"],
    );
  }
}

/** The portal checks application references only by foreign key; that they belong to this account is ours to check. */
async function assertApplicationsBelongTo(ctx: HandlerContext, accountSid: string, config: AccountConfig) {
  const issues: ValidationIssue[] = [];
  for (const field of APP_FIELDS) {
    const sid = config[field];
    if (!sid) continue;
    const app = await getApplication(ctx, sid);
    if (!app) issues.push({ path: [field], shownValue: JSON.stringify(sid), message: "is not an application the portal knows" });
    else if (app.account_sid !== accountSid) {
      issues.push({
        path: [field],
        shownValue: JSON.stringify(sid),
        message: `is application "${app.name}" of account ${app.account_sid ?? "(none)"}; only an application of this account (${accountSid}) can be used`,
      });
    }
  }
  if (issues.length > 0) throw new ConfigValidationError("voicegateway_account", issues);
}

/**
 * POST is not idempotent. When its answer is lost, the account may exist: the name was free before (checked under
 * the name lock), so an account with this name that this process did not know of is the one just created. Anything
 * else (none after waiting, or several) fails loudly with the candidates' SIDs.
 */
async function createOrAdopt(ctx: HandlerContext, config: AccountConfig, sp: string | undefined): Promise<string> {
  const knownBefore = ctx.session ? await ctx.session.names.known(sp, accountsOf(ctx, sp)) : new Set<string>();
  try {
    return await createAccount(ctx, createBody(config, sp));
  } catch (error) {
    if (!sp && PortalBadRequestError.is(error) && /service_provider_sid/.test(error.serverMessage ?? "")) {
      throw new ConfigValidationError("voicegateway_account", [
        {
          path: ["service_provider_sid"],
          message:
            "is required with an admin API key: set it on the account, in the provider configuration, or in VOICEGATEWAY_SERVICE_PROVIDER_SID",
        },
      ]);
    }
    if (!mayHaveApplied(error)) throw error;
    const key = accountNameKey(config.name);
    const found = await findAfterLostAnswer(
      async () => (await listAccountsNow(ctx, sp)).filter((a) => accountNameKey(a.name) === key && !knownBefore.has(a.account_sid)),
      ctx.signal,
    );
    if (found.length === 1) return found[0]!.account_sid;
    const sids = found.map((a) => a.account_sid);
    throw new UnresolvedCreateError(
      found.length === 0
        ? `The request may have reached the portal, but no account named ${JSON.stringify(config.name)} appeared. ` +
            `If one appears later, the next plan refuses to create a second and names it for import`
        : `Accounts ${sids.join(", ")} are all named ${JSON.stringify(config.name)} and appeared while this create's answer was lost; ` +
            `keep one (import it) and delete the others`,
      sids,
      error,
    );
  }
}
async function readBack(ctx: HandlerContext, accountSid: string, prior: AccountState | null): Promise<AccountState | null> {
  const wire = await getAccount(ctx, accountSid);
  return wire ? stateFromWire(wire, prior, ctx.secrets) : null;
}

export const accountHandlers: ResourceHandlers<AccountConfig, AccountState> = {
  async create(ctx, config) {
    const sp = config.service_provider_sid ?? ctx.serviceProviderSid;
    const planIssues = checkAccountPlan(config, null);
    if (planIssues.length > 0) throw new ConfigValidationError("voicegateway_account", planIssues);
    return processLocks.run(nameLock(ctx, sp, config.name), async () => {
      const holder = await accountNameHolder(ctx, sp, config.name);
      if (holder) throw nameTakenError(config.name, holder);
      if (config.sip_realm) await assertRealmIsFree(ctx, config.sip_realm);

      const accountSid = await createOrAdopt(ctx, config, sp);
      await ctx.session?.names.set(sp, accountSid, config.name);
      ctx.session?.keys.accountCreated(accountSid);
      ctx.session?.created.add(accountSid);
      // POST answers only {sid}; the secret and the owner come from a read.
      // Until it is read back, record the new SID so the account is never orphaned (it is replaced next run).
      const created: AccountState = { ...config, id: accountSid, service_provider_sid: sp ?? "", webhook_secret: "" };
      const wire = await getAccount(ctx, accountSid).catch((error: unknown) => {
        throw new PartialApplyError(`Account ${accountSid} was created but could not be read back`, created, error);
      });
      if (!wire) throw new PartialApplyError(`Account ${accountSid} was created but is gone`, null, new Error("not found"));
      const state = stateFromWire(wire, null);
      return { ...state, ...config, ...pick(state, ["id", "service_provider_sid", "webhook_secret"]) };
    });
  },

  async read(ctx, prior) {
    return readBack(ctx, prior.id, prior);
  },

  async update(ctx, prior, rawConfig) {
    const config = withPriorForOmitted(accountFields, rawConfig, prior);
    const renamed = accountNameKey(config.name) !== accountNameKey(prior.name);
    const apply = () => updateIn(ctx, prior, config, renamed);
    return renamed ? processLocks.run(nameLock(ctx, prior.service_provider_sid, config.name), apply) : apply();
  },

  async delete(ctx, prior) {
    // An account pointing at one of its own applications cannot be deleted (FK, 500): clear the references first.
    // The refreshed state says whether it does; a reference set since then is found when the delete fails.
    try {
      if (prior.device_calling_application_sid || prior.siprec_application_sid) await clearApplications(ctx, prior.id);
      await deleteAccount(ctx, prior.id);
    } catch (error) {
      // Admin DELETE of a missing account is a 500, other scopes a 403: gone is gone.
      const wire = await getAccount(ctx, prior.id);
      if (wire === null) return void (await ctx.session?.names.remove(prior.id));
      if (!wire.device_calling_application_sid && !wire.siprec_hook_sid) throw error;
      await clearApplications(ctx, prior.id);
      await deleteAccount(ctx, prior.id);
    }
    await ctx.session?.names.remove(prior.id);
  },

  async importState(ctx, id) {
    return readBack(ctx, id, null);
  },
};

async function clearApplications(ctx: HandlerContext, accountSid: string): Promise<void> {
  await updateAccount(ctx, accountSid, { device_calling_application_sid: null, siprec_hook_sid: null });
}

async function updateIn(ctx: HandlerContext, prior: AccountState, config: AccountConfig, renamed: boolean): Promise<AccountState> {
  if (renamed) {
    const holder = await accountNameHolder(ctx, prior.service_provider_sid || undefined, config.name, prior.id);
    if (holder) throw nameTakenError(config.name, holder);
  }
  const body = updateBody(prior, config);
  if (typeof body.sip_realm === "string") await assertRealmIsFree(ctx, body.sip_realm);
  if ("device_calling_application_sid" in body || "siprec_hook_sid" in body) {
    await assertApplicationsBelongTo(ctx, prior.id, config);
  }
  let webhookSecret = prior.webhook_secret;
  try {
    if (Object.keys(body).length > 0) await updateAccount(ctx, prior.id, body);
    if (triggerFires(prior.webhook_secret_rotation, config.webhook_secret_rotation, (a, b) => a === b)) {
      webhookSecret = await regenerateWebhookSecret(ctx, prior.id);
    }
  } catch (error) {
    // The PUT may have half-applied (the portal writes hooks before the rest); record what the portal now holds.
    const state = await readBack(ctx, prior.id, prior).catch(() => prior);
    throw new PartialApplyError(`Updating account ${prior.id} failed`, state, error);
  }
  if ("name" in body) await ctx.session?.names.set(prior.service_provider_sid || undefined, prior.id, config.name);
  return { ...config, id: prior.id, webhook_secret: webhookSecret, service_provider_sid: prior.service_provider_sid };
}

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;
}
