// npm run signing-key -- --name "Voice Gateway releases" --email releases@example.com [--out signing-key]
// Makes an OpenPGP key for signing releases (openpgp, Ed25519): <out>/private.asc (mode 600; encrypted when
// VOICEGATEWAY_SIGNING_KEY_PASSPHRASE is set) and <out>/public.asc. Prints the key ID and paths, never the key.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateSigningKey, SIGNING_KEY_FILE_ENV, SIGNING_KEY_PASSPHRASE_ENV } from "./release/signing-key";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { name: { type: "string" }, email: { type: "string" }, out: { type: "string", default: "signing-key" } },
  });
  if (!values.name || !values.email) throw new Error("give --name and --email for the key's user ID");
  const privateFile = join(values.out, "private.asc");
  if (existsSync(privateFile)) throw new Error(`${privateFile} exists; not overwriting a key`);
  const key = await generateSigningKey({ name: values.name, email: values.email }, process.env[SIGNING_KEY_PASSPHRASE_ENV] || undefined);
  mkdirSync(values.out, { recursive: true, mode: 0o700 });
  writeFileSync(privateFile, key.privateKeyArmored, { mode: 0o600 });
  chmodSync(privateFile, 0o600);
  writeFileSync(join(values.out, "public.asc"), key.publicKeyArmored);
  console.log(`key ID ${key.keyId}`);
  console.log(`private key: ${privateFile} (keep it secret; release with ${SIGNING_KEY_FILE_ENV}=${privateFile})`);
  console.log(`public key:  ${join(values.out, "public.asc")} (the release puts it in the registry's download documents)`);
}

void main().catch((error: unknown) => {
  console.error(`signing-key: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
