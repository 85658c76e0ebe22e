export type { CheckReport, KeyScope, NotCheckedCause, ProbeOutcome, ProbeResult, ScratchAccountReport } from "./model";
export { CHECK_FORMATS, type CheckFormat, renderCheckReport } from "./render";
export { type RunCheckOptions, runCheck } from "./run";
export { scratchAccountName } from "./scratch-accounts";
