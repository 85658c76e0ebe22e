import { type PortalDifference } from "./portal-variant";

/** Per-process switches that tests flip at run time; unlike the portal state they are never persisted. */
export interface RuntimeSettings {
  /** When set, every BucketCredentialTest that would succeed answers `{status:"failed", reason}` instead. */
  bucketTestFailure: string | null;
  /** Where this emulated portal differs from upstream (none by default). */
  readonly variant: ReadonlySet<PortalDifference>;
}

export function defaultRuntimeSettings(variant: ReadonlySet<PortalDifference> = new Set()): RuntimeSettings {
  return { bucketTestFailure: null, variant };
}
