import * as pulumi from "@pulumi/pulumi";
import { type z } from "zod";
import { type RecordingState, type recordingInputs } from "../core/resources/account-recording/schema";
import { dynamicProvider } from "./dynamic-provider";
import { type PulumiInputs, type PulumiOutputs } from "./naming";
import { type ConnectionArgs, type ProviderConfigArgs, resourceOptions, resourceProps } from "./resource-class";
import { pulumiResources, TYPE_MODULE } from "./resource-table";

/** The arguments of an `AccountRecording` (`voicegateway_account_recording` in Terraform) in camelCase. */
export interface AccountRecordingArgs extends PulumiInputs<z.input<typeof recordingInputs>>, ConnectionArgs {}

/** The outputs of an `AccountRecording`; the bucket settings (they hold the bucket secret) are secret. */
export interface AccountRecording extends PulumiOutputs<RecordingState> {}

const provider = dynamicProvider("account_recording");

/**
 * Call recording of an account: the bucket that receives recordings (exactly one of `awsS3`, `s3Compatible`,
 * `googleCloudStorage`, `azureBlob`), the audio format, and whether every call is recorded. A setting of the
 * account: deleting the resource turns recording off. Its ID is the account SID.
 */
export class AccountRecording extends pulumi.dynamic.Resource {
  constructor(name: string, args: AccountRecordingArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      resourceProps(pulumiResources.account_recording, args),
      resourceOptions(pulumiResources.account_recording, opts),
      TYPE_MODULE,
      "AccountRecording",
    );
  }

  /** The recording settings of an existing account, read by the account SID and not managed by this stack. */
  static get(
    name: string,
    accountSid: pulumi.Input<pulumi.ID>,
    connection?: pulumi.Input<ProviderConfigArgs>,
    opts?: pulumi.CustomResourceOptions,
  ): AccountRecording {
    return new AccountRecording(name, { connection } as AccountRecordingArgs, { ...opts, id: accountSid });
  }
}
