import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Registry-style docs (the layout tfplugindocs writes) rendered from the `providers schema -json` document and the
 * examples in `examples/terraform`: descriptions are written once, in the models, and flow here.
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
interface SchemaDocument {
  provider_schemas: Record<string, { provider: JsonSchema; resource_schemas?: Record<string, JsonSchema>; data_source_schemas?: Record<string, JsonSchema> }>;
}

const typeName = (attribute: JsonAttribute): string => {
  if (attribute.nested_type) return "Attributes";
  const t = attribute.type;
  if (Array.isArray(t)) return `${String(t[0]).replace(/^./, (c) => c.toUpperCase())} of ${String(t[1]).replace(/^./, (c) => c.toUpperCase())}`;
  return String(t).replace(/^./, (c) => c.toUpperCase());
};

const flags = (attribute: JsonAttribute): string =>
  [typeName(attribute), attribute.sensitive ? "Sensitive" : "", attribute.write_only ? "[Write-only](https://developer.hashicorp.com/terraform/language/resources/ephemeral#write-only-arguments)" : ""]
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
  const out = [section("Required", required, anchorBase), section("Optional", optional, anchorBase), section("Read-Only", readOnly, anchorBase)]
    .filter(Boolean)
    .join("\n");
  const nested = entries
    .filter(([, a]) => a.nested_type?.attributes)
    .map(([name, a]) => `<a id="nestedatt--${anchorBase}${name}"></a>\n### Nested Schema for \`${anchorBase.replace(/--/g, ".")}${name}\`\n\n${schemaMarkdown(a.nested_type!.attributes!, `${anchorBase}${name}--`)}`);
  return [out, ...nested].join("\n");
}

const fence = (language: string, path: string): string | undefined =>
  existsSync(path) ? `\`\`\`${language}\n${readFileSync(path, "utf8").trimEnd()}\n\`\`\`\n` : undefined;

function page(kind: "Resource" | "Data Source", type: string, schema: JsonSchema, examples: string, providerName: string): string {
  const folder = kind === "Resource" ? "resources" : "data-sources";
  const example = fence("terraform", join(examples, folder, type, kind === "Resource" ? "resource.tf" : "data-source.tf"));
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
    ...(example ? ["## Example Usage", "", example] : []),
    "<!-- schema generated from provider/schema.json by npm run docs -->",
    "## Schema",
    "",
    schemaMarkdown(schema.block.attributes ?? {}).trimEnd(),
    "",
    ...(importExample ? ["## Import", "", "Import is supported using the following syntax:", "", importExample] : []),
  ].join("\n");
}

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
    ...(providerExample ? ["## Example Usage", "", providerExample] : []),
    "<!-- schema generated from provider/schema.json by npm run docs -->",
    "## Schema",
    "",
    schemaMarkdown(provider.provider.block.attributes ?? {}).trimEnd(),
    "",
  ].join("\n");
  for (const [type, schema] of Object.entries(provider.resource_schemas ?? {})) {
    files[`resources/${type.replace(/^voicegateway_/, "")}.md`] = page("Resource", type, schema, examples, providerName);
  }
  for (const [type, schema] of Object.entries(provider.data_source_schemas ?? {})) {
    files[`data-sources/${type.replace(/^voicegateway_/, "")}.md`] = page("Data Source", type, schema, examples, providerName);
  }
  return files;
}
