/**
 * Ways a portal build may differ from the upstream server the emulator follows. Cognigy ships its own builds, so
 * `voicegateway check-portal` looks for these differences; its tests rehearse each one here. The emulator stays
 * faithful to upstream unless a variant names a difference.
 */
export const PORTAL_DIFFERENCES = {
  "masked-account-lists": "GET /Accounts and GET /ServiceProviders/:sid/Accounts mask recording secrets too",
  "unmasked-account-read": "GET /Accounts/:sid returns recording secrets in clear",
  "missing-account-delete-404": "an admin's DELETE of a missing account answers 404 instead of 500",
  "missing-api-key-delete-400": "DELETE /ApiKeys/:sid of a missing key answers 400 instead of 404",
  "recording-field-checked-400": "a recording credential without a required field is refused with 400, not 500",
  "limits-session-and-minute-only": "only the four session and minute limit categories exist (api_rate, device: 500)",
  "limits-insert-only": "POST /Accounts/:sid/Limits adds a row even when the category already has one",
  "account-keys-service-provider-scope": "a key created with only account_sid also gets the account's service provider",
  "no-retry-after": "429 answers carry no Retry-After header",
  "application-owner-checked": "PUT /Accounts/:sid refuses (400) an application of another account",
  "unique-account-names": "POST /Accounts refuses (422) a name another account of the service provider has",
  "webhook-secret-kept": "GET /Accounts/:sid/WebhookSecret?regenerate=true returns the secret unchanged",
} as const;

export type PortalDifference = keyof typeof PORTAL_DIFFERENCES;

/** The differences of a variant, checked: an unknown name is an error, never silently ignored. */
export function portalVariant(differences: readonly string[] = []): ReadonlySet<PortalDifference> {
  const unknown = differences.filter((d) => !Object.hasOwn(PORTAL_DIFFERENCES, d));
  if (unknown.length > 0) {
    throw new Error(`unknown portal difference ${unknown.join(", ")}; known: ${Object.keys(PORTAL_DIFFERENCES).join(", ")}`);
  }
  return new Set(differences as readonly PortalDifference[]);
}
