/**
 * A small reader for the proto3 subset our protocol files use (messages, nested types, enums, oneofs, maps,
 * repeated fields, services with server streaming). It turns the text into descriptors that `protobuf-codec.ts`
 * interprets. Parsing a few hundred lines takes well under a millisecond, which is why we keep the protocol as
 * readable .proto text instead of generated code or a protobufjs/proto-loader reflection tree (those cost start-up
 * time in each of the ~4 provider processes Terraform starts per apply).
 */

export type ScalarType = "string" | "bytes" | "bool" | "int32" | "int64" | "uint32" | "uint64" | "double" | "float";

const SCALARS: ReadonlySet<string> = new Set<ScalarType>([
  "string",
  "bytes",
  "bool",
  "int32",
  "int64",
  "uint32",
  "uint64",
  "double",
  "float",
]);

export type FieldKind =
  | { readonly kind: "scalar"; readonly scalar: ScalarType }
  | { readonly kind: "enum"; readonly descriptor: EnumDescriptor }
  | { readonly kind: "message"; readonly descriptor: MessageDescriptor };

export interface FieldDescriptor {
  readonly name: string;
  readonly id: number;
  readonly rule: "singular" | "repeated" | "map";
  /** Name of the oneof this field belongs to; oneof members are written even when they hold a default value. */
  readonly oneof?: string;
  /** Only for maps. */
  readonly keyType?: ScalarType;
  /** The declared type name, resolved into `resolved` once every file is loaded. */
  readonly typeName: string;
  resolved?: FieldKind;
}

export interface MessageDescriptor {
  readonly fullName: string;
  readonly fields: FieldDescriptor[];
  readonly fieldsById: Map<number, FieldDescriptor>;
}

export interface EnumDescriptor {
  readonly fullName: string;
  readonly values: Readonly<Record<string, number>>;
}

export interface MethodDescriptor {
  readonly name: string;
  readonly requestTypeName: string;
  readonly responseTypeName: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  requestType?: MessageDescriptor;
  responseType?: MessageDescriptor;
}

export interface ServiceDescriptor {
  readonly fullName: string;
  readonly methods: MethodDescriptor[];
}

interface PendingRef {
  readonly scope: string;
  readonly apply: (fullName: string) => void;
  readonly typeName: string;
}

export class ProtoSyntaxError extends Error {
  override readonly name = "ProtoSyntaxError";
}

/** Every message, enum and service of the loaded files, by fully qualified name (no leading dot). */
export class ProtoRegistry {
  readonly messages = new Map<string, MessageDescriptor>();
  readonly enums = new Map<string, EnumDescriptor>();
  readonly services = new Map<string, ServiceDescriptor>();
  private pending: PendingRef[] = [];

  /** Adds one .proto file. Call `resolve()` after the last one. */
  add(protoText: string): this {
    new ProtoParser(tokenize(protoText), this).parseFile();
    return this;
  }

  /** Links every type reference; throws on a name that no loaded file declares. */
  resolve(): this {
    for (const ref of this.pending) ref.apply(this.lookup(ref.typeName, ref.scope));
    this.pending = [];
    for (const message of this.messages.values()) {
      for (const field of message.fields) {
        if (field.resolved) continue;
        if (SCALARS.has(field.typeName)) {
          field.resolved = { kind: "scalar", scalar: field.typeName as ScalarType };
        }
      }
    }
    return this;
  }

  message(fullName: string): MessageDescriptor {
    const found = this.messages.get(fullName);
    if (!found) throw new Error(`Unknown protobuf message ${fullName}`);
    return found;
  }

  service(fullName: string): ServiceDescriptor {
    const found = this.services.get(fullName);
    if (!found) throw new Error(`Unknown protobuf service ${fullName}`);
    return found;
  }

  /** @internal used by the parser */
  defer(ref: PendingRef): void {
    this.pending.push(ref);
  }

  private lookup(typeName: string, scope: string): string {
    if (typeName.startsWith(".")) {
      const absolute = typeName.slice(1);
      if (this.has(absolute)) return absolute;
      throw new ProtoSyntaxError(`Unknown type ${typeName}`);
    }
    // Protobuf scoping: try the innermost scope first, then each enclosing one.
    const parts = scope === "" ? [] : scope.split(".");
    for (let i = parts.length; i >= 0; i--) {
      const candidate = [...parts.slice(0, i), typeName].join(".");
      if (this.has(candidate)) return candidate;
    }
    throw new ProtoSyntaxError(`Unknown type ${typeName} (referenced in ${scope})`);
  }

  private has(fullName: string): boolean {
    return this.messages.has(fullName) || this.enums.has(fullName);
  }

  /** @internal */
  resolveFieldKind(fullName: string): FieldKind {
    const message = this.messages.get(fullName);
    if (message) return { kind: "message", descriptor: message };
    const enumType = this.enums.get(fullName);
    if (enumType) return { kind: "enum", descriptor: enumType };
    throw new ProtoSyntaxError(`Unknown type ${fullName}`);
  }
}

type Token = string;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_.][\w.]*|-?\d+|[{}()[\];=<>,]/gy;
  let match: RegExpExecArray | null;
  while (pattern.lastIndex < text.length) {
    const at = pattern.lastIndex;
    match = pattern.exec(text);
    if (!match) throw new ProtoSyntaxError(`Unexpected character at offset ${at}: ${text.slice(at, at + 20)}`);
    const token = match[0];
    if (/^\s/.test(token) || token.startsWith("//") || token.startsWith("/*")) continue;
    tokens.push(token);
  }
  return tokens;
}

class ProtoParser {
  private index = 0;
  private packageName = "";

  constructor(
    private readonly tokens: Token[],
    private readonly registry: ProtoRegistry,
  ) {}

  parseFile(): void {
    while (!this.done()) {
      const token = this.next();
      switch (token) {
        case "syntax":
          this.expect("=");
          if (this.next() !== '"proto3"') throw new ProtoSyntaxError("Only proto3 files are supported");
          this.expect(";");
          break;
        case "package":
          this.packageName = this.next();
          this.expect(";");
          break;
        case "import":
        case "option":
          this.skipStatement();
          break;
        case "message":
          this.parseMessage(this.packageName);
          break;
        case "enum":
          this.parseEnum(this.packageName);
          break;
        case "service":
          this.parseService();
          break;
        case ";":
          break;
        default:
          throw new ProtoSyntaxError(`Unexpected token ${token}`);
      }
    }
  }

  private parseMessage(scope: string): void {
    const fullName = join(scope, this.next());
    const message: MessageDescriptor = { fullName, fields: [], fieldsById: new Map() };
    this.registry.messages.set(fullName, message);
    this.expect("{");
    this.parseMessageBody(message, undefined);
  }

  private parseMessageBody(message: MessageDescriptor, oneof: string | undefined): void {
    for (;;) {
      const token = this.next();
      if (token === "}") return;
      switch (token) {
        case ";":
          break;
        case "message":
          this.parseMessage(message.fullName);
          break;
        case "enum":
          this.parseEnum(message.fullName);
          break;
        case "option":
        case "reserved":
        case "extensions":
          this.skipStatement();
          break;
        case "oneof": {
          const name = this.next();
          this.expect("{");
          this.parseMessageBody(message, name);
          break;
        }
        case "map": {
          this.expect("<");
          const keyType = this.next();
          this.expect(",");
          const valueType = this.next();
          this.expect(">");
          if (!SCALARS.has(keyType)) throw new ProtoSyntaxError(`Unsupported map key type ${keyType}`);
          this.addField(message, "map", valueType, oneof, keyType as ScalarType);
          break;
        }
        case "repeated":
          this.addField(message, "repeated", this.next(), oneof);
          break;
        case "optional":
          throw new ProtoSyntaxError("proto3 optional fields are not supported by this reader");
        default:
          this.addField(message, "singular", token, oneof);
      }
    }
  }

  private addField(
    message: MessageDescriptor,
    rule: FieldDescriptor["rule"],
    typeName: string,
    oneof: string | undefined,
    keyType?: ScalarType,
  ): void {
    const name = this.next();
    this.expect("=");
    const id = Number(this.next());
    if (!Number.isInteger(id) || id <= 0) throw new ProtoSyntaxError(`Bad field number for ${message.fullName}.${name}`);
    if (this.peek() === "[") this.skipUntil("]");
    this.expect(";");
    if (/^(sint|fixed|sfixed)(32|64)$/.test(typeName)) {
      throw new ProtoSyntaxError(`Unsupported scalar type ${typeName} (${message.fullName}.${name})`);
    }
    const field: FieldDescriptor = { name, id, rule, typeName, ...(oneof ? { oneof } : {}), ...(keyType ? { keyType } : {}) };
    if (message.fieldsById.has(id)) throw new ProtoSyntaxError(`Duplicate field number ${id} in ${message.fullName}`);
    message.fields.push(field);
    message.fieldsById.set(id, field);
    if (!SCALARS.has(typeName)) {
      this.registry.defer({
        scope: message.fullName,
        typeName,
        apply: (fullName) => {
          field.resolved = this.registry.resolveFieldKind(fullName);
        },
      });
    }
  }

  private parseEnum(scope: string): void {
    const fullName = join(scope, this.next());
    const values: Record<string, number> = {};
    this.expect("{");
    for (;;) {
      const token = this.next();
      if (token === "}") break;
      if (token === ";") continue;
      if (token === "option" || token === "reserved") {
        this.skipStatement();
        continue;
      }
      this.expect("=");
      values[token] = Number(this.next());
      if (this.peek() === "[") this.skipUntil("]");
      this.expect(";");
    }
    this.registry.enums.set(fullName, { fullName, values });
  }

  private parseService(): void {
    const fullName = join(this.packageName, this.next());
    const service: ServiceDescriptor = { fullName, methods: [] };
    this.registry.services.set(fullName, service);
    this.expect("{");
    for (;;) {
      const token = this.next();
      if (token === "}") break;
      if (token === ";") continue;
      if (token === "option") {
        this.skipStatement();
        continue;
      }
      if (token !== "rpc") throw new ProtoSyntaxError(`Unexpected token ${token} in service ${fullName}`);
      const name = this.next();
      const [requestStream, requestTypeName] = this.parseRpcType();
      this.expect("returns");
      const [responseStream, responseTypeName] = this.parseRpcType();
      if (this.peek() === "{") this.skipUntil("}");
      else this.expect(";");
      const method: MethodDescriptor = { name, requestTypeName, responseTypeName, requestStream, responseStream };
      service.methods.push(method);
      this.registry.defer({
        scope: this.packageName,
        typeName: requestTypeName,
        apply: (resolved) => {
          method.requestType = this.registry.message(resolved);
        },
      });
      this.registry.defer({
        scope: this.packageName,
        typeName: responseTypeName,
        apply: (resolved) => {
          method.responseType = this.registry.message(resolved);
        },
      });
    }
  }

  private parseRpcType(): [boolean, string] {
    this.expect("(");
    let token = this.next();
    let stream = false;
    if (token === "stream") {
      stream = true;
      token = this.next();
    }
    this.expect(")");
    return [stream, token];
  }

  private skipStatement(): void {
    while (this.next() !== ";");
  }

  private skipUntil(closing: string): void {
    while (this.next() !== closing);
  }

  private expect(token: string): void {
    const actual = this.next();
    if (actual !== token) throw new ProtoSyntaxError(`Expected ${token} but found ${actual}`);
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index++];
    if (token === undefined) throw new ProtoSyntaxError("Unexpected end of proto text");
    return token;
  }

  private done(): boolean {
    return this.index >= this.tokens.length;
  }
}

function join(scope: string, name: string): string {
  return scope === "" ? name : `${scope}.${name}`;
}
