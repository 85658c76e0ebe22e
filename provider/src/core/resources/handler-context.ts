import { type PortalClient } from "../client";
import { type SecretComparison } from "../secrets/secret-comparison";
import { type PortalSession } from "./portal-session";

/** Everything a handler needs from its front end: the client of one provider configuration, and its defaults. */
export interface HandlerContext {
  readonly client: PortalClient;
  /** The provider configuration's service provider, the default owner of new accounts. */
  readonly serviceProviderSid?: string;
  readonly signal?: AbortSignal;
  /** What this process already knows of the portal; without it every read and check asks the portal afresh. */
  readonly session?: PortalSession;
  /** Exact comparison of the secrets this call reads; without it secrets are compared through the portal's mask. */
  readonly secrets?: SecretComparison;
}

/**
 * The five operations of a resource, free of any framework: plain objects in, plain objects out. `read` returns
 * null when the object is gone (never on a transient error), so front ends can drop it from state.
 */
export interface ResourceHandlers<Config, State> {
  create(ctx: HandlerContext, config: Config): Promise<State>;
  read(ctx: HandlerContext, prior: State): Promise<State | null>;
  update(ctx: HandlerContext, prior: State, config: Config): Promise<State>;
  delete(ctx: HandlerContext, prior: State): Promise<void>;
  /** Adopt an existing object by the ID users pass to `terraform import`; null when there is none. */
  importState(ctx: HandlerContext, id: string): Promise<State | null>;
}
