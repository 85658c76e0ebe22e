import { CompressionError, HeaderDecoder, OK_TRAILER_BLOCK, statusBlock } from "../../../provider/src/terraform/protocol/http2/hpack";
import { decodeHuffman } from "../../../provider/src/terraform/protocol/http2/huffman";

// The examples of RFC 7541, Appendix C: the decoder's table carries over from one request to the next.
const bytes = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ""), "hex");

describe("HPACK header decoding", () => {
  it("decodes RFC 7541 C.3, requests in plain strings, through the dynamic table", () => {
    const decoder = new HeaderDecoder();
    expect([...decoder.decode(bytes("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"))]).toEqual([
      [":method", "GET"],
      [":scheme", "http"],
      [":path", "/"],
      [":authority", "www.example.com"],
    ]);
    // 0xbe is the entry the first request added.
    expect(decoder.decode(bytes("8286 84be 5808 6e6f 2d63 6163 6865")).get("cache-control")).toBe("no-cache");
    const third = decoder.decode(bytes("8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65"));
    expect(Object.fromEntries(third)).toEqual({
      ":method": "GET",
      ":scheme": "https",
      ":path": "/index.html",
      ":authority": "www.example.com",
      "custom-key": "custom-value",
    });
  });

  it("decodes RFC 7541 C.4, the same requests Huffman-coded", () => {
    const decoder = new HeaderDecoder();
    expect(decoder.decode(bytes("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff")).get(":authority")).toBe("www.example.com");
    expect(decoder.decode(bytes("8286 84be 5886 a8eb 1064 9cbf")).get("cache-control")).toBe("no-cache");
    const third = decoder.decode(bytes("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"));
    expect(third.get("custom-key")).toBe("custom-value");
    expect(third.get(":authority")).toBe("www.example.com");
  });

  it("decodes the Huffman-coded strings of RFC 7541 C.6", () => {
    expect(decodeHuffman(bytes("6402"))).toBe("302");
    expect(decodeHuffman(bytes("aec3 771a 4b"))).toBe("private");
    expect(decodeHuffman(bytes("d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff"))).toBe("Mon, 21 Oct 2013 20:13:21 GMT");
    expect(decodeHuffman(bytes("9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3"))).toBe("https://www.example.com");
  });

  it("decodes RFC 7541 C.5, responses through a 256-byte table that evicts its oldest entries", () => {
    const decoder = new HeaderDecoder(256);
    expect(
      Object.fromEntries(
        decoder.decode(
          bytes(`4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32
                 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d`),
        ),
      ),
    ).toEqual({
      ":status": "302",
      "cache-control": "private",
      date: "Mon, 21 Oct 2013 20:13:21 GMT",
      location: "https://www.example.com",
    });
    // Adding ":status: 307" pushes ":status: 302" out; c1, c0 and bf are the three entries left.
    expect(Object.fromEntries(decoder.decode(bytes("4803 3330 37c1 c0bf")))).toEqual({
      ":status": "307",
      "cache-control": "private",
      date: "Mon, 21 Oct 2013 20:13:21 GMT",
      location: "https://www.example.com",
    });
    // The evicted entry is gone: the table now holds four entries (62-65), so 66 does not exist.
    expect(() => decoder.decode(bytes("c2"))).toThrow(/index 66/);
  });

  it("evicts the oldest entries when a table size update shrinks the table", () => {
    const decoder = new HeaderDecoder();
    decoder.decode(bytes("400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65")); // adds custom-key
    decoder.decode(bytes("20")); // size 0: the table empties
    expect(() => decoder.decode(bytes("be"))).toThrow(CompressionError);
  });

  it("refuses what a broken or hostile encoder might send", () => {
    const decoder = new HeaderDecoder();
    expect(() => decoder.decode(bytes("80"))).toThrow(/index 0/); // index 0 does not exist
    expect(() => decoder.decode(bytes("ff ff ff ff ff ff"))).toThrow(CompressionError); // an integer without end
    expect(() => decoder.decode(bytes("3f e2 1f"))).toThrow(/4097 is over the announced 4096/); // a table size update past the setting
    expect(() => decoder.decode(bytes("04 85 41"))).toThrow(/past the end/); // a 5-byte string with 1 byte
    expect(() => decoder.decode(bytes("04 81 00"))).toThrow(/padding/); // Huffman bits that are not EOS padding
    expect(() => decoder.decode(bytes("04 84 ff ff ff ff"))).toThrow(/EOS/); // 30 ones: EOS inside a string
  });
});

describe("the header blocks the server sends", () => {
  // Decoded with the same decoder the tests above check against the RFC.
  it("writes status and message as literals the client can read without any table", () => {
    const decoder = new HeaderDecoder();
    expect(Object.fromEntries(decoder.decode(OK_TRAILER_BLOCK))).toEqual({ "grpc-status": "0" });
    const long = "x".repeat(300);
    expect(Object.fromEntries(decoder.decode(statusBlock(13, long, true)))).toEqual({
      ":status": "200",
      "content-type": "application/grpc",
      "grpc-status": "13",
      "grpc-message": long,
    });
  });
});
