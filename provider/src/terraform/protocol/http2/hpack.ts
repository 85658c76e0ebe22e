/**
 * HPACK (RFC 7541) for a gRPC server: a full decoder, since the client's encoder may use every representation and
 * its dynamic table, and the few header blocks the server sends, written with the static table and literals that
 * are never indexed, so the server keeps no encoder state at all.
 */
import { decodeHuffman } from "./huffman";

export class CompressionError extends Error {}

/** RFC 7541, Appendix A: index 1-61. */
const STATIC_TABLE: readonly (readonly [string, string])[] = [
  [":authority", ""],
  [":method", "GET"],
  [":method", "POST"],
  [":path", "/"],
  [":path", "/index.html"],
  [":scheme", "http"],
  [":scheme", "https"],
  [":status", "200"],
  [":status", "204"],
  [":status", "206"],
  [":status", "304"],
  [":status", "400"],
  [":status", "404"],
  [":status", "500"],
  ["accept-charset", ""],
  ["accept-encoding", "gzip, deflate"],
  ...[
    "accept-language",
    "accept-ranges",
    "accept",
    "access-control-allow-origin",
    "age",
    "allow",
    "authorization",
    "cache-control",
    "content-disposition",
    "content-encoding",
    "content-language",
    "content-length",
    "content-location",
    "content-range",
    "content-type",
    "cookie",
    "date",
    "etag",
    "expect",
    "expires",
    "from",
    "host",
    "if-match",
    "if-modified-since",
    "if-none-match",
    "if-range",
    "if-unmodified-since",
    "last-modified",
    "link",
    "location",
    "max-forwards",
    "proxy-authenticate",
    "proxy-authorization",
    "range",
    "referer",
    "refresh",
    "retry-after",
    "server",
    "set-cookie",
    "strict-transport-security",
    "transfer-encoding",
    "user-agent",
    "vary",
    "via",
    "www-authenticate",
  ].map((name) => [name, ""] as const),
];
/** Each entry counts its name and value plus 32 octets against the table's size (RFC 7541, 4.1). */
const ENTRY_OVERHEAD = 32;

export type HeaderList = Map<string, string>;

/** One connection's decoder: blocks must be decoded in the order they arrive, since they share the dynamic table. */
export class HeaderDecoder {
  /** Newest first, as HPACK indexes it. */
  private readonly dynamic: [string, string][] = [];
  private size = 0;
  private maxSize: number;

  /** `limit` is the SETTINGS_HEADER_TABLE_SIZE this side announced (4096 unless it sent another). */
  constructor(private readonly limit = 4096) {
    this.maxSize = limit;
  }

  /** The header list of one complete block. A repeated name keeps its last value (gRPC sends none twice). */
  decode(block: Uint8Array): HeaderList {
    const headers: HeaderList = new Map();
    const reader = { block, at: 0 };
    while (reader.at < block.length) {
      const first = block[reader.at]!;
      if (first & 0x80) {
        const [name, value] = this.entry(readInteger(reader, 7));
        headers.set(name, value);
      } else if (first & 0x40) {
        const [name, value] = this.literal(reader, 6);
        headers.set(name, value);
        this.insert(name, value);
      } else if (first & 0x20) {
        const size = readInteger(reader, 5);
        if (size > this.limit) throw new CompressionError(`a table size update to ${size} is over the announced ${this.limit}`);
        this.maxSize = size;
        this.evict(0);
      } else {
        // Without indexing (0000) or never indexed (0001): the same to a decoder.
        const [name, value] = this.literal(reader, 4);
        headers.set(name, value);
      }
    }
    return headers;
  }

  private entry(index: number): readonly [string, string] {
    if (index >= 1 && index <= STATIC_TABLE.length) return STATIC_TABLE[index - 1]!;
    const entry = this.dynamic[index - STATIC_TABLE.length - 1];
    if (!entry) throw new CompressionError(`header index ${index} is not in the table`);
    return entry;
  }

  private literal(reader: Reader, prefixBits: number): [string, string] {
    const nameIndex = readInteger(reader, prefixBits);
    const name = nameIndex === 0 ? readString(reader) : this.entry(nameIndex)[0];
    return [name, readString(reader)];
  }

  private insert(name: string, value: string): void {
    const entrySize = name.length + value.length + ENTRY_OVERHEAD;
    this.evict(entrySize);
    // An entry larger than the whole table empties it and is not added (RFC 7541, 4.4).
    if (entrySize > this.maxSize) return;
    this.dynamic.unshift([name, value]);
    this.size += entrySize;
  }

  /** Evicts the oldest entries until `room` more octets fit. */
  private evict(room: number): void {
    while (this.size + room > this.maxSize && this.dynamic.length > 0) {
      const [name, value] = this.dynamic.pop()!;
      this.size -= name.length + value.length + ENTRY_OVERHEAD;
    }
  }
}

interface Reader {
  readonly block: Uint8Array;
  at: number;
}

/** An HPACK integer with an N-bit prefix (RFC 7541, 5.1). */
function readInteger(reader: Reader, prefixBits: number): number {
  const mask = (1 << prefixBits) - 1;
  let value = reader.block[reader.at++]! & mask;
  if (value < mask) return value;
  let shift = 0;
  for (;;) {
    if (reader.at >= reader.block.length) throw new CompressionError("a header block ends inside an integer");
    const byte = reader.block[reader.at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return value;
    shift += 7;
    // Nothing in a header block is larger than a frame; this bounds a run of continuation bytes.
    if (shift > 28) throw new CompressionError("an integer in a header block is too large");
  }
}

/** A string literal (RFC 7541, 5.2), plain or Huffman-coded. */
function readString(reader: Reader): string {
  if (reader.at >= reader.block.length) throw new CompressionError("a header block ends before a string");
  const huffman = (reader.block[reader.at]! & 0x80) !== 0;
  const length = readInteger(reader, 7);
  const end = reader.at + length;
  if (end > reader.block.length) throw new CompressionError("a string runs past the end of its header block");
  const bytes = reader.block.subarray(reader.at, end);
  reader.at = end;
  if (huffman) {
    try {
      return decodeHuffman(bytes);
    } catch (error) {
      throw new CompressionError(error instanceof Error ? error.message : String(error));
    }
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** Appends an HPACK integer with an N-bit prefix whose high bits are `flags`. */
function writeInteger(out: number[], value: number, prefixBits: number, flags: number): void {
  const mask = (1 << prefixBits) - 1;
  if (value < mask) {
    out.push(flags | value);
    return;
  }
  out.push(flags | mask);
  let rest = value - mask;
  while (rest >= 0x80) {
    out.push((rest & 0x7f) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}

/** A header field as a literal never indexed, with a literal name, in plain (not Huffman) strings. */
function writeLiteral(out: number[], name: string, value: string): void {
  writeInteger(out, 0, 4, 0x10);
  for (const text of [name, value]) {
    const bytes = Buffer.from(text, "latin1");
    writeInteger(out, bytes.length, 7, 0);
    for (const byte of bytes) out.push(byte);
  }
}

/** `:status: 200` (static entry 8) and `content-type: application/grpc` (name from static entry 31). */
const RESPONSE_HEADERS: readonly number[] = (() => {
  const out = [0x88];
  writeInteger(out, 31, 4, 0x10);
  const value = Buffer.from("application/grpc", "latin1");
  writeInteger(out, value.length, 7, 0);
  out.push(...value);
  return out;
})();

/** The response headers of every answer: status 200 and the gRPC content type. */
export const RESPONSE_HEADER_BLOCK = Buffer.from(RESPONSE_HEADERS);

/** The trailers of a call that succeeded. */
export const OK_TRAILER_BLOCK = statusBlock(0);

/** `grpc-status` and, when given, `grpc-message` (already percent-encoded); with the response headers first for a
 * trailers-only answer. */
export function statusBlock(code: number, message?: string, withResponseHeaders = false): Buffer {
  const out = withResponseHeaders ? [...RESPONSE_HEADERS] : [];
  writeLiteral(out, "grpc-status", String(code));
  if (message !== undefined) writeLiteral(out, "grpc-message", message);
  return Buffer.from(out);
}
