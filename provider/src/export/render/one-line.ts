/**
 * Portal text (an account name, say) made safe for a one-line comment or a Markdown table cell: control
 * characters and line breaks, U+2028/U+2029 included, shown as `\uXXXX`.
 */
export function oneLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
