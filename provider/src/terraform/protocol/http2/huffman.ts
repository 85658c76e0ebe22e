/**
 * Decoding of HPACK's Huffman-coded strings (RFC 7541, 5.2 and Appendix B). Terraform's Go client codes a header
 * value this way whenever that is shorter, so each method's path arrives coded the first time it is sent (later
 * sends point at the decoder's table instead).
 *
 * The code is canonical: each byte's code follows from its length alone, codes of one length being consecutive in
 * byte order. So only the lengths are written down here, and the decoder walks the code one bit at a time, which
 * is plenty for the few short strings a connection decodes.
 */

/** The code length in bits of each byte 0-255 (RFC 7541, Appendix B); EOS (symbol 256) is 30 ones. */
const CODE_LENGTHS = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28, 6, 10, 10,
  12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10, 13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
  7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6, 15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7,
  7, 15, 11, 14, 13, 28, 20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22,
  23, 23, 24, 22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22,
  23, 26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27, 20,
  24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
];
const EOS = 256;
const LONGEST = 30;

export class HuffmanError extends Error {}

interface CanonicalCode {
  /** The first code of each length, as a number of that many bits. */
  readonly firstCode: Int32Array;
  /** How many symbols have each length. */
  readonly count: Int32Array;
  /** Where each length's symbols start in `symbols`. */
  readonly offset: Int32Array;
  /** Symbols ordered by (length, byte). */
  readonly symbols: Uint16Array;
}

let canonical: CanonicalCode | undefined;

function canonicalCode(): CanonicalCode {
  if (canonical) return canonical;
  const lengths = [...CODE_LENGTHS, LONGEST];
  const count = new Int32Array(LONGEST + 1);
  for (const length of lengths) count[length]!++;
  const offset = new Int32Array(LONGEST + 1);
  const firstCode = new Int32Array(LONGEST + 1);
  let code = 0;
  let position = 0;
  for (let length = 1; length <= LONGEST; length++) {
    code = (code + count[length - 1]!) << 1;
    firstCode[length] = code;
    offset[length] = position;
    position += count[length]!;
  }
  const symbols = new Uint16Array(lengths.length);
  const next = offset.slice();
  for (let symbol = 0; symbol < lengths.length; symbol++) symbols[next[lengths[symbol]!]!++] = symbol;
  canonical = { firstCode, count, offset, symbols };
  return canonical;
}

/** Decodes `bytes` as latin1 text (header values are ASCII); throws `HuffmanError` on an invalid code. */
export function decodeHuffman(bytes: Uint8Array): string {
  const { firstCode, count, offset, symbols } = canonicalCode();
  let out = "";
  let code = 0;
  let length = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    for (let bit = 7; bit >= 0; bit--) {
      code = (code << 1) | ((byte >> bit) & 1);
      length++;
      const index = code - firstCode[length]!;
      if (index >= 0 && index < count[length]!) {
        const symbol = symbols[offset[length]! + index]!;
        if (symbol === EOS) throw new HuffmanError("a Huffman-coded string holds EOS");
        out += String.fromCharCode(symbol);
        code = 0;
        length = 0;
      } else if (length === LONGEST) {
        throw new HuffmanError("invalid Huffman code");
      }
    }
  }
  // What is left must be padding: fewer than 8 bits, all ones (the start of EOS).
  if (length >= 8 || code !== (1 << length) - 1) throw new HuffmanError("invalid Huffman padding");
  return out;
}
