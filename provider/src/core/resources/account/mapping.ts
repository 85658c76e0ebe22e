import { z } from "zod";
import { type FieldSpec, fieldsOf } from "../../schema/introspect";
import { reconcile, sameValue } from "../../schema/reconcile";
import { type SecretComparison } from "../../secrets/secret-comparison";
import {
  type AccountConfig,
  type AccountState,
  accountInputs,
  accountOutputs,
  type WebhookConfig,
  type WireAccount,
  type WireWebhook,
} from "./schema";

export const accountInputFields = fieldsOf(accountInputs);
export const accountFields = fieldsOf(z.object({ ...accountInputs.shape, ...accountOutputs.shape }));

const HOOKS = ["registration_hook", "queue_event_hook"] as const;

/** The hook body the portal expects; never `webhook_sid` (the portal answers 400 for it). */
export function hookToWire(hook: WebhookConfig | undefined): Record<string, unknown> | null {
  if (!hook) return null;
  return {
    url: hook.url,
    method: (hook.method ?? "POST").toUpperCase(),
    username: hook.username ?? null,
    password: hook.password ?? null,
  };
}

function hookFromWire(hook: WireWebhook): WebhookConfig | undefined {
  if (!hook || !hook.url) return undefined;
  return {
    url: hook.url,
    method: (hook.method ?? "POST").toUpperCase(),
    ...(hook.username ? { username: hook.username } : {}),
    ...(hook.password ? { password: hook.password } : {}),
  };
}

/**
 * `POST /Accounts`: the managed fields only. Application references come later by PUT (an application needs its
 * account first), and so does recording (the create route cannot store a credential).
 */
export function createBody(config: AccountConfig, serviceProviderSid: string | undefined): Record<string, unknown> {
  return {
    name: config.name,
    ...(serviceProviderSid ? { service_provider_sid: serviceProviderSid } : {}),
    ...(config.sip_realm ? { sip_realm: config.sip_realm.toLowerCase() } : {}),
    ...(config.registration_hook ? { registration_hook: hookToWire(config.registration_hook) } : {}),
    ...(config.queue_event_hook ? { queue_event_hook: hookToWire(config.queue_event_hook) } : {}),
    enable_debug_log: config.enable_debug_log,
  };
}

const spec = (name: string): FieldSpec => accountFields.find((f) => f.name === name)!;

/**
 * `PUT /Accounts/:sid` with only what changed: clearing is `null`, never `""` (a second empty realm collides on the
 * unique index, an empty application SID breaks the foreign key), and a hook is sent only when it changed, because
 * every hook sent creates a new webhook row.
 */
export function updateBody(prior: AccountState, config: AccountConfig): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const changed = (name: keyof AccountConfig): boolean => !sameValue(spec(name), prior[name], config[name]);
  if (changed("name")) body.name = config.name;
  if (changed("sip_realm")) body.sip_realm = config.sip_realm ? config.sip_realm.toLowerCase() : null;
  for (const hook of HOOKS) {
    if (changed(hook)) body[hook] = hookToWire(config[hook]);
  }
  if (changed("device_calling_application_sid")) {
    body.device_calling_application_sid = config.device_calling_application_sid ?? null;
  }
  if (changed("siprec_application_sid")) body.siprec_hook_sid = config.siprec_application_sid ?? null;
  if (changed("enable_debug_log")) body.enable_debug_log = config.enable_debug_log;
  return body;
}

/**
 * The state after a read, keeping prior values the portal only normalised (realm case, method case). With a secret
 * comparison, hook passwords are compared exactly (see `SecretComparison`).
 */
export function stateFromWire(wire: WireAccount, prior: AccountState | null, secrets?: SecretComparison): AccountState {
  const remote: Record<string, unknown> = {
    id: wire.account_sid,
    name: wire.name,
    service_provider_sid: wire.service_provider_sid,
    sip_realm: wire.sip_realm || undefined,
    registration_hook: hookFromWire(wire.registration_hook),
    queue_event_hook: hookFromWire(wire.queue_event_hook),
    device_calling_application_sid: wire.device_calling_application_sid ?? undefined,
    siprec_application_sid: wire.siprec_hook_sid ?? undefined,
    enable_debug_log: wire.enable_debug_log ?? false,
    webhook_secret: wire.webhook_secret,
    // Not stored by the portal: it only says when to regenerate.
    webhook_secret_rotation: prior?.webhook_secret_rotation,
  };
  // Hook passwords come back in clear, so their fingerprints sit at the same paths in the wire and in the model.
  const portal = wire.secretFingerprints ?? {};
  return reconcile(accountFields, prior ?? undefined, remote, secrets && { comparison: secrets, portal }) as AccountState;
}
