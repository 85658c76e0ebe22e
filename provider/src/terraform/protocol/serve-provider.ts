/**
 * The one call a provider entry file makes: `serveProvider(implementation)`. Import `./stdout-guard` first in that
 * file, before the implementation, so nothing the implementation prints while loading reaches stdout.
 */
import { PROVIDER_SERVICE_NAME, serviceDefinition } from "./grpc-services";
import { providerLogger } from "./log";
import { ProviderDispatcher, type ProviderImplementation } from "./rpc";
import { type PluginServer, type ServeOptions, servePlugin } from "./serve";

export type ServeProviderOptions = Omit<ServeOptions, "services" | "onShutdown">;

/** Serves `implementation` as a terraform provider process: handshake, mTLS, RPCs, shutdown. */
export function serveProvider(implementation: ProviderImplementation, options: ServeProviderOptions = {}): Promise<PluginServer> {
  const dispatcher = new ProviderDispatcher(implementation, options.log ?? providerLogger());
  return servePlugin({
    ...options,
    services: [{ definition: serviceDefinition(PROVIDER_SERVICE_NAME), implementation: dispatcher.handlers() }],
    onShutdown: (reason) => dispatcher.close(reason),
  });
}
