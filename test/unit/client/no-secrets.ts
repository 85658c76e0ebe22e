import { inspect } from "node:util";

/**
 * Asserts that no secret appears anywhere an error can be shown: message, stack, toString(), util.inspect (hidden
 * properties and causes included) and JSON.stringify.
 */
export function expectNoSecrets(error: unknown, secrets: readonly string[]): void {
  const err = error as Error;
  const views: Record<string, string> = {
    message: err.message,
    stack: err.stack ?? "",
    toString: String(err),
    inspect: inspect(err, { depth: 10 }),
    inspectHidden: inspect(err, { depth: 10, showHidden: true }),
    json: JSON.stringify(err),
  };
  for (const secret of secrets) {
    for (const [view, text] of Object.entries(views)) {
      if (text.includes(secret)) throw new Error(`secret found in the error's ${view}:\n${text}`);
    }
  }
}
