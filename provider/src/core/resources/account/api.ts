import { z } from "zod";
import { PortalForbiddenError, PortalNotFoundError } from "../../client";
import { maskGoogleServiceKey, maskSecret } from "../../secrets/portal-mask";
import { fingerprintText } from "../../secrets/secret-comparison";
import { type HandlerContext } from "../handler-context";
import { parseWire } from "../wire";
import { type WireAccount, wireAccount } from "./schema";

/** Typed calls for accounts. Paths use the exact casing the portal needs (`/Accounts/...`). */

const accountSummary = z.object({ account_sid: z.string(), name: z.string(), service_provider_sid: z.string() });
export type AccountSummary = z.output<typeof accountSummary>;
const created = z.object({ sid: z.string() });
const application = z.object({ application_sid: z.string(), account_sid: z.string().nullable(), name: z.string() });
export type ApplicationSummary = z.output<typeof application>;

/**
 * The account through the single-account GET, which masks recording secrets (the list endpoints do not).
 * Null when the account is gone: 404 for admin keys; for other scopes a 403 is only "gone" when the account is
 * also absent from the caller's own account list (the portal answers 403 for both).
 */
export async function getAccount(ctx: HandlerContext, accountSid: string): Promise<WireAccount | null> {
  const cached = await ctx.session?.reads.account(accountSid, () => listAccountsMasked(ctx));
  if (cached) return cached;
  try {
    const wire = parseWire(wireAccount, await ctx.client.get(["Accounts", accountSid]), `GET /Accounts/${accountSid}`);
    return withFingerprints(ctx, wire, wire);
  } catch (error) {
    if (PortalNotFoundError.is(error)) return null;
    if (PortalForbiddenError.is(error) && !(await listAccountsNow(ctx)).some((a) => a.account_sid === accountSid)) {
      return null;
    }
    throw error;
  }
}

/**
 * Accounts visible to the caller, optionally of one service provider: only SID, name and owner are kept, because
 * these endpoints return recording secrets in plaintext. The session's shared list answers when it covers the
 * same scope.
 */
export async function listAccounts(ctx: HandlerContext, serviceProviderSid?: string): Promise<AccountSummary[]> {
  if (ctx.session && serviceProviderSid === ctx.serviceProviderSid) {
    return [...(await ctx.session.reads.accounts(() => listAccountsMasked(ctx))).values()];
  }
  return listAccountsNow(ctx, serviceProviderSid);
}

/** A fresh list, never the session's: used to find what a create whose answer was lost left behind. */
export async function listAccountsNow(ctx: HandlerContext, serviceProviderSid?: string): Promise<AccountSummary[]> {
  const path = serviceProviderSid ? ["ServiceProviders", serviceProviderSid, "Accounts"] : ["Accounts"];
  return parseWire(z.array(accountSummary), await ctx.client.get(path), `GET /${path.join("/")}`);
}

/** Accounts by SID, masked as the portal's GET masks them, and the accounts left out because that GET fails for them. */
export class MaskedAccounts extends Map<string, WireAccount> {
  constructor(
    entries: Iterable<readonly [string, WireAccount]>,
    /** Accounts whose Google service key the portal cannot mask: its single-account GET answers 500 for them. */
    readonly unreadable: readonly AccountSummary[],
  ) {
    super(entries);
  }
}

/**
 * Every account of a service provider (default: the provider's scope) as `getAccount` would read it, from one list
 * request: the session's shared list when the scope is the provider's own, so a process lists once.
 */
export async function maskedAccounts(ctx: HandlerContext, serviceProviderSid = ctx.serviceProviderSid): Promise<MaskedAccounts> {
  if (ctx.session && serviceProviderSid === ctx.serviceProviderSid) return ctx.session.reads.accounts(() => listAccountsMasked(ctx));
  return listAccountsMasked(ctx, serviceProviderSid);
}

/**
 * Every account visible in a scope (default: the provider's), read through the list endpoint and masked here
 * exactly as the single-account GET would mask it, after taking keyed fingerprints of the secrets it carries in
 * clear: nothing unmasked is kept, yet a secret changed to one with the same mask is still told apart. Accounts
 * whose Google key the portal could not mask are left out (and named): the single GET (a 500 there) speaks for them.
 */
async function listAccountsMasked(ctx: HandlerContext, serviceProviderSid = ctx.serviceProviderSid): Promise<MaskedAccounts> {
  const path = serviceProviderSid ? ["ServiceProviders", serviceProviderSid, "Accounts"] : ["Accounts"];
  const accounts = parseWire(z.array(wireAccount), await ctx.client.get(path), `GET /${path.join("/")}`);
  const readable: [string, WireAccount][] = [];
  const unreadable: AccountSummary[] = [];
  for (const account of accounts) {
    const credential = maskCredentialAsPortal(account.bucket_credential);
    if (credential === UNMASKABLE)
      unreadable.push({ account_sid: account.account_sid, name: account.name, service_provider_sid: account.service_provider_sid });
    else readable.push([account.account_sid, withFingerprints(ctx, { ...account, bucket_credential: credential }, account)]);
  }
  return new MaskedAccounts(readable, unreadable);
}

/** The account with keyed fingerprints of the secrets `plain` carries in clear (hook passwords; list credentials). */
function withFingerprints(ctx: HandlerContext, account: WireAccount, plain: WireAccount): WireAccount {
  const fingerprinter = ctx.session?.fingerprinter;
  if (!fingerprinter) return account;
  const prints: Record<string, string> = {};
  for (const hook of ["registration_hook", "queue_event_hook"] as const) {
    const password = plain[hook]?.password;
    if (password) prints[`${hook}.password`] = fingerprinter.of(password);
  }
  const secret = plain === account ? undefined : credentialSecret(plain.bucket_credential);
  if (secret !== undefined) prints.bucket_credential = fingerprinter.of(secret);
  return { ...account, secretFingerprints: prints };
}

/** The secret of a stored credential in its comparable form (a Google key as canonical JSON). */
function credentialSecret(credential: unknown): string | undefined {
  if (typeof credential !== "object" || credential === null) return undefined;
  const c = credential as Record<string, unknown>;
  const value = c.vendor === "azure" ? c.connection_string : c.vendor === "google" ? c.service_key : c.secret_access_key;
  return typeof value === "string" && value !== "" ? fingerprintText(value, c.vendor === "google") : undefined;
}

const UNMASKABLE = Symbol("unmaskable");

function maskCredentialAsPortal(credential: unknown): unknown {
  if (typeof credential !== "object" || credential === null) return credential;
  const c = { ...(credential as Record<string, unknown>) };
  if (c.vendor === "aws_s3" || c.vendor === "s3_compatible") {
    if (typeof c.secret_access_key === "string") c.secret_access_key = maskSecret(c.secret_access_key);
  } else if (c.vendor === "azure") {
    if (typeof c.connection_string === "string") c.connection_string = maskSecret(c.connection_string);
  } else if (c.vendor === "google") {
    const masked = typeof c.service_key === "string" ? maskGoogleServiceKey(c.service_key) : undefined;
    if (masked === undefined) return UNMASKABLE;
    c.service_key = masked;
  }
  return c;
}

export async function createAccount(ctx: HandlerContext, body: Record<string, unknown>): Promise<string> {
  const sid = parseWire(created, await ctx.client.post(["Accounts"], body), "POST /Accounts").sid;
  ctx.session?.reads.accountWritten(sid);
  return sid;
}

export async function updateAccount(ctx: HandlerContext, accountSid: string, body: Record<string, unknown>): Promise<void> {
  ctx.session?.reads.accountWritten(accountSid);
  await ctx.client.put(["Accounts", accountSid], body);
}

export async function deleteAccount(ctx: HandlerContext, accountSid: string): Promise<void> {
  ctx.session?.reads.accountWritten(accountSid);
  await ctx.client.delete(["Accounts", accountSid]);
}

/** `?regenerate=` with any non-empty value regenerates (portal-behaviour.md §2.11): this is an action, never a read. */
export async function regenerateWebhookSecret(ctx: HandlerContext, accountSid: string): Promise<string> {
  ctx.session?.reads.accountWritten(accountSid);
  const body = await ctx.client.get(["Accounts", accountSid, "WebhookSecret"], { query: { regenerate: "true" } });
  return parseWire(z.object({ webhook_secret: z.string() }), body, "GET /Accounts/:sid/WebhookSecret").webhook_secret;
}

/** `GET /Availability?type=subdomain`: whether no account uses this (lower-cased) realm yet (portal-behaviour.md §2.9). */
export async function isSipRealmAvailable(ctx: HandlerContext, realm: string): Promise<boolean> {
  const body = await ctx.client.get(["Availability"], { query: { type: "subdomain", value: realm } });
  return parseWire(z.object({ available: z.boolean() }), body, "GET /Availability").available;
}

export async function getApplication(ctx: HandlerContext, applicationSid: string): Promise<ApplicationSummary | null> {
  try {
    return parseWire(application, await ctx.client.get(["Applications", applicationSid]), "GET /Applications/:sid");
  } catch (error) {
    if (PortalNotFoundError.is(error)) return null;
    throw error;
  }
}
