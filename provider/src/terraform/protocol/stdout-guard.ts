/**
 * Keeps stdout clean for go-plugin's handshake: the first line a plugin writes to stdout must be the handshake,
 * and anything before it ("Unrecognized remote plugin message") kills terraform's start of the provider.
 *
 * Importing this module sends every later stdout write (console.log, console.info, a dependency's banner) to stderr,
 * where terraform logs it. Make it the FIRST import of the provider entry file: ES imports run in order, so a
 * module imported before it could still print to stdout while loading. `serve.ts` imports it too, as a backstop.
 */

const ORIGINAL_WRITE = Symbol.for("voicegateway.stdout-guard.original-write");

type Write = typeof process.stdout.write;
type GuardedGlobal = typeof globalThis & { [ORIGINAL_WRITE]?: Write };

export function installStdoutGuard(): void {
  const global = globalThis as GuardedGlobal;
  if (global[ORIGINAL_WRITE]) return;
  const stdout = process.stdout;
  global[ORIGINAL_WRITE] = stdout.write.bind(stdout) as Write;
  stdout.write = ((...args: Parameters<Write>) => (process.stderr.write as (...a: unknown[]) => boolean)(...args)) as Write;
}

/** Writes one line to the real stdout, past the guard. Only the handshake should ever use it. */
export function writeToRealStdout(line: string): void {
  installStdoutGuard();
  const write = (globalThis as GuardedGlobal)[ORIGINAL_WRITE] as Write;
  write(line.endsWith("\n") ? line : `${line}\n`);
}

installStdoutGuard();
