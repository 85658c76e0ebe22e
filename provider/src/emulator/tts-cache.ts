import { type PortalState } from "./portal-state";
import { type StateSession } from "./state-session";

/**
 * The TTS prompt cache lives in Redis as keys `tts:<account_sid>:*` (portal-behaviour.md §6). Only the count matters to the API, so
 * the emulator keeps a count per account SID. Redis keys are case-sensitive: the SID is used exactly as given.
 */
export function countTtsPrompts(state: PortalState, accountSid?: string): number {
  if (accountSid !== undefined) return state.ttsCache[accountSid] ?? 0;
  return Object.values(state.ttsCache).reduce((sum, n) => sum + n, 0);
}

export function seedTtsPrompts(session: StateSession, accountSid: string, count: number): number {
  if (!Number.isInteger(count) || count < 0) throw new RangeError("count must be a non-negative integer");
  const next = countTtsPrompts(session.state, accountSid) + count;
  session.state.ttsCache[accountSid] = next;
  session.touch();
  return next;
}

export function purgeTtsPrompts(session: StateSession, accountSid?: string): void {
  if (accountSid === undefined) session.state.ttsCache = {};
  else delete session.state.ttsCache[accountSid];
  session.touch();
}
