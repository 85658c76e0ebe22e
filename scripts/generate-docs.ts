// Writes docs/ (registry layout) from provider/schema.json and examples/terraform: npm run docs.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderDocs } from "../provider/src/terraform/docs/render-docs";

const files = renderDocs(JSON.parse(readFileSync("provider/schema.json", "utf8")), "examples/terraform");
for (const folder of ["resources", "data-sources"]) rmSync(join("docs", folder), { recursive: true, force: true });
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join("docs", path)), { recursive: true });
  writeFileSync(join("docs", path), text);
}
console.log(`wrote ${Object.keys(files).length} pages under docs/`);
