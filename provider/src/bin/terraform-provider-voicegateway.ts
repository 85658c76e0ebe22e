#!/usr/bin/env node
// The guard goes first: nothing may reach stdout before go-plugin's handshake line.
import "../terraform/protocol/stdout-guard";
import { type ProviderImplementation } from "../terraform/protocol/rpc";
import { serveProvider } from "../terraform/protocol/serve-provider";

// Terraform starts the provider about four times per apply, and waits for the handshake each time. The resource
// layer (zod models, undici) is loaded on the first RPC, after the handshake, not before it.
let provider: ProviderImplementation | undefined;
function load(): ProviderImplementation {
  if (!provider) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { VoiceGatewayProvider } = require("../terraform/provider-service") as typeof import("../terraform/provider-service");
    const { resources } = require("../core/resources/catalog") as typeof import("../core/resources/catalog");
    const { dataSources } = require("../core/data-sources/catalog") as typeof import("../core/data-sources/catalog");
    const { actions } = require("../core/actions/catalog") as typeof import("../core/actions/catalog");
    provider = new VoiceGatewayProvider(resources, dataSources, process.env, actions);
  }
  return provider;
}

const lazy = {} as Record<string, unknown>;
for (const rpc of [
  "getProviderSchema",
  "validateProviderConfig",
  "validateResourceConfig",
  "validateDataResourceConfig",
  "upgradeResourceState",
  "configureProvider",
  "readResource",
  "planResourceChange",
  "applyResourceChange",
  "importResourceState",
  "readDataSource",
  // Terraform 1.12+ and 1.14+; a name left out here would be answered UNIMPLEMENTED.
  "getResourceIdentitySchemas",
  "upgradeResourceIdentity",
  "generateResourceConfig",
  "validateListResourceConfig",
  "listResource",
  "validateActionConfig",
  "planAction",
  "invokeAction",
] as const) {
  lazy[rpc] = (request: never, context: never) => (load()[rpc] as (r: never, c: never) => unknown).call(provider, request, context);
}

void serveProvider(lazy as unknown as ProviderImplementation);
