/**
 * The CDK frameworks the constructs are published for, as the construct tests load them: CDKTF with
 * `constructs/src`, CDK Terrain (cdktn) with its copies in `constructs/cdktn`. Both expose the same API; the types
 * are CDKTF's, so one test body type-checks once and runs against each.
 */
export interface CdkFrameworkUnderTest {
  readonly library: "cdktf" | "cdktn";
  readonly cdk: typeof import("cdktf");
  readonly constructs: typeof import("../../constructs/src");
}

export const CDK_FRAMEWORKS_UNDER_TEST: readonly CdkFrameworkUnderTest[] = [
  { library: "cdktf", cdk: require("cdktf"), constructs: require("../../constructs/src") },
  { library: "cdktn", cdk: require("cdktn"), constructs: require("../../constructs/cdktn") },
];
