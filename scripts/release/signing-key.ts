import { readFileSync } from "node:fs";
import * as openpgp from "openpgp";

/** Where the release finds the key that signs SHA256SUMS: the armored private key itself, or a file holding it. */
export const SIGNING_KEY_ENV = "VOICEGATEWAY_SIGNING_KEY";
export const SIGNING_KEY_FILE_ENV = "VOICEGATEWAY_SIGNING_KEY_FILE";
export const SIGNING_KEY_PASSPHRASE_ENV = "VOICEGATEWAY_SIGNING_KEY_PASSPHRASE";

export interface GeneratedSigningKey {
  readonly privateKeyArmored: string;
  readonly publicKeyArmored: string;
  readonly keyId: string;
}

export interface DetachedSignature {
  /** Binary OpenPGP signature, the form terraform checks. */
  readonly signature: Uint8Array;
  readonly publicKeyArmored: string;
  /** The signing key's long ID in upper-case hex, as the registry protocol's `key_id`. */
  readonly keyId: string;
}

/** An Ed25519 OpenPGP key (openpgp's default) for signing releases, its private half encrypted when given a passphrase. */
export async function generateSigningKey(user: { name: string; email: string }, passphrase?: string): Promise<GeneratedSigningKey> {
  const { privateKey, publicKey } = await openpgp.generateKey({
    userIDs: [user],
    format: "armored",
    ...(passphrase ? { passphrase } : {}),
  });
  const key = await openpgp.readKey({ armoredKey: publicKey });
  return { privateKeyArmored: privateKey, publicKeyArmored: publicKey, keyId: key.getKeyID().toHex().toUpperCase() };
}

/** The armored private key named by the environment, or undefined when none is. Never logs or echoes it. */
export function signingKeyFromEnvironment(env: NodeJS.ProcessEnv = process.env): { armored: string; passphrase?: string } | undefined {
  const passphrase = env[SIGNING_KEY_PASSPHRASE_ENV] || undefined;
  if (env[SIGNING_KEY_ENV]) return { armored: env[SIGNING_KEY_ENV], ...(passphrase ? { passphrase } : {}) };
  const file = env[SIGNING_KEY_FILE_ENV];
  if (file) return { armored: readFileSync(file, "utf8"), ...(passphrase ? { passphrase } : {}) };
  return undefined;
}

/** A detached signature over `data` (SHA256SUMS), made with the given private key. */
export async function signDetached(data: Buffer, key: { armored: string; passphrase?: string }): Promise<DetachedSignature> {
  let privateKey: openpgp.PrivateKey;
  try {
    privateKey = await openpgp.readPrivateKey({ armoredKey: key.armored });
    if (!privateKey.isDecrypted()) {
      if (!key.passphrase) throw new Error(`the key is protected by a passphrase: set ${SIGNING_KEY_PASSPHRASE_ENV}`);
      privateKey = await openpgp.decryptKey({ privateKey, passphrase: key.passphrase });
    }
  } catch (error) {
    // openpgp's messages name the problem, not the key's contents; the key itself is never put in the message.
    throw new Error(`Cannot use the signing key: ${error instanceof Error ? error.message : String(error)}`);
  }
  const message = await openpgp.createMessage({ binary: data });
  const signature = await openpgp.sign({ message, signingKeys: privateKey, detached: true, format: "binary" });
  return {
    signature: signature as Uint8Array,
    publicKeyArmored: privateKey.toPublic().armor(),
    keyId: privateKey.getKeyID().toHex().toUpperCase(),
  };
}
