import { createHash } from "node:crypto";

/** A file inside a provider package, by its name in the zip. */
export interface PackagedFile {
  readonly name: string;
  readonly data: Buffer;
}

const sha256 = (data: Buffer | string): Buffer => createHash("sha256").update(data).digest();

/**
 * Terraform's `h1:` hash of a provider package: Go's `dirhash.Hash1` over the files it unpacks (names sorted, one
 * `<sha256 hex>  <name>\n` line each, hashed again). It is the same whether terraform reads the zip or the
 * unpacked directory, so lock files and network mirrors can use it for every platform.
 */
export function h1Hash(files: readonly PackagedFile[]): string {
  const lines = [...files]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((file) => `${sha256(file.data).toString("hex")}  ${file.name}\n`)
    .join("");
  return `h1:${sha256(lines).toString("base64")}`;
}

/** Terraform's `zh:` hash: the SHA-256 of the zip itself, as listed in the release's SHA256SUMS. */
export function zhHash(zip: Buffer): string {
  return `zh:${sha256(zip).toString("hex")}`;
}
