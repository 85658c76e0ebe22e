import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * The portal stores `bucket_credential` AES-256-CBC encrypted as `{"iv","content"}` hex JSON (portal-behaviour.md §3.1). The emulator
 * does the same so that the VARCHAR(8192) limit bites at the same size and anything it did not encrypt (a POSTed
 * credential, portal-behaviour.md §2.3) fails to decrypt and reads back as `{}`.
 */
export interface Vault {
  encrypt(plaintext: string): string;
  /** Returns `'{}'` when the value cannot be decrypted, as the portal does. */
  decrypt(stored: string): string;
}

export function newEncryptionSecret(): string {
  return randomBytes(24).toString("base64");
}

export function createVault(secret: string): Vault {
  const key = createHash("sha256").update(secret).digest("base64").substring(0, 32);
  return {
    encrypt(plaintext) {
      const iv = randomBytes(16);
      const cipher = createCipheriv("aes-256-cbc", key, iv);
      const content = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      return JSON.stringify({ iv: iv.toString("hex"), content: content.toString("hex") });
    },
    decrypt(stored) {
      try {
        const { iv, content } = JSON.parse(stored) as { iv: string; content: string };
        const decipher = createDecipheriv("aes-256-cbc", key, Buffer.from(iv, "hex"));
        return Buffer.concat([decipher.update(Buffer.from(content, "hex")), decipher.final()]).toString();
      } catch {
        return "{}";
      }
    },
  };
}
