import { type Construct } from "constructs";
import { accountApiKeyResource, accountResource } from "../../provider/src/core/resources/catalog";
import { AccountBase, type IAccount } from "./account-base";
import { type AccountRegistrationHook, Account as AccountResource } from "./generated/account";
import { checkImportId } from "./private/import-id";
import { validateModel } from "./private/validation";

/** HTTP method the portal uses to call a webhook. */
export enum WebhookMethod {
  GET = "GET",
  POST = "POST",
}

/** A webhook the portal calls (registrations, queue events). */
export interface Webhook {
  /** Absolute http(s) URL. Credentials belong in `username` and `password`, not in the URL. */
  readonly url: string;

  /**
   * HTTP method used to call the URL.
   *
   * @default WebhookMethod.POST
   */
  readonly method?: WebhookMethod;

  /**
   * User name for HTTP basic authentication of the call.
   *
   * @default - no basic authentication
   */
  readonly username?: string;

  /**
   * Password for HTTP basic authentication, sent through the provider's write-only `password_wo`, so it never
   * lands in Terraform state (a password changed in the portal still shows as drift). Pass a TerraformVariable
   * (`sensitive: true`) rather than a literal.
   *
   * @default - the password the portal already stores is kept (none for a new webhook)
   */
  readonly password?: string;

  /**
   * Change it to send `password` again (a rotation).
   *
   * @default "1"
   */
  readonly passwordVersion?: string;
}

/** Props of an Account, in the portal's vocabulary (the Accounts page and API). */
export interface AccountProps {
  /**
   * Account name, unique within the service provider: creating a second account with the same name fails.
   * Prefix it with the environment when several stacks share one portal.
   */
  readonly name: string;

  /**
   * SID of the service provider that owns the account. Changing it replaces the account.
   *
   * @default - the provider configuration's service provider (`VOICEGATEWAY_SERVICE_PROVIDER_SID`), or the one a
   *   service-provider API key implies
   */
  readonly serviceProviderSid?: string;

  /**
   * A domain name that SIP devices register with. Unique across the portal; stored lower-case.
   *
   * @default - no SIP realm: SIP devices cannot register
   */
  readonly sipRealm?: string;

  /**
   * Registration webhook: your web application that handles SIP registrations.
   *
   * @default - no registration webhook
   */
  readonly registrationHook?: Webhook;

  /**
   * Queue event webhook: notified when a member joins or leaves a queue.
   *
   * @default - no queue event webhook
   */
  readonly queueEventHook?: Webhook;

  /**
   * Application for SIP device calls: handles incoming calls from SIP users registered to the SIP realm. It must
   * belong to this account, so it can only be set once the account exists (a later deployment).
   *
   * @default - none
   */
  readonly deviceCallingApplicationSid?: string;

  /**
   * Application for SIPREC calls. It must belong to this account, so it can only be set once the account exists.
   *
   * @default - none
   */
  readonly siprecApplicationSid?: string;

  /**
   * Enable the debug log for the account's calls.
   *
   * @default false
   */
  readonly enableDebugLog?: boolean;

  /**
   * Any value; whenever it changes, the portal generates a new webhook secret (the old one stops working at once).
   *
   * @default - the webhook secret is never rotated
   */
  readonly webhookSecretRotation?: string;
}

/**
 * A Voice Gateway account: a container for applications, carriers and speech services, usually one customer
 * organisation (the portal's Accounts page).
 *
 * @example
 * const account = new Account(stack, "Acme", { name: "staging-acme" });
 * const ci = account.addApiKey("Ci");
 * account.enableRecording(Recording.awsS3({ bucket, region: "eu-west-1", accessKeyId, secretAccessKey: secret.stringValue }));
 * account.setLimits({ unit: LimitUnit.SESSIONS, max: 20 });
 */
export class Account extends AccountBase {
  /** An account that exists already, created outside this app. Secondary resources can be added to it. */
  public static fromAccountSid(scope: Construct, id: string, accountSid: string): IAccount {
    class Import extends AccountBase {
      public readonly accountSid = accountSid;
    }
    const imported = new Import(scope, id);
    // The API key model holds nothing but the account SID as a required field: its check is the SID's check.
    validateModel(imported, "Account.fromAccountSid", accountApiKeyResource, { account_sid: accountSid });
    return imported;
  }

  /**
   * The account SID.
   *
   * @attribute
   */
  public readonly accountSid: string;

  /**
   * The secret that signs the portal's webhook calls ("Webhook Secret"). Terraform keeps it as a sensitive value.
   *
   * @attribute
   */
  public readonly webhookSecret: string;

  private readonly resource: AccountResource;

  constructor(scope: Construct, id: string, props: AccountProps) {
    super(scope, id);
    validateModel(this, "Account", accountResource, {
      name: props.name,
      service_provider_sid: props.serviceProviderSid,
      sip_realm: props.sipRealm,
      registration_hook: hookModel(props.registrationHook),
      queue_event_hook: hookModel(props.queueEventHook),
      device_calling_application_sid: props.deviceCallingApplicationSid,
      siprec_application_sid: props.siprecApplicationSid,
      enable_debug_log: props.enableDebugLog,
      webhook_secret_rotation: props.webhookSecretRotation,
    });
    this.resource = new AccountResource(this, "Resource", {
      name: props.name,
      serviceProviderSid: props.serviceProviderSid,
      sipRealm: props.sipRealm,
      registrationHook: hookConfig(props.registrationHook),
      queueEventHook: hookConfig(props.queueEventHook),
      deviceCallingApplicationSid: props.deviceCallingApplicationSid,
      siprecApplicationSid: props.siprecApplicationSid,
      enableDebugLog: props.enableDebugLog,
      webhookSecretRotation: props.webhookSecretRotation,
    });
    this.accountSid = this.resource.id;
    this.webhookSecret = this.resource.webhookSecret;
  }

  /**
   * Adopts an account that already exists in the portal: Terraform imports it (an `import` block) instead of
   * creating one, and manages it with these props from then on. Omitted hook passwords keep the ones the portal
   * stores. Once the import is applied the call may stay or go; it changes nothing more.
   *
   * @param accountSid the SID of the existing account
   */
  public importFrom(accountSid: string): void {
    checkImportId(this, "Account.importFrom", accountResource, accountSid);
    this.resource.importFrom(accountSid);
  }
}

function hookModel(hook: Webhook | undefined): Record<string, unknown> | undefined {
  if (!hook) return undefined;
  return { url: hook.url, method: hook.method, username: hook.username, password: hook.password };
}

// Both hooks have the same shape; the generated types differ only in name.
function hookConfig(hook: Webhook | undefined): AccountRegistrationHook | undefined {
  if (!hook) return undefined;
  return {
    url: hook.url,
    method: hook.method,
    username: hook.username,
    ...(hook.password === undefined ? {} : { passwordWo: hook.password, passwordWoVersion: hook.passwordVersion ?? "1" }),
  };
}
