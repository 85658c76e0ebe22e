/**
 * Notices that terraform died without stopping the provider (SIGKILL, the OOM killer, a CI runner that killed
 * only terraform), so that the provider does not live on as an orphan that keeps writing to the portal.
 *
 * The signal is the parent PID: terraform starts the provider itself (our launcher `exec`s node, so no shell sits
 * in between), and when terraform dies the kernel hands the provider to init or a subreaper; polling it twice a
 * second (`parent-process.ts`) costs next to nothing. `serve.ts` adds a faster signal: terraform's connection closing
 * without a Shutdown.
 *
 * Not stdin: go-plugin passes terraform's own stdin to the plugin, not a pipe of its own. Under a CI runner it
 * stays open after terraform dies; redirected from /dev/null it is at EOF from the start; in a terminal, reading it
 * would take the user's answer to "Do you want to perform these actions?" away from terraform.
 */

import { whenParentExits } from "../../parent-process";

/** How often the parent PID is checked. */
export const PARENT_POLL_INTERVAL_MS = 500;

export interface ParentWatchOptions {
  /** @default PARENT_POLL_INTERVAL_MS */
  readonly intervalMs?: number;
  /** Reads the parent PID; given, the parent to watch is what it returns at the call. @default () => process.ppid */
  readonly parentPid?: () => number;
}

/**
 * Calls `onGone` once, with a reason, when the parent process is no longer the one this process started under (or,
 * with `parentPid` given, the one at the call), at the first check if that happened earlier. Returns a function that
 * stops watching.
 */
export function watchParentProcess(onGone: (reason: string) => void, options: ParentWatchOptions = {}): () => void {
  return whenParentExits(
    (parent, now) => onGone(`terraform (process ${parent}) exited without stopping the provider; its parent is now process ${now}`),
    { intervalMs: options.intervalMs ?? PARENT_POLL_INTERVAL_MS, ...(options.parentPid ? { parentPid: options.parentPid } : {}) },
  );
}
