import { PortalClient } from "../../provider/src/core/client";
import { HandlerContext } from "../../provider/src/core/resources/handler-context";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../provider/src/emulator";

/** A real emulator on loopback, a client with fast retries, and the handler context over both. */
export interface PortalFixture {
  readonly emulator: RunningEmulator;
  readonly client: PortalClient;
  readonly ctx: HandlerContext;
  /** A raw request with the admin key, for out-of-band changes; returns the parsed body. */
  admin(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export async function startPortal(options: EmulatorOptions = {}): Promise<PortalFixture> {
  const emulator = await startEmulator({ rateLimit: false, ...options });
  const client = new PortalClient({
    apiUrl: emulator.apiUrl,
    apiKey: emulator.adminKey,
    rateLimit: false,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  // A separate client, so out-of-band calls never count against the one under test.
  const outOfBand = new PortalClient({ apiUrl: emulator.apiUrl, apiKey: emulator.adminKey, rateLimit: false });
  return {
    emulator,
    client,
    ctx: { client, serviceProviderSid: emulator.serviceProviderSid },
    admin: (method, path, body) => outOfBand.request(method, path.split("/").filter(Boolean), body === undefined ? {} : { body }).then((r) => r.body),
    async close() {
      await client.close();
      await outOfBand.close();
      await emulator.close();
    },
  };
}

let counter = 0;
/** Names unique per test run, so one emulator can serve many tests. */
export const uniqueName = (prefix = "acct"): string => `${prefix}-${process.pid}-${++counter}`;

/** The provider's connection variables for this emulator, as terraform and the CLIs read them. */
export const portalEnv = (portal: PortalFixture): Record<string, string> => ({
  VOICEGATEWAY_API_URL: portal.emulator.apiUrl,
  VOICEGATEWAY_API_KEY: portal.emulator.adminKey,
  VOICEGATEWAY_SERVICE_PROVIDER_SID: portal.emulator.serviceProviderSid,
});
