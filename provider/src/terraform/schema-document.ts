import { actions } from "../core/actions/catalog";
import { dataSources } from "../core/data-sources/catalog";
import { resources } from "../core/resources/catalog";
import { PROVIDER_HOST, PROVIDER_SOURCE } from "./install/provider-address";
import { toProviderSchemaJson } from "./protocol/schema-types";
import { providerSchema } from "./schema";

/**
 * The document `terraform providers schema -json` prints for this provider, built from the same definitions the
 * provider serves. As Terraform 1.11 prints it, it feeds the CDKTF binding generator and is committed as a golden
 * file (a test compares it with what the real terraform prints). With `newerKinds` it also holds the identity, list
 * resource and action schemas Terraform 1.12-1.14 print, which the docs are rendered from.
 */
export function providerSchemaDocument(options: { newerKinds?: boolean } = {}): unknown {
  return toProviderSchemaJson(providerSchema(resources, dataSources, actions), `${PROVIDER_HOST}/${PROVIDER_SOURCE}`, options);
}

export const SCHEMA_DOCUMENT_PATH = "provider/schema.json";

export const serialiseSchemaDocument = (document: unknown): string => `${JSON.stringify(document, null, 2)}\n`;
