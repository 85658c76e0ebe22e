/**
 * npx, `npm run` and `npm exec` (pnpm and yarn alike) start a bin through `sh -c`, and pass SIGTERM and SIGINT to
 * that shell only: the shell dies and the emulator below it would keep running, holding its port. They all set
 * `npm_lifecycle_event`, so only then is a change of parent taken as the launcher going away. Started any other way
 * (e.g. `node .../voicegateway-emulator.js &` in a CI step), the emulator outlives its parent as before.
 */
export function startedByPackageManager(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.npm_lifecycle_event !== undefined;
}
