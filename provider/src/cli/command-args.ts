import { type ParseArgsConfig, parseArgs } from "node:util";

// A flag that looks like it carries a key: refused without echoing anything (shell history and `ps` see it).
const SECRET_FLAG = /^--?(api[-_]?key|token|key|api[-_]?token|bearer)(=|$)/i;

type Options = NonNullable<ParseArgsConfig["options"]>;

export type CommandValues<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>
>["values"];

/**
 * A subcommand's options, strictly: unknown flags and positionals are refused with a pointer to its --help, and a
 * flag that would carry a key is refused before anything else, naming only the flag and where the key goes instead.
 */
export function parseCommandArgs<O extends Options>(
  command: string,
  argv: readonly string[],
  options: O,
  usageError: (message: string) => Error,
  keyInstead: string,
): CommandValues<O> {
  const secret = argv.find((a) => SECRET_FLAG.test(a));
  if (secret !== undefined) {
    throw usageError(
      `${secret.split("=")[0]} is not accepted: an API key on the command line ends up in shell history and in \`ps\`. ${keyInstead}`,
    );
  }
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // Node suggests "--" for positionals, which none of our commands take.
    throw usageError(
      `${(error as Error).message.replace(/\. To specify a positional.*$/s, "")}\nRun "voicegateway ${command} --help" for the options.`,
    );
  }
}
