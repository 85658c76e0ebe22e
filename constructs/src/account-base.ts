import { Construct, type IConstruct } from "constructs";
import { AccountApiKey, type AccountApiKeyOptions } from "./account-api-key";
import { AccountLimits, type AccountLimitsOptions } from "./account-limits";
import { AccountRecording, type AccountRecordingOptions } from "./account-recording";
import { type Recording } from "./recording";

/** A Voice Gateway account, defined in this app (`new Account`) or elsewhere (`Account.fromAccountSid`). */
export interface IAccount extends IConstruct {
  /**
   * The account SID.
   *
   * @attribute
   */
  readonly accountSid: string;

  /**
   * Adds an account-level API key (the portal's "Account API keys" panel).
   *
   * @param id the construct ID of the key, unique within this account
   */
  addApiKey(id: string, options?: AccountApiKeyOptions): AccountApiKey;

  /**
   * Turns on call recording into the given bucket. An account has one recording setting, so call it once.
   *
   * @param recording where recordings go: `Recording.awsS3(...)`, `Recording.s3Compatible(...)`,
   *   `Recording.googleCloudStorage(...)` or `Recording.azureBlob(...)`
   */
  enableRecording(recording: Recording, options?: AccountRecordingOptions): AccountRecording;

  /** Sets the account's session or minute limits. An account has one set of limits, so call it once. */
  setLimits(limits: AccountLimitsOptions): AccountLimits;
}

/** What owned and imported accounts share: the secondary resources hang off either. */
export abstract class AccountBase extends Construct implements IAccount {
  public abstract readonly accountSid: string;

  public addApiKey(id: string, options: AccountApiKeyOptions = {}): AccountApiKey {
    return new AccountApiKey(this, id, { ...options, account: this });
  }

  public enableRecording(recording: Recording, options: AccountRecordingOptions = {}): AccountRecording {
    this.assertSingleton(RECORDING_ID, "enableRecording", "one recording setting");
    return new AccountRecording(this, RECORDING_ID, { ...options, recording, account: this });
  }

  public setLimits(limits: AccountLimitsOptions): AccountLimits {
    this.assertSingleton(LIMITS_ID, "setLimits", "one set of limits");
    return new AccountLimits(this, LIMITS_ID, { ...limits, account: this });
  }

  // Both are settings of the account: a second resource would fight the first over the same portal fields.
  private assertSingleton(id: string, method: string, what: string): void {
    if (this.node.tryFindChild(id)) {
      throw new Error(
        `${method}() was called twice on ${this.node.path}: an account has ${what}. Call ${method}() once with the final settings.`,
      );
    }
  }
}

// Construct IDs are part of the contract: renaming one replaces the portal setting.
const RECORDING_ID = "Recording";
const LIMITS_ID = "Limits";
