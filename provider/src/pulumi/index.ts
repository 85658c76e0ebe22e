export { Account, AccountArgs } from "./account";
export { AccountApiKey, AccountApiKeyArgs } from "./account-api-key";
export { AccountLimits, AccountLimitsArgs } from "./account-limits";
export { AccountRecording, AccountRecordingArgs } from "./account-recording";
export { CONFIG_NAMESPACE, ENV, ProviderConfig } from "./connection";
export { CamelCase, PulumiInputs, PulumiOutputs } from "./naming";
export { ConnectionArgs, ProviderConfigArgs } from "./resource-class";
