import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Registry-style docs (the layout tfplugindocs writes) rendered from the `providers schema -json` document and the
 * examples in `examples/terraform`: descriptions are written once, in the models, and flow here. The document's
 * Terraform 1.12-1.14 parts (identities, list resources, actions) add import-by-identity sections and the
 * `list-resources/` and `actions/` pages, each saying which terraform it needs.
 */

interface JsonAttribute {
  type?: unknown;
  nested_type?: { attributes?: Record<string, JsonAttribute>; nesting_mode?: string };
  description?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  write_only?: boolean;
}
interface JsonSchema {
  block: { attributes?: Record<string, JsonAttribute>; description?: string };
}
interface JsonIdentitySchema {
  attributes?: Record<string, { description?: string; required_for_import?: boolean }>;
}
interface SchemaDocument {
  provider_schemas: Record<
    string,
    {
      provider: JsonSchema;
      resource_schemas?: Record<string, JsonSchema>;
      data_source_schemas?: Record<string, JsonSchema>;
      list_resource_schemas?: Record<string, JsonSchema>;
      resource_identity_schemas?: Record<string, JsonIdentitySchema>;
      action_schemas?: Record<string, JsonSchema>;
    }
  >;
}

type Kind = "Resource" | "Data Source" | "List Resource" | "Action";

const KINDS: Record<Kind, { folder: string; example: string; language: string; note?: string }> = {
  Resource: { folder: "resources", example: "resource.tf", language: "terraform" },
  "Data Source": { folder: "data-sources", example: "data-source.tf", language: "terraform" },
  "List Resource": {
    folder: "list-resources",
    example: "list.tfquery.hcl",
    language: "terraform",
    note: "Needs Terraform 1.14 or later (`terraform query`, list blocks in `*.tfquery.hcl` files); OpenTofu has no list resources.",
  },
  Action: {
    folder: "actions",
    example: "action.tf",
    language: "terraform",
    note: "Needs Terraform 1.14 or later; OpenTofu has no actions.",
  },
};

const typeName = (attribute: JsonAttribute): string => {
  if (attribute.nested_type) return "Attributes";
  const t = attribute.type;
  if (Array.isArray(t))
    return `${String(t[0]).replace(/^./, (c) => c.toUpperCase())} of ${String(t[1]).replace(/^./, (c) => c.toUpperCase())}`;
  return String(t).replace(/^./, (c) => c.toUpperCase());
};

const flags = (attribute: JsonAttribute): string =>
  [
    typeName(attribute),
    attribute.sensitive ? "Sensitive" : "",
    attribute.write_only ? "[Write-only](https://developer.hashicorp.com/terraform/language/resources/ephemeral#write-only-arguments)" : "",
  ]
    .filter(Boolean)
    .join(", ");

function section(title: string, entries: [string, JsonAttribute][], anchorBase: string): string {
  if (entries.length === 0) return "";
  const lines = entries.map(([name, attribute]) => {
    const nested = attribute.nested_type ? ` (see [below for nested schema](#nestedatt--${anchorBase}${name}))` : "";
    return `- \`${name}\` (${flags(attribute)}) ${attribute.description ?? ""}${nested}`;
  });
  return `### ${title}\n\n${lines.join("\n")}\n`;
}

function schemaMarkdown(attributes: Record<string, JsonAttribute>, anchorBase = ""): string {
  const entries = Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b));
  const required = entries.filter(([, a]) => a.required);
  const optional = entries.filter(([, a]) => a.optional);
  const readOnly = entries.filter(([, a]) => a.computed && !a.optional && !a.required);
  const out = [
    section("Required", required, anchorBase),
    section("Optional", optional, anchorBase),
    section("Read-Only", readOnly, anchorBase),
  ]
    .filter(Boolean)
    .join("\n");
  const nested = entries
    .filter(([, a]) => a.nested_type?.attributes)
    .map(
      ([name, a]) =>
        `<a id="nestedatt--${anchorBase}${name}"></a>\n### Nested Schema for \`${anchorBase.replace(/--/g, ".")}${name}\`\n\n${schemaMarkdown(a.nested_type!.attributes!, `${anchorBase}${name}--`)}`,
    );
  return [out, ...nested].join("\n");
}

const fence = (language: string, path: string): string | undefined =>
  existsSync(path) ? `\`\`\`${language}\n${readFileSync(path, "utf8").trimEnd()}\n\`\`\`\n` : undefined;

/** `import { identity = {...} }` for a resource with an identity, from its identity schema. */
function identitySection(type: string, identity: JsonIdentitySchema): string[] {
  const attributes = Object.entries(identity.attributes ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const width = Math.max(...attributes.map(([name]) => name.length));
  return [
    "### Import by identity",
    "",
    "Terraform 1.12 and later can import by the resource's identity instead of its ID (an `import` block sets `id` or `identity`, not both):",
    "",
    "```terraform",
    "import {",
    `  to       = ${type}.example`,
    "  identity = {",
    ...attributes.map(([name]) => `    ${name.padEnd(width)} = "<${name}>"`),
    "  }",
    "}",
    "```",
    "",
    ...attributes.map(([name, a]) => `- \`${name}\` (String${a.required_for_import ? ", Required" : ""}) ${a.description ?? ""}`),
    "",
  ];
}

function page(kind: Kind, type: string, schema: JsonSchema, examples: string, providerName: string, identity?: JsonIdentitySchema): string {
  const { folder, example: exampleFile, language, note } = KINDS[kind];
  const example = fence(language, join(examples, folder, type, exampleFile));
  const importExample = kind === "Resource" ? fence("shell", join(examples, folder, type, "import.sh")) : undefined;
  const description = schema.block.description ?? "";
  return [
    "---",
    `page_title: "${type} ${kind} - ${providerName}"`,
    'subcategory: ""',
    "description: |-",
    `  ${description}`,
    "---",
    "",
    `# ${type} (${kind})`,
    "",
    description,
    "",
    ...(note ? [`-> ${note}`, ""] : []),
    ...(example ? ["## Example Usage", "", example] : []),
    note
      ? "<!-- schema generated from the provider's models by npm run docs (not in provider/schema.json, which terraform 1.11 prints) -->"
      : "<!-- schema generated from provider/schema.json by npm run docs -->",
    kind === "List Resource" ? "## Schema of the `config` block" : "## Schema",
    "",
    schemaMarkdown(schema.block.attributes ?? {}).trimEnd(),
    "",
    ...(importExample || identity ? ["## Import", ""] : []),
    ...(importExample ? ["Import is supported using the following syntax:", "", importExample] : []),
    ...(identity ? identitySection(type, identity) : []),
  ].join("\n");
}

/** The folders under `docs/` that rendering owns, one per kind. */
export const DOC_FOLDERS: readonly string[] = Object.values(KINDS).map((k) => k.folder);

/** Every docs file, by path relative to `docs/`. */
export function renderDocs(document: SchemaDocument, examples: string): Record<string, string> {
  const [address, provider] = Object.entries(document.provider_schemas)[0]!;
  const providerName = address.split("/").at(-1)!;
  const files: Record<string, string> = {};
  const providerExample = fence("terraform", join(examples, "provider", "provider.tf"));
  files["index.md"] = [
    "---",
    `page_title: "${providerName} Provider"`,
    "description: |-",
    "  Manage Voice Gateway (jambonz) portal accounts: API keys, call recording, limits and the TTS cache.",
    "---",
    "",
    `# ${providerName} Provider`,
    "",
    "Declares the Accounts of a Cognigy Voice Gateway (jambonz) self-service portal: accounts, account API keys, call recording to a bucket, session/minute limits and the TTS prompt cache. The provider runs on Node.js 20 or later.",
    "",
    "A portal whose TLS certificate comes from a private CA is trusted once `NODE_EXTRA_CA_CERTS` names that CA's PEM file in the environment terraform runs in, as for any Node.js program.",
    "",
    ...(providerExample ? ["## Example Usage", "", providerExample] : []),
    "<!-- schema generated from provider/schema.json by npm run docs -->",
    "## Schema",
    "",
    schemaMarkdown(provider.provider.block.attributes ?? {}).trimEnd(),
    "",
  ].join("\n");
  const add = (kind: Kind, schemas: Record<string, JsonSchema> | undefined) => {
    for (const [type, schema] of Object.entries(schemas ?? {})) {
      const identity = kind === "Resource" ? provider.resource_identity_schemas?.[type] : undefined;
      files[`${KINDS[kind].folder}/${type.replace(/^voicegateway_/, "")}.md`] = page(kind, type, schema, examples, providerName, identity);
    }
  };
  add("Resource", provider.resource_schemas);
  add("Data Source", provider.data_source_schemas);
  add("List Resource", provider.list_resource_schemas);
  add("Action", provider.action_schemas);
  return files;
}
