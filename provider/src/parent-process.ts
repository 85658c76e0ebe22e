/**
 * The parent this process started under, and a watch for its exit. The provider stops when terraform goes, the
 * emulator when the shell npm started it from goes; both notice by polling, since Node has no event for a change of
 * parent, and `process.ppid` is read afresh on every access.
 */

/**
 * Read as this module loads, at the start of a bundle. Read later (after the server listens), a parent killed in
 * between would already have handed this process to init or a subreaper, and a watch would take that for the
 * parent and never fire.
 */
const PARENT_AT_LOAD = process.ppid;

export interface ParentExitWatch {
  readonly intervalMs: number;
  /** Reads the parent PID; given, the parent to watch is what it returns at the call. @default () => process.ppid */
  readonly parentPid?: () => number;
}

/**
 * Calls `onGone(parent, now)` once the parent is no longer the one this process started under (or, with `parentPid`
 * given, the one at the call), at the first check if that happened earlier. Returns a function that stops watching.
 * The timer is unref'd: it never keeps the process alive by itself.
 */
export function whenParentExits(onGone: (parent: number, now: number) => void, watch: ParentExitWatch): () => void {
  const parentPid = watch.parentPid ?? (() => process.ppid);
  const parent = watch.parentPid ? parentPid() : PARENT_AT_LOAD;
  const timer = setInterval(() => {
    const now = parentPid();
    if (now === parent) return;
    clearInterval(timer);
    onGone(parent, now);
  }, watch.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
