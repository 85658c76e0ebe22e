import { parseJsonLossless } from "../../../provider/src/terraform/protocol/lossless-json";

describe("lossless JSON", () => {
  it("parses like JSON.parse", () => {
    const text = '{"a":[1,-2.5e3,true,false,null,"s\\u00e9\\n"],"b":{},"c":[]}';
    expect(parseJsonLossless(text)).toEqual(JSON.parse(text));
    expect(parseJsonLossless(" 12 ")).toBe(12);
  });

  it("keeps integers beyond 2^53 exact as bigint", () => {
    expect(parseJsonLossless('{"n":9007199254740993,"m":-12345678901234567890}')).toEqual({
      n: 9007199254740993n,
      m: -12345678901234567890n,
    });
    expect(parseJsonLossless("9007199254740991")).toBe(9007199254740991);
  });

  it("keeps a __proto__ key as data", () => {
    const value = parseJsonLossless('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("rejects malformed JSON", () => {
    for (const bad of ["{", "[1,]", '{"a" 1}', "01", "tru", '"\\x"', "1 2"]) {
      expect(() => parseJsonLossless(bad)).toThrow(SyntaxError);
    }
  });
});
