/**
 * The one call a provider entry file makes: `serveProvider(() => implementation)`. Import `./stdout-guard` first in
 * that file, so nothing printed while loading reaches stdout.
 */
import { providerLogger } from "./log";
import { type ProviderDispatcher, type ProviderImplementation } from "./rpc";
import { type PluginServer, type ServeOptions, servePlugin } from "./serve";
import { PROVIDER_SERVICE_NAME } from "./service-names";

export type ServeProviderOptions = Omit<ServeOptions, "services" | "onShutdown">;

/**
 * Serves the implementation `load` returns as a terraform provider process: handshake, mTLS, RPCs, shutdown.
 * `load` runs after the handshake line is out (ServeOptions.services), together with the tfplugin6 code the
 * dispatcher needs, so terraform never waits for either before it can dial.
 */
export function serveProvider(load: () => ProviderImplementation, options: ServeProviderOptions = {}): Promise<PluginServer> {
  let dispatcher: ProviderDispatcher | undefined;
  return servePlugin({
    ...options,
    services: () => {
      const rpc = require("./rpc") as typeof import("./rpc");
      const { serviceDefinition } = require("./grpc-services") as typeof import("./grpc-services");
      dispatcher = new rpc.ProviderDispatcher(load(), options.log ?? providerLogger());
      return [{ definition: serviceDefinition(PROVIDER_SERVICE_NAME), implementation: dispatcher.handlers() }];
    },
    onShutdown: (reason) => dispatcher?.close(reason),
  });
}
