import { STATUS_CODES } from "node:http";
import { jsonResponse, type PortalResponse, textResponse, tooManyRequestsResponse } from "./responses";

/**
 * Which requests a fault applies to. `path` is matched against the path without the query string: a RegExp, or a
 * glob where `*` stands for one path segment (or part of one) and `**` for anything, e.g. `/v1/Accounts/*`.
 */
export interface FaultMatch {
  readonly method?: string;
  readonly path?: string | RegExp;
}

interface FaultCommon {
  /** How many matching requests get this fault; 1 when omitted. */
  readonly count?: number;
  readonly match?: FaultMatch;
}

export type FaultSpec =
  /** A 429 in the portal's format with `Retry-After` (default 1 s); the request is not applied. */
  | (FaultCommon & { readonly kind: "rate-limit"; readonly retryAfterSecs?: number })
  /** A 5xx without applying the request: 500 as `{msg}`, others as plain text, or `body` if given. */
  | (FaultCommon & {
      readonly kind: "status";
      readonly status: number;
      readonly body?: string;
      readonly retryAfterSecs?: number;
    })
  /** The socket is reset before the request is read; nothing is applied. */
  | (FaultCommon & { readonly kind: "reset" })
  /**
   * The request is read at once, then applied and answered `delayMs` later than it otherwise would be. It is applied
   * even if the client gave up meanwhile (a slow create that still lands); the answer then goes nowhere.
   */
  | (FaultCommon & { readonly kind: "delay"; readonly delayMs: number })
  /** The request IS applied (e.g. the account is created), then the socket is reset instead of answering (portal-behaviour.md §8). */
  | (FaultCommon & { readonly kind: "lost-response" });

export type FaultKind = FaultSpec["kind"];

export interface PendingFault {
  readonly id: number;
  readonly kind: FaultKind;
  readonly remaining: number;
  readonly method: string | null;
  readonly path: string | null;
}

interface Entry {
  readonly id: number;
  readonly spec: FaultSpec;
  remaining: number;
}

/**
 * Scripted failures for client tests. Faults wait in the order they were injected; each request takes at most one
 * (the first that matches) and counts it down. Reachable in-process and over `POST /_emulator/faults`.
 */
export class FaultInjector {
  #entries: Entry[] = [];
  #nextId = 1;

  inject(spec: FaultSpec): number {
    const checked = validateFaultSpec(spec);
    const id = this.#nextId++;
    this.#entries.push({ id, spec: checked, remaining: checked.count ?? 1 });
    return id;
  }

  /** Removes and returns the fault for this request, if any. */
  take(method: string, pathname: string): FaultSpec | undefined {
    const entry = this.#entries.find((e) => matches(e.spec.match, method, pathname));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#entries = this.#entries.filter((e) => e !== entry);
    return entry.spec;
  }

  clear(): void {
    this.#entries = [];
  }

  pending(): PendingFault[] {
    return this.#entries.map(({ id, spec, remaining }) => ({
      id,
      kind: spec.kind,
      remaining,
      method: spec.match?.method ?? null,
      path: spec.match?.path === undefined ? null : String(spec.match.path),
    }));
  }
}

/** The response an answering fault sends in place of the portal's. */
export function faultResponse(spec: FaultSpec): PortalResponse | undefined {
  switch (spec.kind) {
    case "rate-limit": {
      const response = tooManyRequestsResponse();
      return { ...response, headers: { ...response.headers, "retry-after": String(spec.retryAfterSecs ?? 1) } };
    }
    case "status": {
      const response =
        spec.body !== undefined
          ? textResponse(spec.status, spec.body)
          : spec.status === 500
            ? jsonResponse(500, { msg: "Internal Server Error (injected by voicegateway-emulator)" })
            : textResponse(spec.status, STATUS_CODES[spec.status] ?? String(spec.status));
      if (spec.retryAfterSecs === undefined) return response;
      return { ...response, headers: { ...response.headers, "retry-after": String(spec.retryAfterSecs) } };
    }
    default:
      return undefined;
  }
}

/** Checks a fault from untrusted JSON (the HTTP control route) or from a test; throws a readable Error. */
export function validateFaultSpec(value: unknown): FaultSpec {
  if (typeof value !== "object" || value === null) throw new Error("a fault must be an object");
  const spec = value as Record<string, unknown>;
  const count = spec.count;
  if (count !== undefined && !(Number.isInteger(count) && (count as number) > 0)) {
    throw new Error("count must be a positive integer");
  }
  const match = spec.match as Record<string, unknown> | undefined;
  if (match !== undefined && (typeof match !== "object" || match === null)) throw new Error("match must be an object");
  if (match?.method !== undefined && typeof match.method !== "string") throw new Error("match.method must be a string");
  if (match?.path !== undefined && typeof match.path !== "string" && !(match.path instanceof RegExp)) {
    throw new Error("match.path must be a glob string or a RegExp");
  }
  const nonNegative = (key: string): void => {
    const v = spec[key];
    if (v !== undefined && !(typeof v === "number" && Number.isFinite(v) && v >= 0)) {
      throw new Error(`${key} must be a non-negative number`);
    }
  };
  switch (spec.kind) {
    case "rate-limit":
      nonNegative("retryAfterSecs");
      break;
    case "status":
      if (!(Number.isInteger(spec.status) && (spec.status as number) >= 500 && (spec.status as number) <= 599)) {
        throw new Error("status must be a 5xx code");
      }
      if (spec.body !== undefined && typeof spec.body !== "string") throw new Error("body must be a string");
      nonNegative("retryAfterSecs");
      break;
    case "delay":
      if (spec.delayMs === undefined) throw new Error("delayMs is required");
      nonNegative("delayMs");
      break;
    case "reset":
    case "lost-response":
      break;
    default:
      throw new Error("kind must be one of rate-limit, status, reset, delay, lost-response");
  }
  return value as FaultSpec;
}

function matches(match: FaultMatch | undefined, method: string, pathname: string): boolean {
  if (match?.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match?.path === undefined) return true;
  const pattern = typeof match.path === "string" ? globToRegExp(match.path) : match.path;
  return pattern.test(pathname);
}

function globToRegExp(glob: string): RegExp {
  const source = glob
    .split("**")
    .map((part) =>
      part
        .split("*")
        .map((literal) => literal.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]*"),
    )
    .join(".*");
  return new RegExp(`^${source}$`);
}
