export * from "./account";
export * from "./account-api-key";
export * from "./account-base";
export * from "./account-limits";
export * from "./account-recording";
// The generated L1 bindings (one namespace per resource), for what the constructs above do not cover.
export * as generated from "./generated";
export { VoicegatewayProvider, VoicegatewayProviderConfig } from "./generated/provider";
export * from "./recording";
