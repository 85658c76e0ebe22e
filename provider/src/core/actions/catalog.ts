import { accountRecordingTestAction } from "./account-recording-test";
import { accountTtsCacheClearAction } from "./account-tts-cache-clear";

/** The actions front ends offer (Terraform 1.14+), in documentation order. */
export const actions = [accountTtsCacheClearAction, accountRecordingTestAction] as const;
