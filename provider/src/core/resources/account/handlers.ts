import { PortalBadRequestError, PortalNetworkError, PortalServerError } from "../../client";
import { ConfigValidationError, ValidationIssue } from "../../schema/issues";
import { withPriorForOmitted } from "../../schema/omitted";
import { ResourceConflictError } from "../conflict-error";
import { HandlerContext, ResourceHandlers } from "../handler-context";
import { PartialApplyError } from "../partial-apply-error";
import {
  createAccount,
  deleteAccount,
  getAccount,
  getApplication,
  isSipRealmAvailable,
  listAccounts,
  regenerateWebhookSecret,
  updateAccount,
} from "./api";
import { accountFields, createBody, stateFromWire, updateBody } from "./mapping";
import { AccountConfig, AccountState } from "./schema";

const APP_FIELDS = ["device_calling_application_sid", "siprec_application_sid"] as const;

/**
 * Checks that need the prior state. An application can only belong to an account that exists, so a new account
 * cannot name one yet (the account ↔ application cycle of portal-api.md §2.8).
 */
export function checkAccountPlan(config: AccountConfig, prior: AccountState | null): ValidationIssue[] {
  if (prior) return [];
  return APP_FIELDS.filter((f) => config[f] !== undefined).map((f) => ({
    path: [f],
    message:
      "cannot be set while the account is created: an application belongs to an existing account. Create the account, then its application, then set this attribute",
  }));
}

async function assertNameIsFree(ctx: HandlerContext, config: AccountConfig, serviceProviderSid: string | undefined) {
  const taken = (await listAccounts(ctx, serviceProviderSid)).find(
    (a) => a.name === config.name && (!serviceProviderSid || a.service_provider_sid === serviceProviderSid),
  );
  if (taken) {
    throw new ResourceConflictError(
      `An account named ${JSON.stringify(config.name)} already exists in this service provider (${taken.account_sid}). ` +
        `Account names are unique within a service provider: choose another name, or import the existing account (SID ${taken.account_sid}).`,
      ["name"],
    );
  }
}

async function assertRealmIsFree(ctx: HandlerContext, realm: string) {
  if (!(await isSipRealmAvailable(ctx, realm.toLowerCase()))) {
    throw new ResourceConflictError(
      `The SIP realm ${JSON.stringify(realm.toLowerCase())} is already used by another account; SIP realms are unique across the portal.`,
      ["sip_realm"],
    );
  }
}

/** The portal checks application references only by foreign key; ownership is ours to check (§2.8, §7). */
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
 * POST is not idempotent (§8). When its answer is lost, the account may exist: names are unique within a service
 * provider, so an account with this name that was not there before is ours to adopt rather than to create twice.
 */
async function createOrAdopt(ctx: HandlerContext, config: AccountConfig, sp: string | undefined): Promise<string> {
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
    const mayHaveApplied =
      (PortalNetworkError.is(error) && error.mayHaveReachedServer) ||
      (PortalServerError.is(error) && error.status >= 502);
    if (!mayHaveApplied) throw error;
    const adopted = (await listAccounts(ctx, sp)).filter((a) => a.name === config.name);
    if (adopted.length === 1) return adopted[0]!.account_sid;
    throw error;
  }
}

async function readBack(ctx: HandlerContext, accountSid: string, prior: AccountState | null): Promise<AccountState | null> {
  const wire = await getAccount(ctx, accountSid);
  return wire ? stateFromWire(wire, prior) : null;
}

export const accountHandlers: ResourceHandlers<AccountConfig, AccountState> = {
  async create(ctx, config) {
    const sp = config.service_provider_sid ?? ctx.serviceProviderSid;
    const planIssues = checkAccountPlan(config, null);
    if (planIssues.length > 0) throw new ConfigValidationError("voicegateway_account", planIssues);
    await assertNameIsFree(ctx, config, sp);
    if (config.sip_realm) await assertRealmIsFree(ctx, config.sip_realm);

    const accountSid = await createOrAdopt(ctx, config, sp);
    // POST answers only {sid}; the secret and the owner come from a read.
    // Until it is read back, record the new SID so the account is never orphaned (it is replaced next run).
    const created: AccountState = { ...config, id: accountSid, service_provider_sid: sp ?? "", webhook_secret: "" };
    const wire = await getAccount(ctx, accountSid).catch((error: unknown) => {
      throw new PartialApplyError(`Account ${accountSid} was created but could not be read back`, created, error);
    });
    if (!wire) throw new PartialApplyError(`Account ${accountSid} was created but is gone`, null, new Error("not found"));
    const state = stateFromWire(wire, null);
    return { ...state, ...config, ...pick(state, ["id", "service_provider_sid", "webhook_secret"]) };
  },

  async read(ctx, prior) {
    return readBack(ctx, prior.id, prior);
  },

  async update(ctx, prior, rawConfig) {
    const config = withPriorForOmitted(accountFields, rawConfig, prior);
    const body = updateBody(prior, config);
    if (typeof body.sip_realm === "string") await assertRealmIsFree(ctx, body.sip_realm);
    if ("device_calling_application_sid" in body || "siprec_hook_sid" in body) {
      await assertApplicationsBelongTo(ctx, prior.id, config);
    }
    let webhookSecret = prior.webhook_secret;
    try {
      if (Object.keys(body).length > 0) await updateAccount(ctx, prior.id, body);
      if ((config.webhook_secret_rotation ?? null) !== (prior.webhook_secret_rotation ?? null)) {
        webhookSecret = await regenerateWebhookSecret(ctx, prior.id);
      }
    } catch (error) {
      // The PUT may have half-applied (hooks are written first: §2.5); record what the portal now holds.
      const state = await readBack(ctx, prior.id, prior).catch(() => prior);
      throw new PartialApplyError(`Updating account ${prior.id} failed`, state, error);
    }
    return { ...config, id: prior.id, webhook_secret: webhookSecret, service_provider_sid: prior.service_provider_sid };
  },

  async delete(ctx, prior) {
    const wire = await getAccount(ctx, prior.id);
    if (!wire) return;
    // An account pointing at one of its own applications cannot be deleted (FK, 500): clear the references first (§2.6).
    if (wire.device_calling_application_sid || wire.siprec_hook_sid) {
      await updateAccount(ctx, prior.id, { device_calling_application_sid: null, siprec_hook_sid: null });
    }
    try {
      await deleteAccount(ctx, prior.id);
    } catch (error) {
      // Admin DELETE of a missing account is a 500, other scopes a 403 (§11.13): gone is gone.
      if ((await getAccount(ctx, prior.id)) === null) return;
      throw error;
    }
  },

  async importState(ctx, id) {
    return readBack(ctx, id, null);
  },
};

function pick<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>;
}
