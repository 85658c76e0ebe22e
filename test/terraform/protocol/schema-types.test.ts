import { cty } from "../../../provider/src/terraform/protocol/cty-type";
import { messageCodec } from "../../../provider/src/terraform/protocol/grpc-services";
import { BlockNestingMode, ObjectNestingMode, StringKind } from "../../../provider/src/terraform/protocol/messages";
import {
  checkSchema,
  impliedType,
  impliedTypeFromProto,
  type ProviderSchema,
  type ResourceSchema,
  toGetProviderSchemaResponse,
  toProtoSchema,
  toProviderSchemaJson,
} from "../../../provider/src/terraform/protocol/schema-types";

const recording: ResourceSchema = {
  version: 1,
  block: {
    description: "Call recording settings.",
    descriptionKind: "markdown",
    attributes: {
      account_sid: { type: cty.string, required: true, description: "Account." },
      vendor: { type: cty.string, optional: true, computed: true },
      tags: { type: cty.map(cty.string), optional: true },
      aws_s3: {
        optional: true,
        nestedType: {
          nesting: "single",
          attributes: {
            bucket: { type: cty.string, required: true },
            secret_access_key_wo: { type: cty.string, optional: true, sensitive: true, writeOnly: true },
          },
        },
      },
    },
    blockTypes: {
      rule: { nesting: "list", minItems: 1, maxItems: 2, block: { attributes: { port: { type: cty.number, required: true } } } },
    },
  },
};

const provider: ProviderSchema = {
  provider: { block: { attributes: { api_key: { type: cty.string, optional: true, sensitive: true } } } },
  resourceSchemas: { voicegateway_account_recording: recording },
};

describe("schema types", () => {
  it("derives the implied object type terraform encodes values with", () => {
    expect(impliedType(recording)).toEqual([
      "object",
      {
        account_sid: "string",
        vendor: "string",
        tags: ["map", "string"],
        aws_s3: ["object", { bucket: "string", secret_access_key_wo: "string" }],
        rule: ["list", ["object", { port: "number" }]],
      },
    ]);
    expect(impliedType(recording)).toBe(impliedType(recording.block));
  });

  it("converts to protobuf: JSON type bytes, enums, write_only, nested_type", () => {
    const proto = toProtoSchema(recording);
    expect(proto.version).toBe(1);
    expect(proto.block.description_kind).toBe(StringKind.MARKDOWN);
    const names = (proto.block.attributes ?? []).map((a) => a.name);
    expect(names).toEqual(["account_sid", "aws_s3", "tags", "vendor"]);
    const tags = proto.block.attributes?.find((a) => a.name === "tags");
    expect(Buffer.from(tags?.type ?? []).toString()).toBe('["map","string"]');
    const s3 = proto.block.attributes?.find((a) => a.name === "aws_s3");
    expect(s3?.type).toBeUndefined();
    expect(s3?.nested_type?.nesting).toBe(ObjectNestingMode.SINGLE);
    expect(s3?.nested_type?.attributes.find((a) => a.name === "secret_access_key_wo")).toMatchObject({ write_only: true, sensitive: true });
    expect(proto.block.block_types?.[0]).toMatchObject({ type_name: "rule", nesting: BlockNestingMode.LIST, min_items: 1, max_items: 2 });
    // and it survives the wire with the implied type intact
    const codec = messageCodec("tfplugin6.Schema");
    expect(impliedTypeFromProto(codec.decode(codec.encode(proto as never)) as never)).toEqual(impliedType(recording));
  });

  it("fills the GetProviderSchema reply, capabilities off by default", () => {
    const reply = toGetProviderSchemaResponse(provider, { plan_destroy: true });
    expect(Object.keys(reply.resource_schemas ?? {})).toEqual(["voicegateway_account_recording"]);
    expect(reply.server_capabilities).toEqual({
      plan_destroy: true,
      get_provider_schema_optional: false,
      move_resource_state: false,
      generate_resource_config: false,
    });
    expect(reply.provider?.block.attributes?.[0]?.sensitive).toBe(true);
  });

  it("writes the `terraform providers schema -json` document", () => {
    expect(toProviderSchemaJson(provider, "registry.terraform.io/voicegateway/voicegateway")).toEqual({
      format_version: "1.0",
      provider_schemas: {
        "registry.terraform.io/voicegateway/voicegateway": {
          provider: {
            version: 0,
            block: {
              attributes: { api_key: { type: "string", description_kind: "plain", optional: true, sensitive: true } },
              description_kind: "plain",
            },
          },
          resource_schemas: {
            voicegateway_account_recording: {
              version: 1,
              block: {
                attributes: {
                  account_sid: { type: "string", description: "Account.", description_kind: "plain", required: true },
                  aws_s3: {
                    nested_type: {
                      attributes: {
                        bucket: { type: "string", description_kind: "plain", required: true },
                        secret_access_key_wo: {
                          type: "string",
                          description_kind: "plain",
                          optional: true,
                          sensitive: true,
                          write_only: true,
                        },
                      },
                      nesting_mode: "single",
                    },
                    description_kind: "plain",
                    optional: true,
                  },
                  tags: { type: ["map", "string"], description_kind: "plain", optional: true },
                  vendor: { type: "string", description_kind: "plain", optional: true, computed: true },
                },
                block_types: {
                  rule: {
                    nesting_mode: "list",
                    block: {
                      attributes: { port: { type: "number", description_kind: "plain", required: true } },
                      description_kind: "plain",
                    },
                    min_items: 1,
                    max_items: 2,
                  },
                },
                description: "Call recording settings.",
                description_kind: "markdown",
              },
            },
          },
        },
      },
    });
  });

  it("finds schema mistakes terraform would reject", () => {
    expect(checkSchema(recording)).toEqual([]);
    expect(
      checkSchema({
        block: {
          attributes: {
            both: { type: cty.string, required: true, computed: true },
            none: { type: cty.string },
            Bad: { type: cty.string, optional: true },
            wo: { type: cty.string, computed: true, writeOnly: true },
            neither: { optional: true },
          },
        },
      }),
    ).toEqual([
      "schema.both: required cannot be combined with optional or computed",
      "schema.none: must be required, optional or computed",
      "schema.Bad: names must be lowercase letters, digits and underscores",
      "schema.wo: a write-only attribute cannot be computed",
      "schema.neither: set exactly one of type and nestedType",
    ]);
  });
});
