#!/usr/bin/env node
// The guard goes first: nothing may reach stdout before go-plugin's handshake line.
import "../terraform/protocol/stdout-guard";
import { serveProvider } from "../terraform/protocol/serve-provider";

// Terraform starts the provider about four times per apply, and waits for the handshake each time. The resource
// layer (zod models, undici) is required after the handshake line is out, while terraform dials, not before it.
void serveProvider(() => {
  const { VoiceGatewayProvider } = require("../terraform/provider-service") as typeof import("../terraform/provider-service");
  const { resources } = require("../core/resources/catalog") as typeof import("../core/resources/catalog");
  const { dataSources } = require("../core/data-sources/catalog") as typeof import("../core/data-sources/catalog");
  const { actions } = require("../core/actions/catalog") as typeof import("../core/actions/catalog");
  return new VoiceGatewayProvider(resources, dataSources, process.env, actions);
});
