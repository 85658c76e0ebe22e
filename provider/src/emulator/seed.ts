import { type Clock } from "./clock";
import { newSid, newWebhookSecret } from "./ids";
import { blankPortalState, type PortalState } from "./portal-state";
import { StateSession } from "./state-session";
import { newEncryptionSecret } from "./vault";

/** Extra rows to create on a fresh portal; SIDs, tokens and webhook secrets are generated when absent. */
export interface EmulatorSeed {
  readonly serviceProviders?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** `service_provider_sid` defaults to the seeded service provider. */
  readonly accounts?: ReadonlyArray<Readonly<Record<string, unknown>>>;
  /** A row with neither `account_sid` nor `service_provider_sid` is an admin key (portal-behaviour.md §1.1). */
  readonly apiKeys?: ReadonlyArray<Readonly<Record<string, unknown>>>;
}

export interface SeedOptions {
  readonly adminKey?: string;
  readonly serviceProviderName?: string;
  readonly seed?: EmulatorSeed;
  readonly clock: Clock;
}

export const DEFAULT_SERVICE_PROVIDER_NAME = "Voice Gateway";

/** A new portal with one service provider and one admin API key, plus whatever `seed` asks for. */
export function createSeededState(options: SeedOptions): PortalState {
  const serviceProviderSid = newSid();
  const adminKey = options.adminKey ?? newSid();
  const state = blankPortalState({ adminKey, serviceProviderSid, encryptionSecret: newEncryptionSecret() });
  const { db } = new StateSession(state, options.clock);
  db.insert("service_providers", {
    service_provider_sid: serviceProviderSid,
    name: options.serviceProviderName ?? DEFAULT_SERVICE_PROVIDER_NAME,
  });
  db.insert("api_keys", { api_key_sid: newSid(), token: adminKey });
  for (const row of options.seed?.serviceProviders ?? []) {
    db.insert("service_providers", { service_provider_sid: newSid(), ...row });
  }
  for (const row of options.seed?.accounts ?? []) {
    db.insert("accounts", {
      account_sid: newSid(),
      service_provider_sid: serviceProviderSid,
      webhook_secret: newWebhookSecret(),
      ...row,
    });
  }
  for (const row of options.seed?.apiKeys ?? []) {
    db.insert("api_keys", { api_key_sid: newSid(), token: newSid(), ...row });
  }
  return state;
}

/** Makes sure `token` is an admin key in a reused state file; returns whether it had to be added. */
export function ensureAdminKey(session: StateSession, token: string): boolean {
  const existing = session.db.findBy("api_keys", "token", token);
  if (existing && existing.account_sid === null && existing.service_provider_sid === null) return false;
  if (existing) throw new Error("the given admin key already exists as a non-admin API key");
  session.db.insert("api_keys", { api_key_sid: newSid(), token });
  return true;
}
