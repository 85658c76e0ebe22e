import { Construct } from "constructs";
import { accountLimitsResource } from "../../provider/src/core/resources/catalog";
import { type IAccount } from "./account-base";
import { AccountLimits as AccountLimitsResource } from "./generated/account-limits";
import { checkImportId } from "./private/import-id";
import { validateModel } from "./private/validation";

/** What account limits count (the portal's "Unit"). */
export enum LimitUnit {
  /** Concurrent calls ("Max calls", "Licensed sessions"). */
  SESSIONS = "sessions",
  /** Call minutes ("Max minutes", "Licensed minutes"). */
  MINUTES = "minutes",
}

/** Options of `account.setLimits()`: the portal's "Unit / Max / Licensed" controls. */
export interface AccountLimitsOptions {
  /**
   * What the limits count.
   *
   * @default LimitUnit.SESSIONS
   */
  readonly unit?: LimitUnit;

  /**
   * The maximum number of sessions or minutes ("Max calls" / "Max minutes"), from 0 to 2147483647. 0 means unlimited.
   *
   * @default - no maximum is set
   */
  readonly max?: number;

  /**
   * The number of purchased sessions or minutes ("Licensed sessions" / "Licensed minutes"), from 0 to 2147483647.
   *
   * @default - no licensed quantity is set
   */
  readonly licensed?: number;
}

export interface AccountLimitsProps extends AccountLimitsOptions {
  /** The account the limits apply to. */
  readonly account: IAccount;
}

/**
 * Session or minute limits of an account. Usually created with `account.setLimits({...})`. Manage them with an
 * admin or service-provider key.
 */
export class AccountLimits extends Construct {
  private readonly resource: AccountLimitsResource;

  constructor(scope: Construct, id: string, props: AccountLimitsProps) {
    super(scope, id);
    validateModel(this, "AccountLimits", accountLimitsResource, {
      account_sid: props.account.accountSid,
      unit: props.unit,
      max: props.max,
      licensed: props.licensed,
    });
    this.resource = new AccountLimitsResource(this, "Resource", {
      accountSid: props.account.accountSid,
      unit: props.unit ?? LimitUnit.SESSIONS,
      max: props.max,
      licensed: props.licensed,
    });
  }

  /**
   * Adopts the limits the account already has in the portal: Terraform imports them (an `import` block)
   * rather than planning a create, so the plan shows only what these props change.
   *
   * @param accountSid the SID of the account (a literal: the account's own `accountSid` is a token)
   */
  public importFrom(accountSid: string): void {
    checkImportId(this, "AccountLimits.importFrom", accountLimitsResource, accountSid);
    this.resource.importFrom(accountSid);
  }
}
