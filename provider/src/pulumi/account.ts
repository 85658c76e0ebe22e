import * as pulumi from "@pulumi/pulumi";
import { type z } from "zod";
import { type AccountState, type accountInputs } from "../core/resources/account/schema";
import { dynamicProvider } from "./dynamic-provider";
import { type PulumiInputs, type PulumiOutputs } from "./naming";
import { type ConnectionArgs, type ProviderConfigArgs, resourceOptions, resourceProps } from "./resource-class";
import { pulumiResources, TYPE_MODULE } from "./resource-table";

/** The arguments of an `Account`: the model's inputs (`voicegateway_account` in Terraform) in camelCase. */
export interface AccountArgs extends PulumiInputs<z.input<typeof accountInputs>>, ConnectionArgs {}

/** The outputs of an `Account`; `webhookSecret` and the hooks (they hold a password) are secret. */
export interface Account extends PulumiOutputs<AccountState> {}

const provider = dynamicProvider("account");

/**
 * A Voice Gateway account: a container for applications, carriers and speech services, usually one customer
 * organisation (the portal's Accounts page). Its ID is the account SID. Names are unique within a service
 * provider, so a replacement deletes the old account first.
 */
export class Account extends pulumi.dynamic.Resource {
  constructor(name: string, args: AccountArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      resourceProps(pulumiResources.account, args),
      resourceOptions(pulumiResources.account, opts),
      TYPE_MODULE,
      "Account",
    );
  }

  /** An existing account, read by its SID and not managed by this stack. */
  static get(
    name: string,
    accountSid: pulumi.Input<pulumi.ID>,
    connection?: pulumi.Input<ProviderConfigArgs>,
    opts?: pulumi.CustomResourceOptions,
  ): Account {
    return new Account(name, { connection } as AccountArgs, { ...opts, id: accountSid });
  }
}
