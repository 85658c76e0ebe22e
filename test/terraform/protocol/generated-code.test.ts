import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { toAttributePath } from "../../../provider/src/terraform/protocol/attribute-path";
import { GRPCController, GRPCStdio } from "../../../provider/src/terraform/protocol/gen/go-plugin_pb";
import { Health } from "../../../provider/src/terraform/protocol/gen/health_pb";
import {
  ApplyResourceChange_ResponseSchema,
  ClientCapabilitiesSchema,
  DiagnosticSchema,
  GetProviderSchema_ResponseSchema,
  PlanResourceChange_RequestSchema,
  PlanResourceChange_ResponseSchema,
  Provider,
  Schema_AttributeSchema,
  Schema_ObjectSchema,
  UpgradeResourceState_ResponseSchema,
  ValidateProviderConfig_ResponseSchema,
} from "../../../provider/src/terraform/protocol/gen/tfplugin6_pb";
import { serviceDefinition } from "../../../provider/src/terraform/protocol/grpc-services";
import * as names from "../../../provider/src/terraform/protocol/service-names";
import { GENERATED_PATH, generateProtocolCode, REGENERATE_COMMAND } from "../../../scripts/generate-protocol-code";

describe("generated protocol code", () => {
  let freshDir: string;
  let generated: string[];

  beforeAll(() => {
    freshDir = mkdtempSync(join(tmpdir(), "vg-proto-gen-"));
    generated = generateProtocolCode(freshDir);
  });
  afterAll(() => rmSync(freshDir, { recursive: true, force: true }));

  it(`is the committed code exactly (run \`${REGENERATE_COMMAND}\` after changing a .proto file)`, () => {
    expect(readdirSync(GENERATED_PATH).sort()).toEqual(generated);
    expect(generated).toEqual(["go-plugin_pb.ts", "health_pb.ts", "tfplugin6_pb.ts"]);
    for (const file of generated) {
      if (readFileSync(join(GENERATED_PATH, file), "utf8") !== readFileSync(join(freshDir, file), "utf8")) {
        throw new Error(`${GENERATED_PATH}/${file} differs from a fresh generation: run \`${REGENERATE_COMMAND}\``);
      }
    }
  });

  it("declares every RPC we serve, with ListResource and InvokeAction as server streams", () => {
    expect(Provider.methods.map((m) => m.name)).toEqual([
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
    expect(Provider.methods.filter((m) => m.methodKind !== "unary").map((m) => m.name)).toEqual(["ListResource", "InvokeAction"]);
    expect(Object.keys(serviceDefinition("plugin.GRPCStdio"))).toEqual(["StreamStdio"]);
    expect(serviceDefinition("plugin.GRPCStdio").StreamStdio?.responseStream).toBe(true);
    expect(serviceDefinition("plugin.GRPCController").Shutdown?.path).toBe("/plugin.GRPCController/Shutdown");
    expect(serviceDefinition("grpc.health.v1.Health").Watch?.path).toBe("/grpc.health.v1.Health/Watch");
  });

  it("names each service as its generated descriptor does (the names are literals so that naming loads nothing)", () => {
    expect(names).toEqual({
      PROVIDER_SERVICE_NAME: Provider.typeName,
      CONTROLLER_SERVICE_NAME: GRPCController.typeName,
      STDIO_SERVICE_NAME: GRPCStdio.typeName,
      HEALTH_SERVICE_NAME: Health.typeName,
    });
  });

  it("uses the upstream field numbers for the fields terraform depends on", () => {
    const number = (schema: { fields: readonly { name: string; number: number }[] }, field: string) =>
      schema.fields.find((f) => f.name === field)?.number;
    expect(number(Schema_AttributeSchema, "nested_type")).toBe(10);
    expect(number(Schema_AttributeSchema, "write_only")).toBe(11);
    expect(number(Schema_ObjectSchema, "nesting")).toBe(3);
    expect(number(GetProviderSchema_ResponseSchema, "server_capabilities")).toBe(6);
    expect(number(PlanResourceChange_ResponseSchema, "legacy_type_system")).toBe(5);
    expect(number(ApplyResourceChange_ResponseSchema, "legacy_type_system")).toBe(4);
    expect(number(ValidateProviderConfig_ResponseSchema, "diagnostics")).toBe(2);
    expect(number(UpgradeResourceState_ResponseSchema, "upgraded_state")).toBe(1);
    expect(number(ClientCapabilitiesSchema, "write_only_attributes_allowed")).toBe(2);
  });

  it("puts a list index of 0 on the wire: the oneof member is set even when its value is the default", () => {
    const diagnostic = create(DiagnosticSchema, { summary: "s", attribute: toAttributePath(["a", 0, { key: "k" }]) });
    const decoded = fromBinary(DiagnosticSchema, toBinary(DiagnosticSchema, diagnostic));
    expect(decoded.attribute?.steps.map((step) => step.selector)).toEqual([
      { case: "attributeName", value: "a" },
      { case: "elementKeyInt", value: 0n },
      { case: "elementKeyString", value: "k" },
    ]);
  });

  it("reads a request from a newer protocol version, skipping the fields it does not know", () => {
    // PlanResourceChange.Request field 9 (planned_private, protocol 6.11, terraform 1.16) and a varint field 10.
    const known = toBinary(PlanResourceChange_RequestSchema, create(PlanResourceChange_RequestSchema, { typeName: "t" }));
    const withUnknown = Buffer.concat([known, Buffer.from([0x4a, 0x02, 0x7b, 0x7d]), Buffer.from([0x50, 0x96, 0x01])]);
    expect(fromBinary(PlanResourceChange_RequestSchema, withUnknown)).toEqual(fromBinary(PlanResourceChange_RequestSchema, known));
  });
});
