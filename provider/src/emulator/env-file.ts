import { renameSync, rmSync, writeFileSync } from "node:fs";

/**
 * The connection variables as a file a shell can wait for and source (`--write-env-file`): written whole under a temporary
 * name and renamed into place, so whoever sees the file sees all of it, and readable by its owner only (it holds
 * the admin key). Removed when the emulator stops, so a stale file never points at a dead emulator.
 */
export function writeEnvFile(path: string, variables: Readonly<Record<string, string>>): () => void {
  const text = Object.entries(variables)
    .map(([name, value]) => `export ${name}=${value}\n`)
    .join("");
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  renameSync(temporary, path);
  return () => rmSync(path, { force: true });
}
