// Writes docs/ (registry layout) from the provider's schema document and examples/terraform: npm run docs. The
// document is built from the models, with the Terraform 1.12-1.14 kinds that provider/schema.json (what terraform
// 1.11 prints) leaves out.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DOC_FOLDERS, renderDocs } from "../provider/src/terraform/docs/render-docs";
import { providerSchemaDocument } from "../provider/src/terraform/schema-document";

const files = renderDocs(providerSchemaDocument({ newerKinds: true }) as never, "examples/terraform");
for (const folder of DOC_FOLDERS) rmSync(join("docs", folder), { recursive: true, force: true });
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join("docs", path)), { recursive: true });
  writeFileSync(join("docs", path), text);
}
console.log(`wrote ${Object.keys(files).length} pages under docs/`);
