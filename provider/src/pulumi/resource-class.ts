import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, CONNECTION_SETTINGS, type ProviderConfig } from "./connection";
import { camelName } from "./naming";
import { CONNECTION_KEY } from "./properties";
import { type PulumiResource, secretProperties, stateFields } from "./resource-table";

/** `ProviderConfig` as resource args take it: each setting may be an Output, such as a config secret. */
export type ProviderConfigArgs = { readonly [K in keyof ProviderConfig]?: pulumi.Input<ProviderConfig[K]> };

/** What every resource's args have besides its model fields. */
export interface ConnectionArgs {
  /**
   * How to reach the portal. Stored with the resource as a secret, so refreshes and deletes use the same portal.
   * @default - the stack config `voicegateway:apiUrl`, `voicegateway:apiKey` (secret) and
   * `voicegateway:serviceProviderSid`, else the `VOICEGATEWAY_*` environment variables where pulumi runs
   */
  readonly connection?: pulumi.Input<ProviderConfigArgs>;
}

/**
 * The resource's input properties. Every output gets a property (undefined until the engine fills it), as
 * generated Pulumi SDKs do. Properties holding a secret are wrapped as secrets, so the stack keeps them encrypted
 * even when a plain string was passed.
 */
export function resourceProps(resource: PulumiResource, args: object | undefined): pulumi.Inputs {
  const given = (args ?? {}) as Record<string, unknown>;
  const secret = new Set(secretProperties(resource.definition));
  const props: pulumi.Inputs = {};
  const known = new Set<string>([CONNECTION_KEY]);
  for (const spec of stateFields(resource.definition)) {
    const name = camelName(spec.name);
    known.add(name);
    const value = spec.name in resource.definition.inputs.shape ? given[name] : undefined;
    props[name] = value === undefined ? undefined : secret.has(name) ? pulumi.secret(value) : value;
  }
  // Anything else (plain JavaScript callers) goes to the provider's check, which names it.
  for (const [name, value] of Object.entries(given)) if (!known.has(name)) props[name] = value;
  props[CONNECTION_KEY] = connectionInput(given[CONNECTION_KEY] as pulumi.Input<ProviderConfigArgs> | undefined);
  return props;
}

/** The connection from the args, completed from the stack config; secret as a whole (it holds the API key). */
export function connectionInput(connection: pulumi.Input<ProviderConfigArgs> | undefined): pulumi.Output<ProviderConfig> {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  const fromConfig = {
    apiUrl: config.get("apiUrl"),
    apiKey: config.getSecret("apiKey"),
    serviceProviderSid: config.get("serviceProviderSid"),
    insecureHttp: config.getBoolean("insecureHttp"),
    maxConcurrentRequests: config.getNumber("maxConcurrentRequests"),
  };
  const merged = pulumi.all([pulumi.output(connection ?? {}), pulumi.output(fromConfig)]).apply(([given, stack]) => {
    const out: Record<string, unknown> = {};
    for (const key of CONNECTION_SETTINGS) {
      const value = given[key] ?? stack[key];
      if (value !== undefined && value !== null) out[key] = value;
    }
    // Keys the connection does not know are kept, so the provider's check can name them.
    for (const [key, value] of Object.entries(given)) if (!(key in out) && value !== undefined) out[key] = value;
    return out as ProviderConfig;
  });
  return pulumi.secret(merged);
}

export function resourceOptions(resource: PulumiResource, opts: pulumi.CustomResourceOptions | undefined): pulumi.CustomResourceOptions {
  return {
    ...opts,
    additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...secretProperties(resource.definition)],
  };
}
