import { messageCodec, serviceDefinition } from "../../../provider/src/terraform/protocol/grpc-services";

// The field numbers terraform 1.12-1.14 use for identity, list resources, GenerateResourceConfig and actions
// (tfplugin6 protocol 6.9 and 6.10), written here as bytes by hand, independently of our .proto text: a wrong or
// mistyped number in tfplugin6-proto.ts fails here, where a test encoding with that same text could not notice.
const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
};
/** A length-delimited field: tag (field number, wire type 2), length, bytes. */
const ld = (field: number, ...parts: (number[] | Buffer)[]): number[] => {
  const body = parts.flatMap((p) => [...p]);
  return [...varint(field * 8 + 2), ...varint(body.length), ...body];
};
/** A varint field (wire type 0). */
const vi = (field: number, value: number): number[] => [...varint(field * 8), ...varint(value)];
const str = (field: number, text: string) => ld(field, Buffer.from(text));
const bytes = (...parts: number[][]) => Buffer.from(parts.flat());

const MSGPACK = Buffer.from([0x81, 0xab, ...Buffer.from("account_sid"), 0xa1, 0x78]); // {"account_sid": "x"}
/** ResourceIdentityData{identity_data = DynamicValue{msgpack = 1}} */
const identity = ld(1, ld(1, MSGPACK));
const identityValue = { identity_data: { msgpack: MSGPACK, json: Buffer.alloc(0) } };
const dynamic = { msgpack: MSGPACK, json: Buffer.alloc(0) };

/** Our codec must read the hand-built bytes as `value`, and (fields in number order) write `value` as those bytes. */
function expectWire(message: string, value: Record<string, unknown>, wire: Buffer, decoded: Record<string, unknown> = value): void {
  const codec = messageCodec(`tfplugin6.${message}`);
  expect(codec.decode(wire)).toMatchObject(decoded);
  expect(codec.encode(value).toString("hex")).toBe(wire.toString("hex"));
}

describe("tfplugin6 field numbers of terraform 1.12-1.14", () => {
  it("carries identity data on read, plan, apply and import (1.12)", () => {
    expectWire("ReadResource.Request", { current_identity: identityValue }, bytes(ld(6, identity)));
    expectWire("ReadResource.Response", { new_identity: identityValue }, bytes(ld(5, identity)));
    expectWire("PlanResourceChange.Request", { prior_identity: identityValue }, bytes(ld(8, identity)));
    expectWire("PlanResourceChange.Response", { planned_identity: identityValue }, bytes(ld(7, identity)));
    expectWire("ApplyResourceChange.Request", { planned_identity: identityValue }, bytes(ld(7, identity)));
    expectWire("ApplyResourceChange.Response", { new_identity: identityValue }, bytes(ld(5, identity)));
    expectWire("ImportResourceState.Request", { identity: identityValue }, bytes(ld(4, identity)));
    expectWire(
      "ImportResourceState.Response",
      { imported_resources: [{ type_name: "t", identity: identityValue }] },
      bytes(ld(1, str(1, "t"), ld(4, identity))),
    );
  });

  it("serves identity schemas and upgrades (1.12)", () => {
    const attribute = [...str(1, "account_sid"), ...ld(2, Buffer.from('"string"')), ...vi(3, 1), ...vi(4, 1), ...str(5, "d")];
    const schema = [...vi(1, 2), ...ld(2, attribute)];
    expectWire(
      "GetResourceIdentitySchemas.Response",
      {
        identity_schemas: {
          t: {
            version: 2,
            identity_attributes: [
              {
                name: "account_sid",
                type: Buffer.from('"string"'),
                required_for_import: true,
                optional_for_import: true,
                description: "d",
              },
            ],
          },
        },
        diagnostics: [{ severity: 1, summary: "s" }],
      },
      bytes(ld(1, str(1, "t"), ld(2, schema)), ld(2, vi(1, 1), str(2, "s"))),
    );
    expectWire(
      "UpgradeResourceIdentity.Request",
      { type_name: "t", version: 3, raw_identity: { json: Buffer.from("{}"), flatmap: {} } },
      bytes(str(1, "t"), vi(2, 3), ld(3, ld(1, Buffer.from("{}")))),
    );
    expectWire(
      "UpgradeResourceIdentity.Response",
      { upgraded_identity: identityValue, diagnostics: [{ severity: 2, summary: "w" }] },
      bytes(ld(1, identity), ld(2, vi(1, 2), str(2, "w"))),
    );
  });

  it("lists resources: schemas, metadata, validation and the stream's request and events (1.14)", () => {
    const block = ld(2, str(4, "filters"));
    expectWire(
      "GetProviderSchema.Response",
      { list_resource_schemas: { voicegateway_account: { block: { description: "filters" } } } },
      bytes(ld(9, str(1, "voicegateway_account"), ld(2, block))),
    );
    expectWire(
      "GetMetadata.Response",
      { list_resources: [{ type_name: "l" }], actions: [{ type_name: "a" }] },
      bytes(ld(7, str(1, "l")), ld(9, str(1, "a"))),
    );
    expectWire(
      "ListResource.Request",
      { type_name: "t", config: dynamic, include_resource_object: true, limit: 100 },
      bytes(str(1, "t"), ld(2, ld(1, MSGPACK)), vi(3, 1), vi(4, 100)),
    );
    expectWire(
      "ListResource.Event",
      { identity: identityValue, display_name: "acme", resource_object: dynamic, diagnostic: [{ severity: 2, summary: "w" }] },
      bytes(ld(1, identity), str(2, "acme"), ld(3, ld(1, MSGPACK)), ld(4, vi(1, 2), str(2, "w"))),
    );
    expectWire(
      "ValidateListResourceConfig.Request",
      { type_name: "t", config: dynamic, include_resource_object: dynamic, limit: dynamic },
      bytes(str(1, "t"), ld(2, ld(1, MSGPACK)), ld(3, ld(1, MSGPACK)), ld(4, ld(1, MSGPACK))),
    );
    expectWire(
      "ValidateListResourceConfig.Response",
      { diagnostics: [{ severity: 1, summary: "e" }] },
      bytes(ld(1, vi(1, 1), str(2, "e"))),
    );
  });

  it("asks for generated configuration behind a capability (1.14)", () => {
    expectWire("ServerCapabilities", { generate_resource_config: true }, bytes(vi(4, 1)));
    expectWire("GenerateResourceConfig.Request", { type_name: "t", state: dynamic }, bytes(str(1, "t"), ld(2, ld(1, MSGPACK))));
    expectWire(
      "GenerateResourceConfig.Response",
      { config: dynamic, diagnostics: [{ severity: 2, summary: "w" }] },
      bytes(ld(1, ld(1, MSGPACK)), ld(2, vi(1, 2), str(2, "w"))),
    );
  });

  it("validates, plans and invokes actions, with progress and completed events (1.14)", () => {
    expectWire(
      "GetProviderSchema.Response",
      { action_schemas: { a: { schema: { version: 0, block: { description: "x" } } } } },
      bytes(ld(11, str(1, "a"), ld(2, ld(1, ld(2, str(4, "x")))))),
    );
    expectWire("ValidateActionConfig.Request", { action_type: "a", config: dynamic }, bytes(str(1, "a"), ld(2, ld(1, MSGPACK))));
    expectWire("ValidateActionConfig.Response", { diagnostics: [{ severity: 1, summary: "e" }] }, bytes(ld(1, vi(1, 1), str(2, "e"))));
    expectWire(
      "PlanAction.Request",
      { action_type: "a", config: dynamic, client_capabilities: { deferral_allowed: true } },
      bytes(str(1, "a"), ld(2, ld(1, MSGPACK)), ld(3, vi(1, 1))),
    );
    expectWire(
      "PlanAction.Response",
      { diagnostics: [{ severity: 1, summary: "e" }], deferred: { reason: 1 } },
      bytes(ld(1, vi(1, 1), str(2, "e")), ld(2, vi(1, 1))),
    );
    expectWire("InvokeAction.Request", { action_type: "a", config: dynamic }, bytes(str(1, "a"), ld(2, ld(1, MSGPACK))));
    expectWire("InvokeAction.Event", { progress: { message: "m" } }, bytes(ld(1, str(1, "m"))));
    expectWire(
      "InvokeAction.Event",
      { completed: { diagnostics: [{ severity: 1, summary: "e" }] } },
      bytes(ld(2, ld(1, vi(1, 1), str(2, "e")))),
    );
    // An empty Completed is still a Completed: its presence ends the action.
    expectWire("InvokeAction.Event", { completed: {} }, bytes(ld(2)), { completed: { diagnostics: [] } });
  });

  it("declares ListResource and InvokeAction as server streams, the other new RPCs as unary calls", () => {
    const provider = serviceDefinition("tfplugin6.Provider");
    expect(provider.ListResource).toMatchObject({ path: "/tfplugin6.Provider/ListResource", requestStream: false, responseStream: true });
    expect(provider.InvokeAction).toMatchObject({ path: "/tfplugin6.Provider/InvokeAction", requestStream: false, responseStream: true });
    for (const rpc of [
      "GetResourceIdentitySchemas",
      "UpgradeResourceIdentity",
      "GenerateResourceConfig",
      "ValidateListResourceConfig",
      "ValidateActionConfig",
      "PlanAction",
    ]) {
      expect(provider[rpc]).toMatchObject({ path: `/tfplugin6.Provider/${rpc}`, requestStream: false, responseStream: false });
    }
  });
});
