import { randomBytes } from "node:crypto";
import { PortalClient, type PortalClientOptions } from "../../provider/src/core/client";
import { type HandlerContext } from "../../provider/src/core/resources/handler-context";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../provider/src/emulator";
import { CreatedObjects, TrackingPortalClient } from "./created-objects";

/** A portal for tests, a client with fast retries, and the handler context over both. */
export interface PortalFixture {
  /** `VOICEGATEWAY_API_URL` for this portal. */
  readonly apiUrl: string;
  /** An admin (or service-provider) key of this portal. */
  readonly apiKey: string;
  readonly serviceProviderSid: string;
  /**
   * The emulator serving the fixture. Against a real portal it does not exist and using it throws: tests that need
   * its internals (faults, the request log, seeding) are declared with `itWithEmulator`.
   */
  readonly emulator: RunningEmulator;
  readonly client: PortalClient;
  readonly ctx: HandlerContext;
  /** A raw request with the admin key, for out-of-band changes; returns the parsed body. */
  admin(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/** A real portal named by `VOICEGATEWAY_TEST_API_URL`, `_API_KEY` and `_SERVICE_PROVIDER_SID`, if all are set. */
export interface RealPortalSettings {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly serviceProviderSid: string;
}

function realPortalFromEnv(env: NodeJS.ProcessEnv = process.env): RealPortalSettings | undefined {
  const names = ["VOICEGATEWAY_TEST_API_URL", "VOICEGATEWAY_TEST_API_KEY", "VOICEGATEWAY_TEST_SERVICE_PROVIDER_SID"] as const;
  const set = names.filter((n) => (env[n] ?? "").trim() !== "");
  if (set.length === 0) return undefined;
  // Half a configuration would quietly test the emulator instead of the portal someone meant.
  if (set.length < names.length)
    throw new Error(`set all of ${names.join(", ")} to test a real portal (missing: ${names.filter((n) => !set.includes(n)).join(", ")})`);
  return { apiUrl: env[names[0]]!.trim(), apiKey: env[names[1]]!.trim(), serviceProviderSid: env[names[2]]!.trim() };
}

/** Set when the conformance tests run against a real portal instead of the emulator. */
export const REAL_PORTAL = realPortalFromEnv();

/**
 * `it` for a test that needs the emulator's internals. Against a real portal it is skipped, and its name says why,
 * so a test that did not run can never look like a pass.
 */
export function itWithEmulator(name: string, why: string, fn: jest.ProvidesCallback, timeout?: number): void {
  if (REAL_PORTAL) it.skip(`${name} (SKIPPED against a real portal: ${why})`, fn);
  else it(name, fn, timeout);
}

/** `describe` for a suite whose every test needs the emulator's internals (see `itWithEmulator`). */
export function describeWithEmulator(name: string, why: string, body: () => void): void {
  if (!REAL_PORTAL) {
    describe(name, body);
    return;
  }
  describe(`${name} (SKIPPED against a real portal: ${why})`, () => {
    it.skip(`needs the emulator: ${why}`, () => undefined);
  });
}

const FAST_RETRIES = { baseDelayMs: 1, maxDelayMs: 5 };

/** A real emulator on loopback; suites that use emulator options or internals throughout start this one. */
export async function startPortal(options: EmulatorOptions = {}): Promise<PortalFixture> {
  const emulator = await startEmulator({ rateLimit: false, ...options });
  const client = new PortalClient({ apiUrl: emulator.apiUrl, apiKey: emulator.adminKey, rateLimit: false, retry: FAST_RETRIES });
  // A separate client, so out-of-band calls never count against the one under test.
  const outOfBand = new PortalClient({ apiUrl: emulator.apiUrl, apiKey: emulator.adminKey, rateLimit: false });
  return {
    apiUrl: emulator.apiUrl,
    apiKey: emulator.adminKey,
    serviceProviderSid: emulator.serviceProviderSid,
    emulator,
    client,
    ctx: { client, serviceProviderSid: emulator.serviceProviderSid },
    admin: (method, path, body) => rawRequest(outOfBand, method, path, body),
    async close() {
      await client.close();
      await outOfBand.close();
      await emulator.close();
    },
  };
}

/**
 * The portal under test for the conformance suites: the real portal of `REAL_PORTAL` when it is set, else a fresh
 * emulator. On a real portal every account, key, application and service provider the suite creates is deleted
 * by `close()`, which fails the suite if anything is left behind; the client paces itself by the portal's
 * rate-limit headers, as the provider does.
 */
export async function startPortalUnderTest(): Promise<PortalFixture> {
  if (!REAL_PORTAL) return startPortal();
  const { apiUrl, apiKey, serviceProviderSid } = REAL_PORTAL;
  const created = new CreatedObjects();
  const options: PortalClientOptions = { apiUrl, apiKey };
  const client = new TrackingPortalClient(created, options);
  const outOfBand = new TrackingPortalClient(created, options);
  return {
    apiUrl,
    apiKey,
    serviceProviderSid,
    get emulator(): RunningEmulator {
      throw new Error("this test needs the emulator, but the conformance tests run against a real portal: declare it with itWithEmulator");
    },
    client,
    ctx: { client, serviceProviderSid },
    admin: (method, path, body) => rawRequest(outOfBand, method, path, body),
    async close() {
      try {
        await created.deleteAll(outOfBand);
      } finally {
        await client.close();
        await outOfBand.close();
      }
    },
  };
}

function rawRequest(client: PortalClient, method: "GET" | "POST" | "PUT" | "DELETE", path: string, body: unknown): Promise<unknown> {
  return client.request(method, path.split("/").filter(Boolean), body === undefined ? {} : { body }).then((r) => r.body);
}

let counter = 0;
// Against a real portal, objects of an earlier run may survive it; a tag per run keeps names apart.
const runTag = REAL_PORTAL ? `-${randomBytes(3).toString("hex")}` : "";
/** Names unique per test run, so one portal can serve many tests. */
export const uniqueName = (prefix = "acct"): string => `${prefix}-${process.pid}${runTag}-${++counter}`;

/** The provider's connection variables for this emulator, as terraform and the CLIs read them. */
export const portalEnv = (portal: PortalFixture): Record<string, string> => ({
  VOICEGATEWAY_API_URL: portal.apiUrl,
  VOICEGATEWAY_API_KEY: portal.apiKey,
  VOICEGATEWAY_SERVICE_PROVIDER_SID: portal.serviceProviderSid,
});
