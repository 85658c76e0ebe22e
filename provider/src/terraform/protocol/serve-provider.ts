/**
 * The one call a provider entry file makes: `serveProvider(implementation)`. Import `./stdout-guard` first in that
 * file, before the implementation, so nothing the implementation prints while loading reaches stdout.
 */
import { providerLogger } from "./log";
import { type ProviderDispatcher, type ProviderImplementation } from "./rpc";
import { type PluginServer, type ServeOptions, servePlugin } from "./serve";
import { PROVIDER_SERVICE_NAME } from "./service-names";

export type ServeProviderOptions = Omit<ServeOptions, "services" | "onShutdown">;

/** Serves `implementation` as a terraform provider process: handshake, mTLS, RPCs, shutdown. */
export function serveProvider(implementation: ProviderImplementation, options: ServeProviderOptions = {}): Promise<PluginServer> {
  let dispatcher: ProviderDispatcher | undefined;
  return servePlugin({
    ...options,
    // The dispatcher and the tfplugin6 code it needs load after the handshake line is out (ServeOptions.services).
    services: () => {
      const rpc = require("./rpc") as typeof import("./rpc");
      const { serviceDefinition } = require("./grpc-services") as typeof import("./grpc-services");
      dispatcher = new rpc.ProviderDispatcher(implementation, options.log ?? providerLogger());
      return [{ definition: serviceDefinition(PROVIDER_SERVICE_NAME), implementation: dispatcher.handlers() }];
    },
    onShutdown: (reason) => dispatcher?.close(reason),
  });
}
