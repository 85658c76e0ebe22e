import * as pulumi from "@pulumi/pulumi";
import { type z } from "zod";
import { type LimitsState, type limitsInputs } from "../core/resources/account-limits/schema";
import { dynamicProvider } from "./dynamic-provider";
import { type PulumiInputs, type PulumiOutputs } from "./naming";
import { type ConnectionArgs, type ProviderConfigArgs, resourceOptions, resourceProps } from "./resource-class";
import { pulumiResources, TYPE_MODULE } from "./resource-table";

/** The arguments of an `AccountLimits` (`voicegateway_account_limits` in Terraform) in camelCase. */
export interface AccountLimitsArgs extends PulumiInputs<z.input<typeof limitsInputs>>, ConnectionArgs {}

/** The outputs of an `AccountLimits`. */
export interface AccountLimits extends PulumiOutputs<LimitsState> {}

const provider = dynamicProvider("account_limits");

/**
 * Session or minute limits of an account (the portal's Unit, Max and Licensed sessions). Manage them with an
 * admin or service-provider key. Deleting the resource removes the limits. Its ID is the account SID.
 */
export class AccountLimits extends pulumi.dynamic.Resource {
  constructor(name: string, args: AccountLimitsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      resourceProps(pulumiResources.account_limits, args),
      resourceOptions(pulumiResources.account_limits, opts),
      TYPE_MODULE,
      "AccountLimits",
    );
  }

  /** The limits of an existing account, read by the account SID and not managed by this stack. */
  static get(
    name: string,
    accountSid: pulumi.Input<pulumi.ID>,
    connection?: pulumi.Input<ProviderConfigArgs>,
    opts?: pulumi.CustomResourceOptions,
  ): AccountLimits {
    return new AccountLimits(name, { connection } as AccountLimitsArgs, { ...opts, id: accountSid });
  }
}
