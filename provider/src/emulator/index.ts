export { CLI_USAGE, CliUsageError, parseCliArgs, type CliCommand } from './cli-args';
export type { Clock } from './clock';
export { CONTROL_PREFIX } from './control-api';
export { FaultInjector, type FaultKind, type FaultMatch, type FaultSpec, type PendingFault } from './faults';
export type { BucketObject } from './portal-state';
export { DEFAULT_RATE_LIMIT, type RateLimitPolicy } from './rate-limit';
export { RequestLog, type RequestFilter, type RequestRecord } from './request-log';
export type { EmulatorSeed } from './seed';
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './start-emulator';
