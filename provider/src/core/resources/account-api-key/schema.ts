import { z } from "zod";
import { field } from "../../schema/meta";
import { accountSidInput, idOutput, triggersInput } from "../common-fields";

/** An account-level API key. The portal has no update route, so every input replaces the key (portal-behaviour.md §4). */
export const apiKeyInputs = z.object({
  account_sid: accountSidInput(),
  triggers: triggersInput("replaces the key with a new one (rotation)"),
});

export const apiKeyOutputs = z.object({
  id: idOutput("API key SID"),
  token: field(z.string(), {
    description: "The API key itself (a bearer token for the portal API, scoped to the account).",
    readOnly: true,
    sensitive: true,
  }),
});

export type ApiKeyConfig = z.output<typeof apiKeyInputs>;
export type ApiKeyState = ApiKeyConfig & z.output<typeof apiKeyOutputs>;

export const wireApiKey = z.object({
  api_key_sid: z.string(),
  token: z.string(),
  account_sid: z.string().nullable().optional(),
  service_provider_sid: z.string().nullable().optional(),
});
export const wireApiKeyList = z.array(wireApiKey);
export const wireCreated = z.object({ sid: z.string() });
export const wireApiKeyCreated = z.object({ sid: z.string(), token: z.string() });

export type WireApiKey = z.output<typeof wireApiKey>;
