/**
 * npx, `npm run` and `npm exec` (pnpm and yarn alike) start a bin through `sh -c`, and pass SIGTERM and SIGINT to
 * that shell only: the shell dies and the emulator below it would keep running, holding its port. They all set
 * `npm_lifecycle_event`, so only then is a change of parent taken as the launcher going away. Started any other way
 * (e.g. `node .../voicegateway-emulator.js &` in a CI step), the emulator outlives its parent as before.
 */
export function startedByPackageManager(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.npm_lifecycle_event !== undefined;
}

/**
 * The parent this process started under, read as this module loads. Read later (after the emulator has started and
 * printed its address), the launcher may already have been killed and the process re-parented: the watch would
 * then compare against its new parent and never fire.
 */
const parentAtStart = process.ppid;

/**
 * Calls `onGone` once this process's parent at start has exited (it is re-parented, so `process.ppid` differs), at
 * once if that happened before this call. Node has no event for it, hence a cheap poll that does not keep the
 * process alive.
 */
export function whenParentExits(onGone: () => void, everyMs = 200): void {
  const timer = setInterval(() => {
    if (process.ppid === parentAtStart) return;
    clearInterval(timer);
    onGone();
  }, everyMs);
  timer.unref();
}
