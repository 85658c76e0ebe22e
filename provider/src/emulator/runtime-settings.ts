/** Per-process switches that tests flip at run time; unlike the portal state they are never persisted. */
export interface RuntimeSettings {
  /** When set, every BucketCredentialTest that would succeed answers `{status:"failed", reason}` instead. */
  bucketTestFailure: string | null;
}

export function defaultRuntimeSettings(): RuntimeSettings {
  return { bucketTestFailure: null };
}
