import { inflateRawSync } from "node:zlib";

import { zipArchive } from "../../../provider/src/terraform/install/zip-archive";

/** The entries of a zip as its central directory lists them (no zip64, which these small archives never need). */
function centralDirectory(zip: Buffer): { name: string; mode: number; dosDate: number; dosTime: number; data: Buffer }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const compressedSize = zip.readUInt32LE(at + 20);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    entries.push({
      name: zip.subarray(at + 46, at + 46 + nameLength).toString("utf8"),
      mode: zip.readUInt32LE(at + 38) >>> 16,
      dosTime: zip.readUInt16LE(at + 12),
      dosDate: zip.readUInt16LE(at + 14),
      data: inflateRawSync(zip.subarray(dataStart, dataStart + compressedSize)),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

describe("zip archive of a provider package", () => {
  const entries = [
    { name: "terraform-provider-voicegateway_v0.1.0", data: Buffer.from("#!/bin/sh\nexec node bundle.js\n"), mode: 0o755 },
    { name: "bundle.js", data: Buffer.from("console.log('provider');\n".repeat(100)), mode: 0o644 },
  ];

  it("is byte-identical for the same files, so its zh: hash is reproducible", async () => {
    expect((await zipArchive(entries)).equals(await zipArchive(entries))).toBe(true);
  });

  it("keeps each file's contents and Unix mode, under a fixed timestamp", async () => {
    const listed = centralDirectory(await zipArchive(entries));
    expect(listed.map((e) => [e.name, e.mode, e.data.toString()])).toEqual(
      entries.map((e) => [e.name, 0o100000 | e.mode, e.data.toString()]),
    );
    // 2026-01-01 00:00 in DOS format, whatever the time zone and the clock say.
    expect(listed.map((e) => [e.dosDate, e.dosTime])).toEqual(entries.map(() => [((2026 - 1980) << 9) | (1 << 5) | 1, 0]));
  });
});
