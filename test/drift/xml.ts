/**
 * A small, strict XML 1.0 well-formedness checker for the JUnit report (the repository has no XML parser): one
 * root element, properly nested and closed tags, quoted and unique attributes, only the five predefined entities
 * or character references, no `<` or bare `&` in text. Returns the element tree so tests can count failures.
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;

function decode(text: string, where: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "<") throw new Error(`'<' in ${where}`);
    if (c === "&") {
      const m = ENTITY.exec(text.slice(i));
      if (!m) throw new Error(`bare '&' in ${where}: ${text.slice(i, i + 12)}`);
      const e = m[1]!;
      out +=
        e === "amp"
          ? "&"
          : e === "lt"
            ? "<"
            : e === "gt"
              ? ">"
              : e === "quot"
                ? '"'
                : e === "apos"
                  ? "'"
                  : String.fromCodePoint(e.startsWith("#x") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      i += m[0].length - 1;
      continue;
    }
    out += c;
  }
  return out;
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  if (xml.startsWith("<?xml")) {
    const end = xml.indexOf("?>");
    if (end < 0) throw new Error("unterminated XML declaration");
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < xml.length) {
    const lt = xml.indexOf("<", i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0) {
      if (text.trim() !== "") throw new Error(`text outside the root element: ${text.slice(0, 20)}`);
    } else {
      stack.at(-1)!.text += decode(text, `text of <${stack.at(-1)!.name}>`);
    }
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith("</", i)) {
      const m = NAME.exec(xml.slice(i + 2));
      const close = xml.indexOf(">", i);
      if (!m || close < 0 || xml.slice(i + 2 + m[0].length, close).trim() !== "") throw new Error(`bad closing tag at ${i}`);
      const open = stack.pop();
      if (!open || open.name !== m[0]) throw new Error(`</${m[0]}> closes <${open?.name ?? "nothing"}>`);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(xml.slice(i + 1));
    if (!m) throw new Error(`bad tag at ${i}: ${xml.slice(i, i + 20)}`);
    if (root && stack.length === 0) throw new Error("a second root element");
    const element: XmlElement = { name: m[0], attributes: {}, children: [], text: "" };
    i += 1 + m[0].length;
    for (;;) {
      const rest = xml.slice(i);
      const space = /^\s*/.exec(rest)![0];
      i += space.length;
      if (xml.startsWith("/>", i) || xml.startsWith(">", i)) break;
      if (space.length === 0) throw new Error(`attributes of <${element.name}> need white space between them`);
      const a = /^([A-Za-z_:][A-Za-z0-9_.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(xml.slice(i));
      if (!a) throw new Error(`bad attribute in <${element.name}>: ${xml.slice(i, i + 30)}`);
      if (a[1]! in element.attributes) throw new Error(`duplicate attribute ${a[1]} in <${element.name}>`);
      element.attributes[a[1]!] = decode(a[3] ?? a[4] ?? "", `attribute ${a[1]}`);
      i += a[0].length;
    }
    (stack.at(-1)?.children ?? []).push(element);
    root ??= element;
    if (xml.startsWith("/>", i)) {
      i += 2;
    } else {
      i += 1;
      stack.push(element);
    }
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (!root) throw new Error("no root element");
  return root;
}

/** Every element named `name` under `element`, depth first. */
export function findAll(element: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of element.children) {
    if (child.name === name) out.push(child);
    out.push(...findAll(child, name));
  }
  return out;
}
