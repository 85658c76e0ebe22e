#!/usr/bin/env node
// The guard goes first: nothing may reach stdout before go-plugin's handshake line (engines.md §A.1).
import "../terraform/protocol/stdout-guard";
import { dataSources } from "../core/data-sources/catalog";
import { resources } from "../core/resources/catalog";
import { VoiceGatewayProvider } from "../terraform/provider-service";
import { serveProvider } from "../terraform/protocol/serve-provider";

void serveProvider(new VoiceGatewayProvider(resources, dataSources));
