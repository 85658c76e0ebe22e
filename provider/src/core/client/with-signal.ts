import { type CallOptions, type HttpMethod, type PortalClient, type RequestOptions } from "./client";

/**
 * The same client, with every request also cancelled by `signal`: the signal of one Terraform RPC, which fires on
 * Ctrl-C (StopProvider) and when the provider shuts down because terraform is gone. Handlers then stop between and
 * during requests without passing the signal along themselves. Connections, rate limiter, redactor and statistics
 * stay the client's own; a signal given to a single call still counts as well.
 */
export function withSignal(client: PortalClient, signal: AbortSignal): PortalClient {
  const bound = <O extends { readonly signal?: AbortSignal }>(options: O | undefined): O =>
    ({ ...options, signal: options?.signal ? AbortSignal.any([signal, options.signal]) : signal }) as O;
  const calls = {
    request: <T>(method: HttpMethod, segments: readonly string[], options?: RequestOptions<T>) =>
      client.request<T>(method, segments, bound(options)),
    get: <T>(segments: readonly string[], options?: CallOptions<T>) => client.get<T>(segments, bound(options)),
    post: <T>(segments: readonly string[], body?: unknown, options?: CallOptions<T>) => client.post<T>(segments, body, bound(options)),
    put: <T>(segments: readonly string[], body?: unknown, options?: CallOptions<T>) => client.put<T>(segments, body, bound(options)),
    delete: <T>(segments: readonly string[], options?: CallOptions<T>) => client.delete<T>(segments, bound(options)),
  } satisfies Partial<PortalClient>;
  return new Proxy(client, {
    get(target, property) {
      if (Object.hasOwn(calls, property)) return calls[property as keyof typeof calls];
      // Everything else runs on the client itself: its private fields are not reachable through a proxy.
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
