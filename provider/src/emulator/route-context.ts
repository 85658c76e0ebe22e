import { type Principal } from "./principal";
import { type PortalResponse } from "./responses";
import { type RuntimeSettings } from "./runtime-settings";
import { type StateSession } from "./state-session";

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** What a route handler sees of one authenticated request. */
export interface RouteContext {
  readonly method: string;
  /** Path plus query string exactly as received; the portal parses SIDs out of it (portal-behaviour.md §0). */
  readonly originalUrl: string;
  readonly query: URLSearchParams;
  readonly params: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
  readonly principal: Principal;
  readonly session: StateSession;
  readonly settings: RuntimeSettings;
}

/** Handlers are synchronous, so one request's reads and writes never interleave with another's. */
export type RouteHandler = (ctx: RouteContext) => PortalResponse;

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** Express-style pattern, e.g. `/v1/Accounts/:sid`; matched case-insensitively like Express. */
  readonly path: string;
  readonly handler: RouteHandler;
}
