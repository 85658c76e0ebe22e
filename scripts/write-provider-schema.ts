// Writes provider/schema.json: the `terraform providers schema -json` document of this provider (npm run schema).
import { writeFileSync } from "node:fs";
import { providerSchemaDocument, SCHEMA_DOCUMENT_PATH, serialiseSchemaDocument } from "../provider/src/terraform/schema-document";

writeFileSync(SCHEMA_DOCUMENT_PATH, serialiseSchemaDocument(providerSchemaDocument()));
console.log(`wrote ${SCHEMA_DOCUMENT_PATH}`);
