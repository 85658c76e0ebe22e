import { ZipFile } from "yazl";

/** A file to put in a zip, with its Unix mode (executables must stay executable when terraform unpacks them). */
export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly mode: number;
}

/**
 * 1 Jan 2026 00:00 in local time, which is what a DOS timestamp records, and no extended (UTC) timestamp: the same
 * inputs give byte-identical archives, and so the same `zh:` hash, on any machine in any time zone.
 */
const FIXED_MTIME = new Date(2026, 0, 1);

/** A deflated zip (yazl) whose entries keep their Unix permissions: what the registry's provider packages need. */
export function zipArchive(entries: readonly ZipEntry[]): Promise<Buffer> {
  const zip = new ZipFile();
  for (const entry of entries) {
    zip.addBuffer(entry.data, entry.name, { mtime: FIXED_MTIME, forceDosTimestamp: true, mode: 0o100000 | entry.mode, compress: true });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}
