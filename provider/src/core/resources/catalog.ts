import { accountHandlers, checkAccountAgainstPortal, checkAccountPlan } from "./account/handlers";
import { accountList } from "./account/list";
import { type AccountConfig, type AccountState, accountInputs, accountOutputs } from "./account/schema";
import { apiKeyHandlers } from "./account-api-key/handlers";
import { type ApiKeyConfig, type ApiKeyState, apiKeyInputs, apiKeyOutputs } from "./account-api-key/schema";
import { limitsHandlers } from "./account-limits/handlers";
import { type LimitsConfig, type LimitsState, limitsInputs, limitsOutputs } from "./account-limits/schema";
import { recordingHandlers } from "./account-recording/handlers";
import { checkRecordingPlan, recordingRules } from "./account-recording/rules";
import { type RecordingConfig, type RecordingState, recordingInputs, recordingOutputs } from "./account-recording/schema";
import { ttsCacheClearHandlers } from "./account-tts-cache/handlers";
import { type TtsCacheClearConfig, type TtsCacheClearState, ttsCacheClearInputs, ttsCacheClearOutputs } from "./account-tts-cache/schema";
import { defineResource } from "./resource-definition";
import { ACCOUNT_SID_IDENTITY, type ResourceIdentity } from "./resource-identity";

/** The resources every front end offers, in documentation order. */

/** Settings of an account (recording, limits): one per account, identified by the account's SID alone. */
const accountSettingIdentity: ResourceIdentity = {
  version: 0,
  attributes: { account_sid: { stateField: "account_sid", ...ACCOUNT_SID_IDENTITY } },
  importId: (identity) => identity.account_sid!,
};

export const accountResource = defineResource<AccountConfig, AccountState>({
  name: "account",
  description:
    "A Voice Gateway account: a container for applications, carriers and speech services, usually one customer organisation (the portal's Accounts page).",
  inputs: accountInputs,
  outputs: accountOutputs,
  schemaVersion: 0,
  rules: [],
  checkPlan: checkAccountPlan,
  checkPortal: checkAccountAgainstPortal,
  handlers: accountHandlers,
  recomputedBy: { webhook_secret: ["webhook_secret_rotation"] },
  importId: { format: "<account_sid>", example: "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c" },
  identity: {
    version: 0,
    attributes: { account_sid: { stateField: "id", ...ACCOUNT_SID_IDENTITY } },
    importId: (identity) => identity.account_sid!,
  },
  list: accountList,
});

export const accountApiKeyResource = defineResource<ApiKeyConfig, ApiKeyState>({
  name: "account_api_key",
  description:
    'An account-level API key (the portal\'s "Account API keys" panel). The portal cannot update a key, so every change replaces it; the token is readable after creation and kept as a sensitive value.',
  inputs: apiKeyInputs,
  outputs: apiKeyOutputs,
  schemaVersion: 0,
  rules: [],
  handlers: apiKeyHandlers,
  importId: { format: "<account_sid>/<api_key_sid>", example: "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c/7b0d9a3e-2c41-4f6e-9a57-0c8d2e1f4a6b" },
  identity: {
    version: 0,
    attributes: {
      account_sid: { stateField: "account_sid", description: "SID of the account the key belongs to (a UUID)." },
      api_key_sid: { stateField: "id", description: "SID of the API key (a UUID)." },
    },
    importId: (identity) => `${identity.account_sid}/${identity.api_key_sid}`,
  },
});

export const accountRecordingResource = defineResource<RecordingConfig, RecordingState>({
  name: "account_recording",
  description:
    "Call recording of an account: the bucket that receives recordings (AWS S3, S3-compatible, Google Cloud Storage or Azure Blob Storage), the audio format, and whether every call is recorded. A setting of the account: deleting it turns recording off.",
  inputs: recordingInputs,
  outputs: recordingOutputs,
  schemaVersion: 0,
  rules: recordingRules,
  checkPlan: checkRecordingPlan,
  handlers: recordingHandlers,
  importId: { format: "<account_sid>", example: "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c" },
  identity: accountSettingIdentity,
});

export const accountLimitsResource = defineResource<LimitsConfig, LimitsState>({
  name: "account_limits",
  description:
    "Session or minute limits of an account (the portal's Unit, Max and Licensed sessions). Manage them with an admin or service-provider key: the portal lets an account's own key change them too.",
  inputs: limitsInputs,
  outputs: limitsOutputs,
  schemaVersion: 0,
  rules: [],
  handlers: limitsHandlers,
  importId: { format: "<account_sid>", example: "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c" },
  identity: accountSettingIdentity,
});

export const accountTtsCacheClearResource = defineResource<TtsCacheClearConfig, TtsCacheClearState>({
  name: "account_tts_cache_clear",
  description:
    "Clears an account's TTS prompt cache when created and whenever `triggers` change (the portal's \"Clear TTS Cache\" button), forcing speech to be synthesised afresh.",
  inputs: ttsCacheClearInputs,
  outputs: ttsCacheClearOutputs,
  schemaVersion: 0,
  rules: [],
  handlers: ttsCacheClearHandlers,
});

export const resources = [
  accountResource,
  accountApiKeyResource,
  accountRecordingResource,
  accountLimitsResource,
  accountTtsCacheClearResource,
] as const;
