import { join } from "node:path";

import { type CtyType, parseCtyType } from "../../provider/src/terraform/protocol/cty-type";
import { decodeDynamicValue, encodeDynamicValue } from "../../provider/src/terraform/protocol/dynamic-value";
import type * as m from "../../provider/src/terraform/protocol/messages";
import { impliedTypeFromProto } from "../../provider/src/terraform/protocol/schema-types";
import { testTerraformDir } from "./global-setup";
import { TerraformEngine } from "./terraform-engine";

type Obj = Record<string, unknown>;

/**
 * The real provider (the bundle jest's globalSetup built from the current sources), started and configured the
 * way terraform 1.14 does it: GetProviderSchema, GetResourceIdentitySchemas, ConfigureProvider. Values are encoded
 * with the types from the schemas the provider served, as terraform encodes them.
 */
export class ProviderUnderTest {
  private constructor(
    readonly engine: TerraformEngine,
    readonly schema: m.GetProviderSchemaResponse,
    readonly identities: Readonly<Record<string, m.ProtoResourceIdentitySchema>>,
  ) {}

  /** Started and configured; `configure: false` gives terraform's validate process, which never configures. */
  static async start(
    env: Record<string, string>,
    options: { terraformVersion?: string; configure?: boolean } = {},
  ): Promise<ProviderUnderTest> {
    const engine = await TerraformEngine.start({
      command: process.execPath,
      args: [join(testTerraformDir(), "bundle", "terraform-provider-voicegateway.js")],
      env,
    });
    try {
      const schema = await engine.provider.getProviderSchema();
      const identities = (await engine.provider.getResourceIdentitySchemas()).identity_schemas ?? {};
      if (options.configure !== false) {
        const configured = await engine.provider.configureProvider({
          terraform_version: options.terraformVersion ?? "1.14.0",
          config: encodeDynamicValue({}, impliedTypeFromProto(schema.provider!)),
        });
        if (configured.diagnostics?.length) throw new Error(`ConfigureProvider: ${JSON.stringify(configured.diagnostics)}`);
      }
      return new ProviderUnderTest(engine, schema, identities);
    } catch (error) {
      await engine.kill();
      throw error;
    }
  }

  get rpc(): TerraformEngine["provider"] {
    return this.engine.provider;
  }

  resourceType(type: string): CtyType {
    return impliedTypeFromProto(this.schema.resource_schemas![type]!);
  }

  listConfigType(type: string): CtyType {
    return impliedTypeFromProto(this.schema.list_resource_schemas![type]!);
  }

  actionConfigType(type: string): CtyType {
    return impliedTypeFromProto(this.schema.action_schemas![type]!.schema);
  }

  /** The identity's object type, from the GetResourceIdentitySchemas reply. */
  identityType(type: string): CtyType {
    const attributes = this.identities[type]?.identity_attributes ?? [];
    return ["object", Object.fromEntries(attributes.map((a) => [a.name, parseCtyType(a.type)]))];
  }

  state(type: string, value: unknown): m.DynamicValue {
    return encodeDynamicValue(value, this.resourceType(type));
  }

  decodeState(type: string, value: m.DynamicValue | undefined): Obj | null {
    return decodeDynamicValue(value, this.resourceType(type)) as Obj | null;
  }

  identity(type: string, value: Obj): m.ResourceIdentityData {
    return { identity_data: encodeDynamicValue(value, this.identityType(type)) };
  }

  decodeIdentity(type: string, value: m.ResourceIdentityData | undefined): Obj | null {
    return value?.identity_data ? (decodeDynamicValue(value.identity_data, this.identityType(type)) as Obj | null) : null;
  }

  stop(): Promise<void> {
    return this.engine.kill();
  }
}
