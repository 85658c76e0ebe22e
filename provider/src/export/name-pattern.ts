import { accountNameKey } from "../core/resources/account-names";
import { ExportError } from "./errors";

/**
 * `--name PATTERN`: a glob (`*` any run of characters, `?` one character) matched against the whole name ignoring
 * letter case, as account names compare; or `/regex/flags`, used as written.
 */
export type NameMatcher = (name: string) => boolean;

const REGEX_PATTERN = /^\/(.+)\/([a-z]*)$/s;

export function compileNamePattern(option: string, pattern: string): NameMatcher {
  if (pattern.trim() === "")
    throw new ExportError(
      `${option} ${JSON.stringify(pattern)}: an empty pattern matches nothing; give a name, a glob such as "acme-*", or /regex/`,
    );
  const regex = REGEX_PATTERN.exec(pattern);
  if (regex) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex[1]!, regex[2]);
    } catch (error) {
      throw new ExportError(`${option} ${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message})`);
    }
    return (name) => {
      compiled.lastIndex = 0;
      return compiled.test(name);
    };
  }
  const glob = new RegExp(
    `^${[...accountNameKey(pattern)].map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("")}$`,
    "su",
  );
  return (name) => glob.test(accountNameKey(name));
}
