/**
 * JSON.parse, except that integers beyond 2^53 come back as bigint instead of being rounded. Terraform state
 * (`RawState.json` in UpgradeResourceState) stores numbers as JSON numbers of any size, and a rounded number would
 * show up as drift on the next plan.
 */

export class JsonSyntaxError extends SyntaxError {
  override readonly name = "JsonSyntaxError";
}

export function parseJsonLossless(text: string): unknown {
  const parser = new Parser(text);
  const value = parser.value();
  parser.whitespace();
  if (parser.pos !== text.length) parser.fail("unexpected trailing characters");
  return value;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

class Parser {
  pos = 0;

  constructor(private readonly text: string) {}

  fail(message: string): never {
    throw new JsonSyntaxError(`Invalid JSON at offset ${this.pos}: ${message}`);
  }

  whitespace(): void {
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }

  value(): unknown {
    this.whitespace();
    const c = this.text[this.pos];
    switch (c) {
      case "{":
        return this.object();
      case "[":
        return this.array();
      case '"':
        return this.string();
      case "t":
        return this.literal("true", true);
      case "f":
        return this.literal("false", false);
      case "n":
        return this.literal("null", null);
      default:
        return this.number();
    }
  }

  private literal<T>(word: string, value: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`expected ${word}`);
    this.pos += word.length;
    return value;
  }

  private number(): number | bigint {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail("expected a value");
    this.pos = NUMBER.lastIndex;
    const token = match[0];
    const number = Number(token);
    if (!Number.isSafeInteger(number) && /^-?\d+$/.test(token)) return BigInt(token);
    return number;
  }

  private string(): string {
    const start = this.pos;
    STRING_BODY.lastIndex = this.pos + 1;
    if (!STRING_BODY.exec(this.text)) this.fail("malformed string");
    this.pos = STRING_BODY.lastIndex;
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private array(): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    this.whitespace();
    if (this.text[this.pos] === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.whitespace();
      const c = this.text[this.pos++];
      if (c === "]") return out;
      if (c !== ",") this.fail("expected , or ]");
    }
  }

  private object(): Record<string, unknown> {
    this.pos++;
    const out: Record<string, unknown> = {};
    this.whitespace();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.whitespace();
      if (this.text[this.pos] !== '"') this.fail("expected a property name");
      const key = this.string();
      this.whitespace();
      if (this.text[this.pos++] !== ":") this.fail("expected :");
      // defineProperty keeps a "__proto__" key as data instead of changing the prototype.
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      this.whitespace();
      const c = this.text[this.pos++];
      if (c === "}") return out;
      if (c !== ",") this.fail("expected , or }");
    }
  }
}
