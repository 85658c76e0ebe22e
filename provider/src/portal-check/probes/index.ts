import { type Probe } from "../probe";
import { accountKeyScope } from "./account-key-scope";
import { accountNameUniqueness } from "./account-name-uniqueness";
import { applicationOwnership } from "./application-ownership";
import { badInputStatus } from "./bad-input-status";
import { limitCategories } from "./limit-categories";
import { missingAccountStatus } from "./missing-account-status";
import { missingApiKeyStatus } from "./missing-api-key-status";
import { rateLimitHeaders } from "./rate-limit-headers";
import { recordingSecretMasking } from "./recording-secret-masking";
import { retryAfter } from "./retry-after";
import { webhookSecretRegeneration } from "./webhook-secret-regeneration";

/**
 * Every probe, in the order they run and are reported. The name probe comes before the ones that use a second
 * scratch account (application ownership) or that look at what a key can see (key scope), so those see two
 * accounts; the probes marked `afterCleanup` run once the scratch accounts are gone.
 */
export const PROBES: readonly Probe[] = [
  recordingSecretMasking,
  badInputStatus,
  limitCategories,
  accountNameUniqueness,
  applicationOwnership,
  accountKeyScope,
  missingApiKeyStatus,
  webhookSecretRegeneration,
  missingAccountStatus,
  rateLimitHeaders,
  retryAfter,
];
