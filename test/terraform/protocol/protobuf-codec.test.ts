import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { loadSync } from "@grpc/proto-loader";

import { EMPTY_PROTO, GO_PLUGIN_PROTO, HEALTH_PROTO } from "../../../provider/src/terraform/protocol/go-plugin-proto";
import { messageCodec, protocolRegistry, serviceDefinition } from "../../../provider/src/terraform/protocol/grpc-services";
import { ProtoRegistry } from "../../../provider/src/terraform/protocol/proto-schema";
import { decodeMessage, encodeMessage } from "../../../provider/src/terraform/protocol/protobuf-codec";
import { TFPLUGIN6_PROTO } from "../../../provider/src/terraform/protocol/tfplugin6-proto";

// proto-loader (protobufjs) is the independent reference: it reads the same .proto text, so a field number or
// wire-format mistake in our codec shows up as a disagreement here.
interface ReferenceType {
  serialize(value: object): Buffer;
  deserialize(data: Buffer): Record<string, unknown>;
}

interface ReferenceMethod {
  requestSerialize(value: object): Buffer;
  requestDeserialize(data: Buffer): Record<string, unknown>;
  responseSerialize(value: object): Buffer;
  responseDeserialize(data: Buffer): Record<string, unknown>;
}

const reference = (() => {
  const dir = mkdtempSync(join(tmpdir(), "vg-proto-"));
  try {
    const files = {
      "tfplugin6.proto": TFPLUGIN6_PROTO,
      "empty.proto": EMPTY_PROTO,
      "go-plugin.proto": GO_PLUGIN_PROTO,
      "health.proto": HEALTH_PROTO,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return loadSync(
      Object.keys(files).map((name) => join(dir, name)),
      { keepCase: true, longs: Number, enums: Number, defaults: true, oneofs: false, bytes: Buffer },
    ) as unknown as Record<string, Record<string, ReferenceMethod>>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();

/** protobufjs's codec for the request or response message of a tfplugin6.Provider RPC. */
function refType(rpc: string, side: "request" | "response"): ReferenceType {
  const method = reference["tfplugin6.Provider"]?.[rpc];
  if (!method) throw new Error(`reference has no ${rpc}`);
  return side === "request"
    ? { serialize: (v) => method.requestSerialize(v), deserialize: (b) => method.requestDeserialize(b) }
    : { serialize: (v) => method.responseSerialize(v), deserialize: (b) => method.responseDeserialize(b) };
}

describe("protobuf codec", () => {
  it("parses every service we serve", () => {
    const registry = protocolRegistry();
    expect(registry.service("tfplugin6.Provider").methods.map((m) => m.name)).toEqual([
      "GetMetadata",
      "GetProviderSchema",
      "ValidateProviderConfig",
      "ValidateResourceConfig",
      "ValidateDataResourceConfig",
      "UpgradeResourceState",
      "GetResourceIdentitySchemas",
      "UpgradeResourceIdentity",
      "ConfigureProvider",
      "ReadResource",
      "PlanResourceChange",
      "ApplyResourceChange",
      "ImportResourceState",
      "GenerateResourceConfig",
      "ReadDataSource",
      "ListResource",
      "ValidateListResourceConfig",
      "ValidateActionConfig",
      "PlanAction",
      "InvokeAction",
      "StopProvider",
    ]);
    expect(Object.keys(serviceDefinition("plugin.GRPCStdio"))).toEqual(["StreamStdio"]);
    expect(serviceDefinition("plugin.GRPCStdio").StreamStdio?.responseStream).toBe(true);
    expect(serviceDefinition("plugin.GRPCController").Shutdown?.path).toBe("/plugin.GRPCController/Shutdown");
    expect(serviceDefinition("grpc.health.v1.Health").Watch?.path).toBe("/grpc.health.v1.Health/Watch");
  });

  it("uses the upstream field numbers for the fields terraform depends on", () => {
    const registry = protocolRegistry();
    const id = (message: string, field: string) => registry.message(message).fields.find((f) => f.name === field)?.id;
    expect(id("tfplugin6.Schema.Attribute", "nested_type")).toBe(10);
    expect(id("tfplugin6.Schema.Attribute", "write_only")).toBe(11);
    expect(id("tfplugin6.Schema.Object", "nesting")).toBe(3);
    expect(id("tfplugin6.GetProviderSchema.Response", "server_capabilities")).toBe(6);
    expect(id("tfplugin6.PlanResourceChange.Response", "legacy_type_system")).toBe(5);
    expect(id("tfplugin6.ApplyResourceChange.Response", "legacy_type_system")).toBe(4);
    expect(id("tfplugin6.ValidateProviderConfig.Response", "diagnostics")).toBe(2);
    expect(id("tfplugin6.UpgradeResourceState.Response", "upgraded_state")).toBe(1);
    expect(id("tfplugin6.ClientCapabilities", "write_only_attributes_allowed")).toBe(2);
  });

  it("encodes a GetProviderSchema reply that protobufjs decodes identically", () => {
    const response = {
      provider: { version: 0, block: { version: 0, attributes: [], block_types: [] } },
      resource_schemas: {
        voicegateway_probe: {
          version: 2,
          block: {
            version: 2,
            attributes: [
              { name: "id", type: Buffer.from('"string"'), computed: true, description: "Id", description_kind: 1 },
              {
                name: "settings",
                optional: true,
                write_only: true,
                nested_type: { nesting: 1, attributes: [{ name: "mode", type: Buffer.from('"string"'), optional: true }] },
              },
            ],
            block_types: [{ type_name: "rule", nesting: 2, min_items: 1, max_items: 3, block: { attributes: [] } }],
          },
        },
      },
      diagnostics: [
        {
          severity: 2,
          summary: "careful",
          detail: "",
          attribute: { steps: [{ attribute_name: "a" }, { element_key_int: 0 }, { element_key_string: "k" }] },
        },
      ],
      server_capabilities: { plan_destroy: false, get_provider_schema_optional: false, move_resource_state: true },
    };
    const ours = messageCodec("tfplugin6.GetProviderSchema.Response");
    const theirs = refType("GetProviderSchema", "response");
    const decodedByThem = theirs.deserialize(ours.encode(response));
    const schema = (
      decodedByThem.resource_schemas as Record<
        string,
        { version: number; block: { attributes: Record<string, unknown>[]; block_types: Record<string, unknown>[] } }
      >
    ).voicegateway_probe!;
    expect(schema.version).toBe(2);
    expect(schema.block.attributes[1]).toMatchObject({ name: "settings", optional: true, write_only: true, nested_type: { nesting: 1 } });
    expect(schema.block.block_types[0]).toMatchObject({ type_name: "rule", nesting: 2, min_items: 1, max_items: 3 });
    const steps = (decodedByThem.diagnostics as { attribute: { steps: Record<string, unknown>[] } }[])[0]!.attribute.steps;
    // The oneof member set to 0 must still be on the wire.
    expect(steps[1]).toMatchObject({ element_key_int: 0 });
    expect((decodedByThem.server_capabilities as Record<string, boolean>).move_resource_state).toBe(true);

    expect(ours.decode(theirs.serialize(response))).toEqual(ours.decode(ours.encode(response)));
  });

  it("decodes what protobufjs encodes, filling proto3 defaults", () => {
    const request = {
      type_name: "voicegateway_probe",
      prior_state: { msgpack: Buffer.from([0xc0]) },
      proposed_new_state: { msgpack: Buffer.from([0x80]) },
      prior_private: Buffer.from("{}"),
      client_capabilities: { deferral_allowed: true, write_only_attributes_allowed: true },
    };
    const decoded = messageCodec("tfplugin6.PlanResourceChange.Request").decode(
      refType("PlanResourceChange", "request").serialize(request),
    );
    expect(decoded).toEqual({
      type_name: "voicegateway_probe",
      prior_state: { msgpack: Buffer.from([0xc0]), json: Buffer.alloc(0) },
      proposed_new_state: { msgpack: Buffer.from([0x80]), json: Buffer.alloc(0) },
      prior_private: Buffer.from("{}"),
      client_capabilities: { deferral_allowed: true, write_only_attributes_allowed: true },
    });
    expect(decoded.config).toBeUndefined();
  });

  it("keeps negative and large int64 values exact", () => {
    const codec = messageCodec("tfplugin6.UpgradeResourceState.Request");
    expect(codec.decode(codec.encode({ version: -3 })).version).toBe(-3);
    expect(codec.decode(codec.encode({ version: 2n ** 60n })).version).toBe(2n ** 60n);
    expect(refType("UpgradeResourceState", "request").deserialize(codec.encode({ version: -3 })).version).toBe(-3);
    expect(() => codec.encode({ version: 1.5 })).toThrow(/integer/);
  });

  it("reads maps, including map<string,string> in RawState", () => {
    const codec = messageCodec("tfplugin6.RawState");
    const bytes = refType("UpgradeResourceState", "request").serialize({
      raw_state: { json: Buffer.from("{}"), flatmap: { a: "1", b: "" } },
    });
    const request = messageCodec("tfplugin6.UpgradeResourceState.Request").decode(bytes);
    expect(request.raw_state).toEqual({ json: Buffer.from("{}"), flatmap: { a: "1", b: "" } });
    expect(codec.decode(codec.encode({ flatmap: { x: "y" } }))).toEqual({ json: Buffer.alloc(0), flatmap: { x: "y" } });
  });

  it("skips fields from newer protocol versions", () => {
    // PlanResourceChange.Request field 9 (planned_private, protocol 6.11, terraform 1.16) and a varint field 10 are
    // unknown to us.
    const codec = messageCodec("tfplugin6.PlanResourceChange.Request");
    const known = codec.encode({ type_name: "t" });
    const withUnknown = Buffer.concat([known, Buffer.from([0x4a, 0x02, 0x7b, 0x7d]), Buffer.from([0x50, 0x96, 0x01])]);
    expect(codec.decode(withUnknown)).toEqual(codec.decode(known));
  });

  it("fails on a wrong JS type with the field path", () => {
    expect(() => messageCodec("tfplugin6.Diagnostic").encode({ summary: 42 })).toThrow("tfplugin6.Diagnostic.summary: expected a string");
    expect(() => messageCodec("tfplugin6.DynamicValue").encode({ msgpack: "x" })).toThrow(/msgpack: expected a Uint8Array/);
  });

  it("resolves nested type names by protobuf scoping rules", () => {
    const registry = new ProtoRegistry()
      .add('syntax = "proto3"; package a; message Outer { message Inner { int32 x = 1; } Inner inner = 1; repeated Outer.Inner list = 2; }')
      .resolve();
    const outer = registry.message("a.Outer");
    const value = decodeMessage(outer, encodeMessage(outer, { inner: { x: -1 }, list: [{ x: 2 }, {}] }));
    expect(value).toEqual({ inner: { x: -1 }, list: [{ x: 2 }, { x: 0 }] });
  });
});
