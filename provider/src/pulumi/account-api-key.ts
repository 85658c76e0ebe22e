import * as pulumi from "@pulumi/pulumi";
import { type z } from "zod";
import { type ApiKeyState, type apiKeyInputs } from "../core/resources/account-api-key/schema";
import { dynamicProvider } from "./dynamic-provider";
import { type PulumiInputs, type PulumiOutputs } from "./naming";
import { type ConnectionArgs, type ProviderConfigArgs, resourceOptions, resourceProps } from "./resource-class";
import { pulumiResources, TYPE_MODULE } from "./resource-table";

/** The arguments of an `AccountApiKey` (`voicegateway_account_api_key` in Terraform) in camelCase. */
export interface AccountApiKeyArgs extends PulumiInputs<z.input<typeof apiKeyInputs>>, ConnectionArgs {}

/** The outputs of an `AccountApiKey`; `token` is secret. */
export interface AccountApiKey extends PulumiOutputs<ApiKeyState> {}

const provider = dynamicProvider("account_api_key");

/**
 * An account-level API key (the portal's "Account API keys" panel). The portal cannot update a key, so every
 * change replaces it: the new key is created before the old one is deleted. Its ID is the API key SID.
 */
export class AccountApiKey extends pulumi.dynamic.Resource {
  constructor(name: string, args: AccountApiKeyArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      resourceProps(pulumiResources.account_api_key, args),
      resourceOptions(pulumiResources.account_api_key, opts),
      TYPE_MODULE,
      "AccountApiKey",
    );
  }

  /**
   * An existing key, not managed by this stack. The portal finds keys only through their account, so the ID is
   * `<account_sid>/<api_key_sid>`; the resource's own ID is then the API key SID.
   */
  static get(
    name: string,
    id: pulumi.Input<string>,
    connection?: pulumi.Input<ProviderConfigArgs>,
    opts?: pulumi.CustomResourceOptions,
  ): AccountApiKey {
    return new AccountApiKey(name, { connection } as AccountApiKeyArgs, { ...opts, id });
  }
}
