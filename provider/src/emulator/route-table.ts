import { type RouteDefinition } from "./route-context";
import { accountRoutes } from "./routes/accounts";
import { apiKeyRoutes } from "./routes/api-keys";
import { applicationRoutes } from "./routes/applications";
import { availabilityRoutes } from "./routes/availability";
import { bucketCredentialTestRoutes } from "./routes/bucket-credential-test";
import { limitRoutes } from "./routes/limits";
import { serviceProviderRoutes } from "./routes/service-providers";
import { ttsCacheRoutes } from "./routes/tts-cache";
import { webhookSecretRoutes } from "./routes/webhook-secret";

/** Every portal route the emulator serves; anything else is Express's HTML 404 (portal-behaviour.md §1.2). */
export const PORTAL_ROUTES: readonly RouteDefinition[] = [
  ...accountRoutes,
  ...webhookSecretRoutes,
  ...bucketCredentialTestRoutes,
  ...limitRoutes,
  ...ttsCacheRoutes,
  ...apiKeyRoutes,
  ...applicationRoutes,
  ...serviceProviderRoutes,
  ...availabilityRoutes,
];
