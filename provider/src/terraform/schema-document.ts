import { dataSources } from "../core/data-sources/catalog";
import { resources } from "../core/resources/catalog";
import { PROVIDER_HOST, PROVIDER_SOURCE } from "./install/provider-address";
import { providerSchema } from "./schema";
import { toProviderSchemaJson } from "./protocol/schema-types";

/**
 * The document `terraform providers schema -json` prints for this provider, built from the same definitions the
 * provider serves. It feeds the CDKTF binding generator and the docs, and is committed as a golden file.
 */
export function providerSchemaDocument(): unknown {
  return toProviderSchemaJson(providerSchema(resources, dataSources), `${PROVIDER_HOST}/${PROVIDER_SOURCE}`);
}

export const SCHEMA_DOCUMENT_PATH = "provider/schema.json";

export const serialiseSchemaDocument = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;
