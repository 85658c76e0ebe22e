import { Construct } from "constructs";
import { accountApiKeyResource } from "../../provider/src/core/resources/catalog";
import { type IAccount } from "./account-base";
import { AccountApiKey as AccountApiKeyResource } from "./generated/account-api-key";
import { checkImportId } from "./private/import-id";
import { validateModel } from "./private/validation";

/** Options of `account.addApiKey()`. */
export interface AccountApiKeyOptions {
  /**
   * Arbitrary key/value pairs; any change replaces the key with a new one (rotation). The portal cannot update a
   * key, so this is the way to rotate it.
   *
   * @default - the key is kept until it is removed from the app
   */
  readonly triggers?: { readonly [key: string]: string };
}

export interface AccountApiKeyProps extends AccountApiKeyOptions {
  /** The account the key belongs to. Changing it replaces the key. */
  readonly account: IAccount;
}

/**
 * An account-level API key: a bearer token for the portal API, scoped to one account. Usually created with
 * `account.addApiKey(id)`.
 */
export class AccountApiKey extends Construct {
  /**
   * The API key SID.
   *
   * @attribute
   */
  public readonly apiKeySid: string;

  /**
   * The API key itself. Terraform keeps it as a sensitive value: a TerraformOutput of it needs `sensitive: true`.
   *
   * @attribute
   */
  public readonly token: string;

  private readonly resource: AccountApiKeyResource;

  constructor(scope: Construct, id: string, props: AccountApiKeyProps) {
    super(scope, id);
    validateModel(this, "AccountApiKey", accountApiKeyResource, {
      account_sid: props.account.accountSid,
      triggers: props.triggers,
    });
    this.resource = new AccountApiKeyResource(this, "Resource", {
      accountSid: props.account.accountSid,
      ...(props.triggers ? { triggers: { ...props.triggers } } : {}),
    });
    this.apiKeySid = this.resource.id;
    this.token = this.resource.token;
  }

  /**
   * Adopts a key that already exists in the portal: Terraform imports it (an `import` block) instead of creating
   * a new one. The portal finds keys only through their account, hence both SIDs.
   *
   * @param importId `<account_sid>/<api_key_sid>`
   */
  public importFrom(importId: string): void {
    checkImportId(this, "AccountApiKey.importFrom", accountApiKeyResource, importId);
    this.resource.importFrom(importId);
  }
}
