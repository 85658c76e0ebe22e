import { ExportError } from "./errors";

/**
 * The last check before anything is written: no secret the run has seen (hook passwords and webhook secrets, read
 * in clear from the portal; the API key) appears in any file. The writers never copy a secret, so this only fires
 * on a bug, and then nothing is written. A secret that is also an exported plain value (a password equal to its
 * user name) cannot be told apart from that value and is let through; short ones would match ordinary words.
 */
const MIN_LENGTH = 8;

export function assertNoSecrets(files: Readonly<Record<string, string>>, secrets: Iterable<string>, plainValues: readonly string[]): void {
  for (const secret of new Set(secrets)) {
    if (secret.length < MIN_LENGTH || plainValues.some((value) => value.includes(secret))) continue;
    const forms = new Set([secret, JSON.stringify(secret).slice(1, -1)]);
    for (const [name, text] of Object.entries(files)) {
      if ([...forms].some((form) => text.includes(form))) {
        throw new ExportError(
          `a secret read from the portal would have been written to ${name}; nothing was written. This is a bug: please report it`,
        );
      }
    }
  }
}
