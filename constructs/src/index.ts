export * from "./account-base";
export * from "./account";
export * from "./account-api-key";
export * from "./account-recording";
export * from "./account-limits";
export * from "./recording";
export { VoicegatewayProvider, VoicegatewayProviderConfig } from "./generated/provider";
// The generated L1 bindings (one namespace per resource), for what the constructs above do not cover.
export * as generated from "./generated";
