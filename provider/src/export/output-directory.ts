import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { ExportError } from "./errors";

/**
 * Where an export goes: a directory that does not exist yet, or an empty one. An export never overwrites or mixes
 * with anything; it is checked before the portal is read (so no requests are spent on a run that cannot finish)
 * and again when writing.
 */
export function checkOutputDirectory(option: string, dir: string): void {
  const shown = `${option} ${dir}`;
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new ExportError(`${shown}: is a file, not a directory; give a new or empty directory`);
    const entries = readdirSync(dir);
    if (entries.length > 0) {
      throw new ExportError(
        `${shown}: is not empty (${entries.length} entr${entries.length === 1 ? "y" : "ies"}); export never overwrites, so give a new or empty directory`,
      );
    }
    if (!writable(dir)) throw new ExportError(`${shown}: cannot be written to (permission denied)`);
    return;
  }
  let parent = dirname(resolve(dir));
  while (!existsSync(parent)) parent = dirname(parent);
  if (!statSync(parent).isDirectory()) throw new ExportError(`${shown}: ${parent} is a file, so the directory cannot be created`);
  if (!writable(parent)) throw new ExportError(`${shown}: cannot be created, ${parent} is not writable (permission denied)`);
}

const writable = (dir: string): boolean => {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Writes every file, or none: on a failure what was written (and a directory made here) is removed again. */
export function writeOutputDirectory(option: string, dir: string, files: Readonly<Record<string, string>>): void {
  checkOutputDirectory(option, dir);
  const created = !existsSync(dir);
  const written: string[] = [];
  try {
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(files)) {
      const path = join(dir, name);
      writeFileSync(path, text, { flag: "wx" });
      written.push(path);
    }
  } catch (error) {
    for (const path of written) rmSync(path, { force: true });
    if (created) rmSync(dir, { recursive: true, force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new ExportError(`${option} ${dir}: writing failed (${code ?? (error as Error).message}); nothing was left behind`);
  }
}
