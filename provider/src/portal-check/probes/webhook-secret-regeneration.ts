import { differs, holds, needsWrites } from "../model";
import { type Probe } from "../probe";

const webhookSecretOf = (body: unknown): unknown => (body as { webhook_secret?: unknown } | undefined)?.webhook_secret;

export const webhookSecretRegeneration: Probe = {
  id: "webhook-secret-regeneration",
  title: "webhook secret regeneration",
  expected: "GET /Accounts/:sid/WebhookSecret?regenerate=true replaces the account's webhook secret and returns the new one",
  async run(ctx) {
    if (!ctx.scratch) return needsWrites("regenerating a scratch account's webhook secret");
    const sid = ctx.scratch.primary;
    const before = webhookSecretOf(await ctx.client.get(["Accounts", sid]));
    const returned = webhookSecretOf(await ctx.client.get(["Accounts", sid, "WebhookSecret"], { query: { regenerate: "true" } }));
    const after = webhookSecretOf(await ctx.client.get(["Accounts", sid]));
    // The secrets are compared here and never shown.
    if (typeof returned !== "string" || returned === before) {
      return differs(
        "the secret returned is the one the account had",
        "webhook_secret_rotation does not rotate anything on this portal: the provider records the secret the portal returns, which is the old one. Rotate it in the portal instead.",
      );
    }
    if (after !== returned) {
      return differs(
        "a new secret was returned, but the account still reads with another one",
        "After webhook_secret_rotation the provider would record a secret the portal does not hold, and the next plan would show it changing back.",
      );
    }
    return holds("a new secret was returned, and the account reads with it");
  },
};
