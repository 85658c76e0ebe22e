import { z } from "zod";
import { checkedString } from "../../schema/checks";
import { field } from "../../schema/meta";
import { hostnameProblem, httpUrlProblem } from "../../validation/formats";
import { shownUrl } from "../../validation/shown-url";
import { idOutput, sid } from "../shared-fields";

const caseInsensitive = (a: unknown, b: unknown): boolean =>
  typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();

const HOOK_METHODS = ["GET", "POST"];

/** The portal stores names in a VARCHAR(64); spaces around a name would make two names look alike. */
function accountNameProblem(name: string): string | undefined {
  if (name.length === 0) return "must not be empty";
  if (name.length > 64) return `must be at most 64 characters (got ${name.length})`;
  if (name.trim() !== name) return "must not start or end with white space";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "must not contain control characters";
  return undefined;
}

// The portal stores and returns a hook's URL as plain text; its password has a field of its own that stays secret.
const HOOK_URL = { credentials: "set the hook's username and password instead (the password is sensitive, the URL is not)" };

/** A webhook the portal calls (registration, queue events). Read-back shape: url, method, username, password. */
function webhook(purpose: string) {
  return z.object({
    url: field(
      checkedString((v) => httpUrlProblem(v, HOOK_URL), { show: shownUrl }),
      {
        description: `Absolute http(s) URL ${purpose}. Credentials belong in \`username\` and \`password\`, not in the URL.`,
      },
    ),
    method: field(
      checkedString((v) => (HOOK_METHODS.includes(v.toUpperCase()) ? undefined : "must be GET or POST (any letter case)")).default("POST"),
      {
        description: "HTTP method used to call the URL: `GET` or `POST`. The portal stores it upper-case.",
        equivalent: caseInsensitive,
      },
    ),
    username: field(z.string().max(255, "must be at most 255 characters").optional(), {
      description: "User name for HTTP basic authentication of the call, if the URL requires it.",
    }),
    password: field(z.string().max(255, "must be at most 255 characters").optional(), {
      description: "Password for HTTP basic authentication. Omit it to keep the password the portal already stores (as after an import).",
      sensitive: true,
      computed: true,
      writeOnly: true,
    }),
  });
}

export const webhookModel = webhook("");
export type WebhookConfig = z.output<typeof webhookModel>;

/** What users configure (the Terraform HCL surface, snake_case). */
export const accountInputs = z.object({
  name: field(checkedString(accountNameProblem), {
    description:
      "A unique account name within the service provider. The portal does not enforce uniqueness, so the provider does: creating or renaming onto a name another account has fails at plan time. Names compare ignoring letter case.",
  }),
  service_provider_sid: field(sid().optional(), {
    description:
      "SID of the service provider that owns the account. Defaults to the provider configuration's `service_provider_sid` (a service-provider API key implies its own).",
    computed: true,
    replaceOnChange: true,
  }),
  sip_realm: field(checkedString((v) => hostnameProblem(v)).optional(), {
    description: "A domain name that SIP devices will register with. Globally unique across the portal; stored lower-case.",
    equivalent: caseInsensitive,
  }),
  registration_hook: field(webhook("for your web application that handles registrations").optional(), {
    description: "Registration webhook: a URL for your web application that handles SIP registrations.",
  }),
  queue_event_hook: field(webhook("notified when a member joins or leaves a queue").optional(), {
    description: "Queue event webhook: a URL to notify when a member joins or leaves a queue.",
  }),
  device_calling_application_sid: field(sid().optional(), {
    description:
      "Application for SIP device calls: the application that handles incoming calls from SIP users registered to the account's SIP realm. It must belong to this account.",
  }),
  siprec_application_sid: field(sid().optional(), {
    description: "Application for SIPREC calls (the API's `siprec_hook_sid`). It must belong to this account.",
  }),
  enable_debug_log: field(z.boolean().default(false), {
    description: "Enable the debug log for the account's calls. Shown to admins only in the portal.",
  }),
  webhook_secret_rotation: field(z.string().optional(), {
    description:
      "Any value; whenever it changes from one value to another, the portal generates a new webhook secret (the old one stops working immediately). Setting it where there was none (as after an import) only records it.",
    trigger: true,
  }),
});

/** What the provider computes. */
export const accountOutputs = z.object({
  id: idOutput("account SID"),
  webhook_secret: field(z.string(), {
    description: 'The secret that signs the portal\'s webhook calls ("Webhook Secret"), generated by the portal.',
    readOnly: true,
    sensitive: true,
  }),
});

export type AccountConfig = z.output<typeof accountInputs>;
export type AccountState = AccountConfig & z.output<typeof accountOutputs>;

// Wire shapes: only the fields we read; zod drops the rest (the list endpoints carry plaintext secrets).
const wireFlag = z.union([z.number(), z.boolean()]).transform((v) => v === true || v === 1);

export const wireWebhook = z
  .object({
    url: z.string(),
    method: z.string().nullable().optional(),
    username: z.string().nullable().optional(),
    password: z.string().nullable().optional(),
  })
  .nullable()
  .optional();

export const wireAccount = z.object({
  account_sid: z.string(),
  name: z.string(),
  service_provider_sid: z.string(),
  sip_realm: z.string().nullable().optional(),
  registration_hook: wireWebhook,
  queue_event_hook: wireWebhook,
  device_calling_application_sid: z.string().nullable().optional(),
  siprec_hook_sid: z.string().nullable().optional(),
  webhook_secret: z.string(),
  enable_debug_log: wireFlag.optional(),
  record_all_calls: wireFlag.optional(),
  record_format: z.string().nullable().optional(),
  bucket_credential: z.unknown().optional(),
});

/**
 * An account as a read delivers it, plus keyed fingerprints of the secrets the portal sent in clear (by wire path:
 * `bucket_credential`, `registration_hook.password`, `queue_event_hook.password`), taken on arrival so that the
 * plaintext need not be kept. Recording secrets are fingerprinted only from the list, the one read that has them.
 */
export type WireAccount = z.output<typeof wireAccount> & { readonly secretFingerprints?: Readonly<Record<string, string>> };
export type WireWebhook = z.output<typeof wireWebhook>;
