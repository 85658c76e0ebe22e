/**
 * Just enough TypeScript for the CDKTF output: string literals that Terraform reads back unchanged, and object
 * literals, one property a line.
 */

/** Code written as is: `WebhookMethod.GET`, `secret.stringValue`. */
export class TsCode {
  constructor(readonly text: string) {}
}

export interface TsObject {
  readonly properties: readonly (readonly [key: string, value: TsValue])[];
}

export type TsValue = string | number | boolean | TsCode | TsObject;

/**
 * A string literal whose value reaches Terraform as written: CDKTF passes strings through to Terraform JSON, where
 * `${` and `%{` start templates, so they are escaped (`$${`, `%%{`); U+2028/U+2029 are escaped for older parsers.
 */
export function tsString(value: string): string {
  return JSON.stringify(value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{"))
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * A property name: bare when it is an identifier, quoted otherwise (map keys are the user's own); `__proto__`
 * computed, since as a plain key it would set the prototype instead.
 */
export function tsKey(key: string): string {
  if (key === "__proto__") return `[${JSON.stringify(key)}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

/** A value at `indent` levels (two spaces each); objects span lines, empty ones are `{}`. */
export function tsValue(value: TsValue, indent: number): string {
  if (value instanceof TsCode) return value.text;
  if (typeof value === "string") return tsString(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value.properties.length === 0) return "{}";
  const pad = "  ".repeat(indent + 1);
  const lines = value.properties.map(([key, inner]) => `${pad}${tsKey(key)}: ${tsValue(inner, indent + 1)},`);
  return `{\n${lines.join("\n")}\n${"  ".repeat(indent)}}`;
}

/** `foo_bar_baz` → `fooBarBaz`. */
export const camelCase = (name: string): string => name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
