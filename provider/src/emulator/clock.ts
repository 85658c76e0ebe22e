/** Milliseconds since the epoch; injectable so tests can move time without sleeping. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/**
 * A DATETIME/TIMESTAMP value as the portal returns it: mysql2 hands the column to JSON as a Date, so the wire form
 * is an ISO string with whole seconds (portal-behaviour.md §2.2).
 */
export function toSqlDatetime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString();
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
