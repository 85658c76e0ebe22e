export type { CheckReport, KeyScope, NotCheckedCause, ProbeOutcome, ProbeResult, ScratchAccountReport } from "./model";
export { CHECK_FORMATS, type CheckFormat, renderCheckReport } from "./render";
export { runCheck, type RunCheckOptions } from "./run";
export { scratchAccountName } from "./scratch-accounts";
