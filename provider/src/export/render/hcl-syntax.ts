import { oneLine } from "./one-line";

/**
 * Just enough HCL to write configuration that `terraform fmt` leaves as it is: quoted strings with Terraform's
 * template escapes, and bodies whose consecutive one-line attributes align their `=` (hclwrite's rule: a line that
 * opens a multi-line value, a blank line or a comment ends the run).
 */

/** An expression written as is: `var.x`, `voicegateway_account.acme.id`. */
export class HclExpression {
  constructor(readonly text: string) {}
}

export interface HclAttribute {
  /** An identifier, or a quoted key (map keys are the user's own and always quoted). */
  readonly key: string;
  readonly value: HclValue;
}

/** An object or map value; empty ones are written `{}`. */
export interface HclObject {
  readonly attributes: readonly HclAttribute[];
}

export type HclValue = string | number | boolean | HclExpression | HclObject;

/** A nested block such as `required_providers { ... }`. */
export interface HclNestedBlock {
  readonly block: string;
  readonly items: readonly HclBodyItem[];
}

export type HclBodyItem = HclAttribute | HclNestedBlock | { readonly comment: string } | { readonly blank: true };

const isObject = (value: HclValue): value is HclObject => typeof value === "object" && !(value instanceof HclExpression);

/** A quoted HCL string: `${` and `%{` escaped so nothing in a value is ever evaluated. */
export function hclString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === "\\") out += "\\\\";
    else if (char === "\n") out += "\\n";
    else if (char === "\r") out += "\\r";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += char;
  }
  return `${out.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{")}"`;
}

/** A map key: always quoted, so any tag name is valid. */
export const hclKey = (key: string): string => hclString(key);

/** A comment's text on one line (control characters and line breaks shown escaped). */
export function hclComment(text: string): string {
  return `# ${oneLine(text)}`;
}

function scalar(value: Exclude<HclValue, HclObject>): string {
  if (value instanceof HclExpression) return value.text;
  if (typeof value === "string") return hclString(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("HCL numbers must be finite");
    return String(value);
  }
  return value ? "true" : "false";
}

const width = (text: string): number => [...text].length;

/** The lines of a body at `indent` levels (two spaces each). */
export function hclBody(items: readonly HclBodyItem[], indent: number): string[] {
  const pad = "  ".repeat(indent);
  const lines: string[] = [];
  let run: { key: string; value: string }[] = [];
  const flush = () => {
    const column = Math.max(0, ...run.map((a) => width(a.key)));
    for (const a of run) lines.push(`${pad}${a.key}${" ".repeat(column - width(a.key))} = ${a.value}`);
    run = [];
  };
  for (const item of items) {
    if ("blank" in item) {
      flush();
      lines.push("");
    } else if ("comment" in item) {
      flush();
      lines.push(`${pad}${hclComment(item.comment)}`);
    } else if ("block" in item) {
      flush();
      lines.push(`${pad}${item.block} {`, ...hclBody(item.items, indent + 1), `${pad}}`);
    } else if (isObject(item.value) && item.value.attributes.length > 0) {
      flush();
      lines.push(`${pad}${item.key} = {`, ...hclBody(item.value.attributes, indent + 1), `${pad}}`);
    } else {
      run.push({ key: item.key, value: isObject(item.value) ? "{}" : scalar(item.value) });
    }
  }
  flush();
  return lines;
}

/** A block such as `resource "type" "name" { ... }` or `import { ... }`. */
export function hclBlock(header: string, items: readonly HclBodyItem[]): string {
  return [`${header} {`, ...hclBody(items, 1), "}"].join("\n");
}
