import { type IncomingHttpHeaders } from "node:http";
import { authenticate } from "./auth";
import { type FaultInjector, validateFaultSpec } from "./faults";
import { type FixedWindowRateLimiter } from "./rate-limit";
import { type RequestLog } from "./request-log";
import { emptyResponse, jsonResponse, type PortalResponse } from "./responses";
import { type RuntimeSettings } from "./runtime-settings";
import { type StateStore } from "./state-store";
import { seedTtsPrompts } from "./tts-cache";

export const CONTROL_PREFIX = "/_emulator";

export interface ControlDependencies {
  readonly store: StateStore;
  readonly faults: FaultInjector;
  readonly log: RequestLog;
  readonly limiter: FixedWindowRateLimiter | null;
  readonly settings: RuntimeSettings;
}

export function isControlPath(pathname: string): boolean {
  return pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`);
}

/** The control API's refusal, or null for an admin key; checked before the body is read. */
export async function refuseControlRequest(headers: IncomingHttpHeaders, deps: ControlDependencies): Promise<PortalResponse | null> {
  const auth = await deps.store.transaction((session) => authenticate(headers.authorization, session.db));
  if ("response" in auth) return auth.response;
  if (auth.principal.scope !== "admin") return jsonResponse(403, { msg: "the emulator control API needs an admin API key" });
  return null;
}

/**
 * The emulator's own HTTP API, so a test can drive an emulator running in another process. It is not part of the
 * portal: not rate limited, not logged, never faulted, and it needs an admin-scope API key.
 *
 * - `GET|POST|DELETE /_emulator/faults`: list, inject (one fault, an array, or `{faults:[...]}`), clear;
 * - `GET|DELETE /_emulator/requests`: the request log;
 * - `POST /_emulator/rate-limit/reset`: start a fresh rate-limit window;
 * - `POST /_emulator/tts-cache` `{account_sid, count}`: seed cached TTS prompts;
 * - `GET /_emulator/buckets`: objects written by BucketCredentialTest;
 * - `PUT /_emulator/bucket-test-failure` `{reason}`: make bucket tests fail (`null` to stop);
 * - `GET /_emulator/webhooks`: `{count}` of webhook rows (they are never deleted, portal-behaviour.md §0.1).
 *
 * The caller has already passed `refuseControlRequest`.
 */
export async function handleControlRequest(
  method: string,
  pathname: string,
  body: unknown,
  deps: ControlDependencies,
): Promise<PortalResponse> {
  const route = `${method} ${pathname.slice(CONTROL_PREFIX.length).replace(/\/$/, "")}`;
  try {
    switch (route) {
      case "GET /faults":
        return jsonResponse(200, { faults: deps.faults.pending() });
      case "POST /faults": {
        const list = Array.isArray(body) ? body : isObject(body) && Array.isArray(body.faults) ? body.faults : [body];
        const specs = list.map(validateFaultSpec);
        return jsonResponse(201, { ids: specs.map((spec) => deps.faults.inject(spec)) });
      }
      case "DELETE /faults":
        deps.faults.clear();
        return emptyResponse(204);
      case "GET /requests":
        return jsonResponse(200, { requests: deps.log.all() });
      case "DELETE /requests":
        deps.log.clear();
        return emptyResponse(204);
      case "POST /rate-limit/reset":
        deps.limiter?.reset();
        return emptyResponse(204);
      case "POST /tts-cache": {
        const { account_sid: accountSid, count } = isObject(body) ? body : {};
        if (typeof accountSid !== "string") throw new Error("account_sid must be a string");
        const size = await deps.store.transaction((session) => seedTtsPrompts(session, accountSid, Number(count)));
        return jsonResponse(200, { size });
      }
      case "GET /buckets":
        return jsonResponse(200, { objects: await deps.store.transaction((session) => session.state.bucketObjects) });
      case "PUT /bucket-test-failure": {
        const reason = isObject(body) ? body.reason : undefined;
        if (reason !== null && typeof reason !== "string") throw new Error("reason must be a string or null");
        deps.settings.bucketTestFailure = reason;
        return emptyResponse(204);
      }
      case "GET /webhooks":
        return jsonResponse(200, { count: await deps.store.transaction((session) => session.db.count("webhooks")) });
      default:
        return jsonResponse(404, { msg: `no emulator control route ${route}` });
    }
  } catch (err) {
    return jsonResponse(400, { msg: err instanceof Error ? err.message : String(err) });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}
