import { type AddressInfo } from "node:net";
import { type Clock, systemClock } from "./clock";
import { type CorsPolicy, checkCorsOrigin } from "./cors";
import { FaultInjector } from "./faults";
import { FileStateStore } from "./file-state-store";
import { createEmulatorServer } from "./http-server";
import { type BucketObject, type PortalState } from "./portal-state";
import { type PortalDifference, portalVariant } from "./portal-variant";
import { DEFAULT_RATE_LIMIT, FixedWindowRateLimiter, type RateLimitPolicy } from "./rate-limit";
import { RequestLog } from "./request-log";
import { defaultRuntimeSettings } from "./runtime-settings";
import { createSeededState, type EmulatorSeed } from "./seed";
import { MemoryStateStore, type StateStore } from "./state-store";
import { seedTtsPrompts } from "./tts-cache";

export interface EmulatorOptions {
  /**
   * Address to listen on. Anything but loopback lets other machines in, with the admin key as the only lock.
   * @default '127.0.0.1'
   */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** Keep the portal in this JSON file so several processes share it; an existing file is reused. */
  readonly stateFile?: string;
  /** Delay added to every portal request. @default 0 */
  readonly latencyMs?: number;
  /** The shared fixed window (portal-behaviour.md §8); `false` disables it. @default { max: 600, windowSecs: 300 } */
  readonly rateLimit?: RateLimitPolicy | false;
  /** Token of the seeded admin API key. @default a random UUID v4 (or the key already in `stateFile`) */
  readonly adminKey?: string;
  /** @default 'Voice Gateway' */
  readonly serviceProviderName?: string;
  /** More rows for a fresh portal (ignored when `stateFile` already exists). */
  readonly seed?: EmulatorSeed;
  /** Time source for timestamps, `last_used` throttling and the rate-limit window. @default Date.now */
  readonly clock?: Clock;
  /**
   * Browser origins allowed besides pages on this machine (`http://localhost:*` and the like, always allowed), e.g.
   * `http://portal.test:3000`; `['*']` allows every origin, as the portal does. @default []
   */
  readonly corsOrigins?: readonly string[];
  /**
   * Differences from the upstream portal to emulate, to rehearse a portal build that behaves otherwise (see
   * `PORTAL_DIFFERENCES`), e.g. `['unique-account-names']`. @default [] - the upstream portal
   */
  readonly variant?: readonly PortalDifference[];
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** The address the server is bound to, e.g. `127.0.0.1`, or `0.0.0.0` for every interface. */
  readonly boundAddress: string;
  /** `http://127.0.0.1:PORT/v1`, the value for `VOICEGATEWAY_API_URL`. */
  readonly apiUrl: string;
  readonly port: number;
  readonly adminKey: string;
  readonly serviceProviderSid: string;
  readonly faults: FaultInjector;
  readonly requests: RequestLog;
  /** Starts a fresh rate-limit window (no-op when rate limiting is off). */
  resetRateLimit(): void;
  /** Adds `count` cached TTS prompts for the account (portal-behaviour.md §6); returns the account's new count. */
  seedTtsCache(accountSid: string, count: number): Promise<number>;
  /** Objects written by BucketCredentialTest (portal-behaviour.md §3.6), e.g. `jambonz-sample.text`. */
  bucketObjects(): Promise<readonly BucketObject[]>;
  /** Makes every otherwise-successful bucket test fail with `reason`; `null` restores success. */
  failBucketTests(reason: string | null): void;
  /** Rows in the webhooks table, which only ever grows (portal-behaviour.md §0.1). */
  webhookCount(): Promise<number>;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const variant = portalVariant(options.variant);
  const clock = options.clock ?? systemClock;
  const host = options.host ?? "127.0.0.1";
  const cors: CorsPolicy = { origins: (options.corsOrigins ?? []).map(checkCorsOrigin) };
  const create = (): PortalState =>
    createSeededState({
      clock,
      ...(options.adminKey !== undefined ? { adminKey: options.adminKey } : {}),
      ...(options.serviceProviderName !== undefined ? { serviceProviderName: options.serviceProviderName } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
    });

  let store: StateStore;
  let meta: PortalState["meta"];
  if (options.stateFile !== undefined) {
    const fileStore = await FileStateStore.open(options.stateFile, {
      clock,
      create,
      ...(options.adminKey !== undefined ? { adminKey: options.adminKey } : {}),
    });
    store = fileStore;
    meta = fileStore.meta;
  } else {
    const state = create();
    store = new MemoryStateStore(state, clock);
    meta = state.meta;
  }

  const faults = new FaultInjector();
  const requests = new RequestLog();
  const settings = defaultRuntimeSettings(variant);
  const limiter = options.rateLimit === false ? null : new FixedWindowRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, clock);
  const latencyMs = options.latencyMs ?? 0;
  const server = createEmulatorServer({ store, faults, log: requests, limiter, settings, latencyMs, cors });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port, address } = server.address() as AddressInfo;
  const url = `http://${urlHost(host)}:${port}`;

  return {
    url,
    boundAddress: address,
    apiUrl: `${url}/v1`,
    port,
    adminKey: options.adminKey ?? meta.adminKey,
    serviceProviderSid: meta.serviceProviderSid,
    faults,
    requests,
    resetRateLimit: () => limiter?.reset(),
    seedTtsCache: (accountSid, count) => store.transaction((session) => seedTtsPrompts(session, accountSid, count)),
    bucketObjects: () => store.transaction((session) => [...session.state.bucketObjects]),
    failBucketTests: (reason) => {
      settings.bucketTestFailure = reason;
    },
    webhookCount: () => store.transaction((session) => session.db.count("webhooks")),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}

function urlHost(host: string): string {
  if (host === "0.0.0.0" || host === "::" || host === "") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}
