/**
 * The handful of ASN.1 DER encoders an X.509 certificate needs. Each returns the full TLV as a Buffer.
 */

export function tlv(tag: number, ...content: Uint8Array[]): Buffer {
  const body = Buffer.concat(content);
  return Buffer.concat([Uint8Array.of(tag), encodeLength(body.length), body]);
}

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export const sequence = (...items: Uint8Array[]): Buffer => tlv(0x30, ...items);
export const set = (...items: Uint8Array[]): Buffer => tlv(0x31, ...items);
export const octetString = (data: Uint8Array): Buffer => tlv(0x04, data);
export const utf8String = (text: string): Buffer => tlv(0x0c, Buffer.from(text, "utf8"));
export const ia5String = (text: string): Buffer => tlv(0x16, Buffer.from(text, "ascii"));
export const boolean = (value: boolean): Buffer => tlv(0x01, Uint8Array.of(value ? 0xff : 0x00));

/** An unsigned big-endian integer; a leading zero byte is added when the high bit is set, as DER requires. */
export function unsignedInteger(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  const first = trimmed[0] ?? 0;
  return tlv(0x02, first & 0x80 ? Buffer.concat([Uint8Array.of(0), trimmed]) : trimmed);
}

export const smallInteger = (value: number): Buffer => unsignedInteger(Uint8Array.of(value));

export function objectIdentifier(dotted: string): Buffer {
  const parts = dotted.split(".").map(Number);
  const [first = 0, second = 0, ...rest] = parts;
  const bytes: number[] = [first * 40 + second];
  for (const part of rest) {
    const chunk: number[] = [part & 0x7f];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(bytes));
}

export function bitString(data: Uint8Array, unusedBits = 0): Buffer {
  return tlv(0x03, Uint8Array.of(unusedBits), data);
}

/**
 * A named-bit BIT STRING (KeyUsage): bit 0 is the most significant bit of the first byte, and trailing zero bits
 * are dropped, as DER requires.
 */
export function namedBits(bits: readonly number[]): Buffer {
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)]! |= 0x80 >> (bit % 8);
  return bitString(bytes, 7 - (highest % 8));
}

/** UTCTime before 2050, GeneralizedTime from 2050 on (RFC 5280 4.1.2.5). */
export function time(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return date.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(digits.slice(2), "ascii")) : tlv(0x18, Buffer.from(digits, "ascii"));
}

/** `[n] EXPLICIT` wrapper (constructed, context-specific). */
export const explicit = (n: number, ...content: Uint8Array[]): Buffer => tlv(0xa0 | n, ...content);

/** `[n] IMPLICIT` primitive value (context-specific), e.g. a dNSName in a GeneralName. */
export const implicitPrimitive = (n: number, data: Uint8Array): Buffer => tlv(0x80 | n, data);
