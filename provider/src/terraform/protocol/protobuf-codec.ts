/**
 * Protobuf binary encoding for the descriptors in `proto-schema.ts`, dependency-free.
 *
 * JS shape of a decoded message (the same choices as proto-loader with `keepCase, longs: Number, enums: Number,
 * defaults: true`): field names as in the .proto file; every scalar present with its proto3 default; `bytes` as
 * Buffer; int64 as number, or bigint beyond 2^53; enums as numbers; repeated as arrays; maps as plain objects; an
 * absent sub-message and an unset oneof member are left `undefined`.
 *
 * Encoding accepts the same shape with any field left out. Proto3 scalars equal to their default are not written,
 * except oneof members, whose presence is the information (`element_key_int: 0` must reach the wire).
 */
import { type FieldDescriptor, type FieldKind, type MessageDescriptor, type ScalarType } from "./proto-schema";

export type ProtoObject = Record<string, unknown>;

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LENGTH = 2;
const WIRE_FIXED32 = 5;

export class ProtobufEncodeError extends Error {
  override readonly name = "ProtobufEncodeError";
}

export class ProtobufDecodeError extends Error {
  override readonly name = "ProtobufDecodeError";
}

class Writer {
  private buf = Buffer.allocUnsafe(512);
  private pos = 0;

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + extra));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  uint(value: number): void {
    this.ensure(10);
    while (value > 0x7f) {
      this.buf[this.pos++] = (value % 128) | 0x80;
      value = Math.floor(value / 128);
    }
    this.buf[this.pos++] = value;
  }

  /** Any int64/uint64, as its 64-bit two's complement. */
  big(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    this.ensure(10);
    while (v > 0x7fn) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  tag(id: number, wireType: number): void {
    this.uint(id * 8 + wireType);
  }

  bytes(data: Uint8Array): void {
    this.uint(data.length);
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  string(text: string): void {
    const length = Buffer.byteLength(text, "utf8");
    this.uint(length);
    this.ensure(length);
    this.buf.write(text, this.pos, length, "utf8");
    this.pos += length;
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  float(value: number): void {
    this.ensure(4);
    this.buf.writeFloatLE(value, this.pos);
    this.pos += 4;
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

/** Encodes `value` as the message `descriptor`. Throws ProtobufEncodeError naming the field on a type mismatch. */
export function encodeMessage(descriptor: MessageDescriptor, value: ProtoObject): Buffer {
  const writer = new Writer();
  writeMessage(writer, descriptor, value, descriptor.fullName);
  // Copy out of the growable buffer so callers never hold its spare capacity.
  return Buffer.from(writer.finish());
}

function writeMessage(writer: Writer, descriptor: MessageDescriptor, value: ProtoObject, path: string): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ProtobufEncodeError(`${path}: expected an object for message ${descriptor.fullName}`);
  }
  for (const field of descriptor.fields) {
    const fieldValue = value[field.name];
    if (fieldValue === undefined || fieldValue === null) continue;
    const fieldPath = `${path}.${field.name}`;
    const kind = kindOf(field);
    switch (field.rule) {
      case "repeated": {
        if (!Array.isArray(fieldValue)) throw new ProtobufEncodeError(`${fieldPath}: expected an array`);
        fieldValue.forEach((element, i) => writeField(writer, field.id, kind, element, `${fieldPath}[${i}]`, true));
        break;
      }
      case "map": {
        const entries = fieldValue instanceof Map ? [...fieldValue.entries()] : Object.entries(fieldValue as object);
        for (const [key, entryValue] of entries) {
          const entry = new Writer();
          writeField(entry, 1, { kind: "scalar", scalar: field.keyType ?? "string" }, key, `${fieldPath}.key`, true);
          writeField(entry, 2, kind, entryValue ?? defaultFor(kind), `${fieldPath}[${String(key)}]`, true);
          writer.tag(field.id, WIRE_LENGTH);
          writer.bytes(entry.finish());
        }
        break;
      }
      default:
        writeField(writer, field.id, kind, fieldValue, fieldPath, field.oneof !== undefined);
    }
  }
}

function defaultFor(kind: FieldKind): unknown {
  if (kind.kind === "message") return {};
  if (kind.kind === "enum") return 0;
  return scalarDefault(kind.scalar);
}

function writeField(writer: Writer, id: number, kind: FieldKind, value: unknown, path: string, always: boolean): void {
  if (kind.kind === "message") {
    const nested = new Writer();
    writeMessage(nested, kind.descriptor, value as ProtoObject, path);
    writer.tag(id, WIRE_LENGTH);
    writer.bytes(nested.finish());
    return;
  }
  if (kind.kind === "enum") {
    let number: unknown = value;
    if (typeof value === "string") number = kind.descriptor.values[value];
    if (typeof number !== "number" || !Number.isInteger(number)) {
      throw new ProtobufEncodeError(`${path}: expected a ${kind.descriptor.fullName} value, got ${String(value)}`);
    }
    if (number === 0 && !always) return;
    writer.tag(id, WIRE_VARINT);
    writeInteger(writer, number, "int32", path);
    return;
  }
  writeScalar(writer, id, kind.scalar, value, path, always);
}

function writeScalar(writer: Writer, id: number, scalar: ScalarType, value: unknown, path: string, always: boolean): void {
  switch (scalar) {
    case "string":
      if (typeof value !== "string") throw new ProtobufEncodeError(`${path}: expected a string`);
      if (value === "" && !always) return;
      writer.tag(id, WIRE_LENGTH);
      writer.string(value);
      return;
    case "bytes":
      if (!(value instanceof Uint8Array)) throw new ProtobufEncodeError(`${path}: expected a Uint8Array or Buffer`);
      if (value.length === 0 && !always) return;
      writer.tag(id, WIRE_LENGTH);
      writer.bytes(value);
      return;
    case "bool":
      if (typeof value !== "boolean") throw new ProtobufEncodeError(`${path}: expected a boolean`);
      if (!value && !always) return;
      writer.tag(id, WIRE_VARINT);
      writer.uint(value ? 1 : 0);
      return;
    case "double":
    case "float":
      if (typeof value !== "number") throw new ProtobufEncodeError(`${path}: expected a number`);
      if (value === 0 && !Object.is(value, -0) && !always) return;
      writer.tag(id, scalar === "double" ? WIRE_FIXED64 : WIRE_FIXED32);
      if (scalar === "double") writer.double(value);
      else writer.float(value);
      return;
    default:
      if (value === 0 || value === 0n) {
        if (!always) return;
      }
      writer.tag(id, WIRE_VARINT);
      writeInteger(writer, value, scalar, path);
  }
}

function writeInteger(writer: Writer, value: unknown, scalar: ScalarType, path: string): void {
  if (typeof value === "bigint") {
    checkRange(value, scalar, path);
    writer.big(value);
    return;
  }
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new ProtobufEncodeError(`${path}: expected an integer, got ${String(value)}`);
  }
  if (!Number.isSafeInteger(value)) {
    throw new ProtobufEncodeError(`${path}: ${value} is beyond 2^53; pass a bigint to keep it exact`);
  }
  checkRange(BigInt(value), scalar, path);
  if (value >= 0) writer.uint(value);
  else writer.big(BigInt(value));
}

const RANGES: Partial<Record<ScalarType, readonly [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

function checkRange(value: bigint, scalar: ScalarType, path: string): void {
  const range = RANGES[scalar];
  if (range && (value < range[0] || value > range[1])) {
    throw new ProtobufEncodeError(`${path}: ${value} is out of range for ${scalar}`);
  }
}

function kindOf(field: FieldDescriptor): FieldKind {
  if (!field.resolved) throw new ProtobufEncodeError(`Field ${field.name} was never resolved; call ProtoRegistry.resolve()`);
  return field.resolved;
}

function scalarDefault(scalar: ScalarType): unknown {
  switch (scalar) {
    case "string":
      return "";
    case "bytes":
      return Buffer.alloc(0);
    case "bool":
      return false;
    default:
      return 0;
  }
}

class Reader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  /** A varint as a number when it fits in 2^53, else as a bigint (raw 64-bit unsigned). */
  varint(): number | bigint {
    let result = 0;
    let multiplier = 1;
    const start = this.pos;
    for (let shift = 0; shift < 49; shift += 7) {
      const byte = this.byte();
      result += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return result;
      multiplier *= 128;
    }
    // Long varint (large or negative 64-bit value): redo it exactly with bigint.
    this.pos = start;
    let big = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      const byte = this.byte();
      big |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, big);
    }
    throw new ProtobufDecodeError("Malformed varint");
  }

  byte(): number {
    if (this.pos >= this.end) throw new ProtobufDecodeError("Truncated message");
    return this.buf[this.pos++] as number;
  }

  lengthDelimited(): [number, number] {
    const length = Number(this.varint());
    const start = this.pos;
    if (start + length > this.end) throw new ProtobufDecodeError("Truncated length-delimited field");
    this.pos += length;
    return [start, start + length];
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_FIXED64:
        this.advance(8);
        return;
      case WIRE_LENGTH:
        this.lengthDelimited();
        return;
      case WIRE_FIXED32:
        this.advance(4);
        return;
      default:
        throw new ProtobufDecodeError(`Unsupported wire type ${wireType}`);
    }
  }

  advance(count: number): void {
    if (this.pos + count > this.end) throw new ProtobufDecodeError("Truncated fixed-width field");
    this.pos += count;
  }
}

/** Decodes one message. Unknown fields (newer protocol versions) are skipped. */
export function decodeMessage(descriptor: MessageDescriptor, data: Uint8Array): ProtoObject {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return readMessage(new Reader(buf), descriptor);
}

function readMessage(reader: Reader, descriptor: MessageDescriptor): ProtoObject {
  const out: ProtoObject = {};
  for (const field of descriptor.fields) {
    if (field.oneof !== undefined) continue;
    if (field.rule === "repeated") out[field.name] = [];
    else if (field.rule === "map") out[field.name] = {};
    else {
      const kind = kindOf(field);
      if (kind.kind === "scalar") out[field.name] = scalarDefault(kind.scalar);
      else if (kind.kind === "enum") out[field.name] = 0;
    }
  }
  while (reader.pos < reader.end) {
    const tag = Number(reader.varint());
    const id = Math.floor(tag / 8);
    const wireType = tag & 7;
    const field = descriptor.fieldsById.get(id);
    if (!field) {
      reader.skip(wireType);
      continue;
    }
    const kind = kindOf(field);
    if (field.rule === "map") {
      const [start, end] = reader.lengthDelimited();
      const [key, value] = readMapEntry(new Reader(reader.buf, start, end), field, kind);
      (out[field.name] as Record<string, unknown>)[String(key)] = value;
    } else if (field.rule === "repeated") {
      const list = out[field.name] as unknown[];
      if (wireType === WIRE_LENGTH && kind.kind !== "message" && !(kind.kind === "scalar" && isLengthScalar(kind.scalar))) {
        // Packed repeated numeric field.
        const [start, end] = reader.lengthDelimited();
        const packed = new Reader(reader.buf, start, end);
        while (packed.pos < packed.end) list.push(readValue(packed, kind, packedWireType(kind)));
      } else {
        list.push(readValue(reader, kind, wireType));
      }
    } else {
      if (field.oneof !== undefined) {
        for (const other of descriptor.fields) {
          if (other.oneof === field.oneof && other !== field) delete out[other.name];
        }
      }
      out[field.name] = readValue(reader, kind, wireType);
    }
  }
  return out;
}

function isLengthScalar(scalar: ScalarType): boolean {
  return scalar === "string" || scalar === "bytes";
}

function packedWireType(kind: FieldKind): number {
  if (kind.kind === "scalar" && kind.scalar === "double") return WIRE_FIXED64;
  if (kind.kind === "scalar" && kind.scalar === "float") return WIRE_FIXED32;
  return WIRE_VARINT;
}

function readMapEntry(reader: Reader, field: FieldDescriptor, valueKind: FieldKind): [unknown, unknown] {
  const keyKind: FieldKind = { kind: "scalar", scalar: field.keyType ?? "string" };
  let key: unknown = scalarDefault(field.keyType ?? "string");
  let value: unknown =
    valueKind.kind === "message" ? readMessage(new Reader(Buffer.alloc(0)), valueKind.descriptor) : defaultFor(valueKind);
  while (reader.pos < reader.end) {
    const tag = Number(reader.varint());
    const wireType = tag & 7;
    if (tag >> 3 === 1) key = readValue(reader, keyKind, wireType);
    else if (tag >> 3 === 2) value = readValue(reader, valueKind, wireType);
    else reader.skip(wireType);
  }
  return [key, value];
}

function readValue(reader: Reader, kind: FieldKind, wireType: number): unknown {
  if (kind.kind === "message") {
    if (wireType !== WIRE_LENGTH) throw new ProtobufDecodeError(`Wire type ${wireType} for message ${kind.descriptor.fullName}`);
    const [start, end] = reader.lengthDelimited();
    return readMessage(new Reader(reader.buf, start, end), kind.descriptor);
  }
  if (kind.kind === "enum") return toInteger(reader.varint(), "int32");
  switch (kind.scalar) {
    case "string": {
      const [start, end] = reader.lengthDelimited();
      return reader.buf.toString("utf8", start, end);
    }
    case "bytes": {
      const [start, end] = reader.lengthDelimited();
      return Buffer.from(reader.buf.subarray(start, end));
    }
    case "bool":
      return reader.varint() !== 0;
    case "double": {
      const at = reader.pos;
      reader.advance(8);
      return reader.buf.readDoubleLE(at);
    }
    case "float": {
      const at = reader.pos;
      reader.advance(4);
      return reader.buf.readFloatLE(at);
    }
    default:
      return toInteger(reader.varint(), kind.scalar);
  }
}

function toInteger(raw: number | bigint, scalar: ScalarType): number | bigint {
  if (typeof raw === "number") {
    // Small varints are non-negative; int32 negatives always arrive as 10-byte varints (bigint path).
    return scalar === "int32" ? raw | 0 : raw;
  }
  let value: bigint;
  switch (scalar) {
    case "int32":
      return Number(BigInt.asIntN(32, raw));
    case "uint32":
      return Number(BigInt.asUintN(32, raw));
    case "int64":
      value = BigInt.asIntN(64, raw);
      break;
    default:
      value = BigInt.asUintN(64, raw);
  }
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
