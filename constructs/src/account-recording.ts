import { Construct } from "constructs";
import { accountRecordingResource } from "../../provider/src/core/resources/catalog";
import { type IAccount } from "./account-base";
import { AccountRecording as AccountRecordingResource } from "./generated/account-recording";
import { checkImportId } from "./private/import-id";
import { validateModel } from "./private/validation";
import { type Recording } from "./recording";

/** Audio format of the recordings. */
export enum RecordFormat {
  MP3 = "mp3",
  WAV = "wav",
}

/** Options of `account.enableRecording()`. */
export interface AccountRecordingOptions {
  /**
   * Record all calls of every application of this account.
   *
   * @default false - only calls whose application asks for recording are recorded
   */
  readonly recordAllCalls?: boolean;

  /**
   * Audio format of the recordings.
   *
   * @default RecordFormat.MP3
   */
  readonly recordFormat?: RecordFormat;

  /**
   * After each apply, ask the portal to test the bucket credential (the portal's Test button). The test writes an
   * object named `jambonz-sample.text` into the bucket.
   *
   * @default false
   */
  readonly verifyBucketCredential?: boolean;
}

export interface AccountRecordingProps extends AccountRecordingOptions {
  /** The account whose calls are recorded. */
  readonly account: IAccount;
  /** Where recordings go. */
  readonly recording: Recording;
}

/**
 * Call recording of an account: the bucket that receives recordings, the audio format, and whether every call is
 * recorded. A setting of the account, usually created with `account.enableRecording(...)`; removing it turns
 * recording off.
 */
export class AccountRecording extends Construct {
  private readonly resource: AccountRecordingResource;

  constructor(scope: Construct, id: string, props: AccountRecordingProps) {
    super(scope, id);
    const vendor = props.recording._bind();
    validateModel(this, "AccountRecording", accountRecordingResource, {
      account_sid: props.account.accountSid,
      record_all_calls: props.recordAllCalls,
      record_format: props.recordFormat,
      verify_bucket_credential: props.verifyBucketCredential,
      ...vendor.model,
    });
    this.resource = new AccountRecordingResource(this, "Resource", {
      accountSid: props.account.accountSid,
      recordAllCalls: props.recordAllCalls,
      recordFormat: props.recordFormat,
      verifyBucketCredential: props.verifyBucketCredential,
      ...vendor.config,
    });
  }

  /**
   * Adopts the recording settings the account already has in the portal: Terraform imports them (an `import` block)
   * rather than planning a create, so the plan shows only what these props change.
   *
   * @param accountSid the SID of the account (a literal: the account's own `accountSid` is a token)
   */
  public importFrom(accountSid: string): void {
    checkImportId(this, "AccountRecording.importFrom", accountRecordingResource, accountSid);
    this.resource.importFrom(accountSid);
  }
}
