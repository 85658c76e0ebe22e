import { isUnknown, UNKNOWN, Unknown } from "../../../provider/src/core/schema/unknown";
import { type CtyType, cty } from "../../../provider/src/terraform/protocol/cty-type";
import {
  decodeDynamicValue,
  decodeRawState,
  encodeDynamicValue,
  NULL_DYNAMIC_VALUE,
} from "../../../provider/src/terraform/protocol/dynamic-value";
import { CtyValueError, decodeMsgpack, encodeMsgpack } from "../../../provider/src/terraform/protocol/msgpack";
import { type ResourceSchema } from "../../../provider/src/terraform/protocol/schema-types";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const bytes = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ""), "hex");

const probe: ResourceSchema = {
  block: {
    attributes: {
      id: { type: cty.string, computed: true },
      name: { type: cty.string, required: true },
      size: { type: cty.number, optional: true },
      labels: { type: cty.map(cty.string), optional: true },
      settings: {
        optional: true,
        nestedType: {
          nesting: "single",
          attributes: { mode: { type: cty.string, optional: true }, enabled: { type: cty.bool, optional: true } },
        },
      },
      rules: {
        optional: true,
        nestedType: {
          nesting: "list",
          attributes: { port: { type: cty.number, required: true }, proto: { type: cty.string, optional: true } },
        },
      },
    },
    blockTypes: {
      endpoint: { nesting: "set", block: { attributes: { host: { type: cty.string, required: true } } } },
    },
  },
};

describe("msgpack unknowns (golden bytes from go-cty and terraform 1.11.4)", () => {
  it("writes a plain unknown as d4 00 00, like go-cty", () => {
    expect(hex(encodeMsgpack(UNKNOWN, cty.string))).toBe("d40000");
    expect(hex(encodeMsgpack(new Unknown({}), cty.number))).toBe("d40000");
  });

  it('decodes the refined unknown terraform sent for name = "pre-${...}": 1:false is NOT NULL', () => {
    // c7 09 0c = ext8, 9 bytes, type 12; payload {1: false, 2: "pre-"}
    const value = decodeMsgpack(bytes("c7 09 0c 82 01 c2 02 a4 70 72 65 2d"), cty.string);
    expect(isUnknown(value)).toBe(true);
    expect((value as Unknown).refinements).toEqual({ notNull: true, stringPrefix: "pre-" });
  });

  it("re-encodes that refined unknown to the same bytes", () => {
    expect(hex(encodeMsgpack(new Unknown({ notNull: true, stringPrefix: "pre-" }), cty.string))).toBe("c7090c8201c202a47072652d");
  });

  it("finds the refined unknown inside the object terraform sent", () => {
    // {"name": <refined unknown>} as in the probe log: ...a46e616d65c7090c8201c202a47072652d...
    const value = decodeMsgpack(bytes("81 a4 6e616d65 c7090c8201c202a47072652d"), cty.object({ name: cty.string }));
    expect(isUnknown((value as Record<string, unknown>).name)).toBe(true);
  });

  it("treats extension 0 with any payload, and any other extension code, as unknown", () => {
    expect(decodeMsgpack(bytes("d4 00 00"))).toBe(UNKNOWN);
    expect(decodeMsgpack(bytes("c7 00 00"))).toBe(UNKNOWN);
    expect(isUnknown(decodeMsgpack(bytes("d4 05 00"), cty.string))).toBe(true);
    expect(isUnknown(decodeMsgpack(bytes("d6 ff 00000001"), cty.string))).toBe(true); // the timestamp code, -1
  });

  it("decodes number and length bounds", () => {
    // {1:false, 3:[0,true], 4:["1e400",false]}
    const value = decodeMsgpack(bytes("c7 10 0c 83 01 c2 03 92 00 c3 04 92 a5 31 65 34 30 30 c2"), cty.number) as Unknown;
    expect(value.refinements).toEqual({ notNull: true, numberLowerBound: [0, true], numberUpperBound: [Infinity, false] });
    const list = decodeMsgpack(bytes("c7 05 0c 82 05 01 06 03"), cty.list(cty.string)) as Unknown;
    expect(list.refinements).toEqual({ lengthLowerBound: 1, lengthUpperBound: 3 });
  });

  it("never writes an empty refinement map, and drops refinements the type cannot have", () => {
    expect(hex(encodeMsgpack(new Unknown({ stringPrefix: "" }), cty.string))).toBe("d40000");
    expect(hex(encodeMsgpack(new Unknown({ stringPrefix: "x" }), cty.number))).toBe("d40000");
    // {1: false} is 3 bytes, so ext8 (c7 03 0c); the string prefix is dropped for a number
    expect(hex(encodeMsgpack(new Unknown({ notNull: true, stringPrefix: "x" }), cty.number))).toBe("c7030c8101c2");
    expect(hex(encodeMsgpack(new Unknown({ notNull: true }), cty.dynamic))).toBe("d40000");
    expect(hex(encodeMsgpack(new Unknown({ lengthLowerBound: 0, lengthUpperBound: 2 }), cty.set(cty.string)))).toBe("c7030c810602");
  });
});

describe("msgpack numbers", () => {
  it("accepts decimal strings and int64 beyond 2^53", () => {
    expect(decodeMsgpack(bytes("a3 31 2e 35"), cty.number)).toBe(1.5);
    expect(decodeMsgpack(bytes("b4 3132333435363738393031323334353637383930"), cty.number)).toBe(12345678901234567890n);
    expect(decodeMsgpack(bytes("cf 0020000000000001"), cty.number)).toBe(9007199254740993n);
    expect(decodeMsgpack(bytes("cf 0000000100000000"), cty.number)).toBe(4294967296);
    expect(decodeMsgpack(bytes("d3 ffffffffffffffff"), cty.number)).toBe(-1);
    expect(decodeMsgpack(bytes("cb 3ff8000000000000"), cty.number)).toBe(1.5);
  });

  it("reads an object's attributes as own properties only: one named like an Object.prototype member is just unset", () => {
    const type = cty.object({ constructor: cty.string, toString: cty.string });
    expect(decodeMsgpack(bytes("80"), type)).toEqual({ constructor: null, toString: null }); // an empty msgpack map
    expect(decodeMsgpack(encodeMsgpack({}, type), type)).toEqual({ constructor: null, toString: null });
    expect(decodeMsgpack(encodeMsgpack({ constructor: "c" }, type), type)).toEqual({ constructor: "c", toString: null });
  });

  it("writes integers compactly, floats as float64, and huge integers exactly", () => {
    expect(hex(encodeMsgpack(5, cty.number))).toBe("05");
    expect(hex(encodeMsgpack(-1, cty.number))).toBe("ff");
    expect(hex(encodeMsgpack(1.5, cty.number))).toBe("cb3ff8000000000000");
    expect(hex(encodeMsgpack(9007199254740993n, cty.number))).toBe("cf0020000000000001");
    expect(hex(encodeMsgpack(2n ** 70n, cty.number))).toBe(hex(encodeMsgpack("1180591620717411303424", cty.string)));
    expect(hex(encodeMsgpack("42", cty.number))).toBe("2a");
    expect(hex(encodeMsgpack("0.1000000000000000000001", cty.number))).toBe(hex(encodeMsgpack("0.1000000000000000000001", cty.string)));
    expect(() => encodeMsgpack(NaN, cty.number)).toThrow(CtyValueError);
    expect(() => encodeMsgpack("ten", cty.number)).toThrow("number is required");
  });
});

describe("schema-driven encoding", () => {
  it("writes every attribute key of every object, absent values as nil", () => {
    const encoded = encodeDynamicValue({ name: "a", settings: { mode: "fast" }, rules: [{ port: 5060 }] }, probe);
    expect(decodeMsgpack(encoded.msgpack!)).toEqual({
      id: null,
      name: "a",
      size: null,
      labels: null,
      settings: { mode: "fast", enabled: null },
      rules: [{ port: 5060, proto: null }],
      endpoint: null,
    });
    // the raw map header says 7 keys, which is what go-cty checks ("an object with 7 attributes is required")
    expect(encoded.msgpack![0]).toBe(0x87);
  });

  it("converts primitives to the declared type", () => {
    const type: CtyType = cty.object({ s: cty.string, n: cty.number, b: cty.bool, tags: cty.set(cty.string) });
    const value = decodeMsgpack(encodeMsgpack({ s: 12, n: "7", b: "true", tags: new Set(["x", "y"]) }, type), type);
    expect(value).toEqual({ s: "12", n: 7, b: true, tags: ["x", "y"] });
  });

  it("keeps unknowns anywhere in the value", () => {
    const encoded = encodeMsgpack(
      { id: UNKNOWN, name: "n", labels: UNKNOWN, rules: [{ port: UNKNOWN }] },
      cty.object({
        id: cty.string,
        name: cty.string,
        labels: cty.map(cty.string),
        rules: cty.list(cty.object({ port: cty.number })),
      }),
    );
    const decoded = decodeMsgpack(encoded) as Record<string, unknown>;
    expect(decoded.id).toBe(UNKNOWN);
    expect(decoded.labels).toBe(UNKNOWN);
    expect((decoded.rules as Record<string, unknown>[])[0]!.port).toBe(UNKNOWN);
  });

  it("fails with the attribute path when a value does not fit", () => {
    expect(() => encodeDynamicValue({ name: "a", rules: [{ port: "x" }] }, probe)).toThrow(/^rules\[0\]\.port: number is required/);
    expect(() => encodeDynamicValue({ name: "a", colour: "red" }, probe)).toThrow(/unexpected attribute "colour"/);
    try {
      encodeDynamicValue({ labels: { env: 1, bad: {} } }, probe);
    } catch (error) {
      expect(error).toBeInstanceOf(CtyValueError);
      expect((error as CtyValueError).path).toEqual(["labels", { key: "bad" }]);
    }
  });

  it("keeps a map key named __proto__ as data", () => {
    const type = cty.map(cty.string);
    const value = JSON.parse('{"__proto__":"x","a":"b"}') as Record<string, string>;
    expect(hex(encodeMsgpack(value, type))).toBe("82a95f5f70726f746f5f5fa178a161a162");
  });

  it("round-trips dynamic values with their type", () => {
    const type = cty.object({ anything: cty.dynamic });
    const encoded = encodeMsgpack({ anything: { a: [1, "x"] } }, type);
    expect(decodeMsgpack(encoded, type)).toEqual({ anything: { a: [1, "x"] } });
  });
});

describe("DynamicValue and RawState", () => {
  it("reads an absent or empty DynamicValue as null, and writes null as nil", () => {
    expect(decodeDynamicValue(undefined, probe)).toBeNull();
    expect(decodeDynamicValue({ msgpack: Buffer.alloc(0), json: Buffer.alloc(0) }, probe)).toBeNull();
    expect(decodeDynamicValue(NULL_DYNAMIC_VALUE, probe)).toBeNull();
    expect(hex(encodeDynamicValue(null, probe).msgpack!)).toBe("c0");
  });

  it("falls back to JSON when msgpack is empty", () => {
    const value = decodeDynamicValue({ json: Buffer.from('{"name":"j","size":12345678901234567890}') }, probe) as Record<string, unknown>;
    expect(value.name).toBe("j");
    expect(value.size).toBe(12345678901234567890n);
    expect(value.id).toBeNull();
  });

  it("decodes raw state JSON with the schema: dropped attributes go, new ones read as null", () => {
    const raw = { json: Buffer.from('{"id":"p-1","name":"n","gone":true,"labels":{"a":"b"},"size":9007199254740993}'), flatmap: {} };
    expect(decodeRawState(raw, probe)).toEqual({
      id: "p-1",
      name: "n",
      size: 9007199254740993n,
      labels: { a: "b" },
      settings: null,
      rules: null,
      endpoint: null,
    });
    expect(decodeRawState(undefined)).toBeNull();
    expect(decodeRawState(raw)).toMatchObject({ gone: true });
  });
});
