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
 * Calls `onGone` once when this process's parent exits (it is re-parented, so `process.ppid` changes). Node has
 * no event for that, hence a cheap poll that does not keep the process alive.
 */
export function whenParentExits(onGone: () => void, everyMs = 200): void {
  const parent = process.ppid;
  const timer = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, everyMs);
  timer.unref();
}
