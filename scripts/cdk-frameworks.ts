// The two CDK frameworks the constructs are published for: CDKTF (archived by HashiCorp, frozen at 0.21) and CDK
// Terrain (cdktn), its maintained successor. Their generated bindings cannot be mixed, so each gets its own tree.
import { join } from "node:path";

export interface CdkFramework {
  /** The package a user's app imports `App` and `TerraformStack` from. */
  readonly library: "cdktf" | "cdktn";
  readonly generatorPackage: "@cdktf/provider-generator" | "@cdktn/provider-generator";
  readonly commonsPackage: "@cdktf/commons" | "@cdktn/commons";
  /** The generator's module holding `TerraformProviderGenerator` (a deep import: the index loads jsii-pacmak). */
  readonly generatorModule: string;
  /** Where the hand-written constructs live (cdktn's are copies of cdktf's, see scripts/mirror-constructs-for-cdktn.ts). */
  readonly constructsPath: string;
  /** Where the generated bindings live, under `constructsPath`. */
  readonly bindingsPath: string;
}

export const CDKTF: CdkFramework = {
  library: "cdktf",
  generatorPackage: "@cdktf/provider-generator",
  commonsPackage: "@cdktf/commons",
  generatorModule: "@cdktf/provider-generator/lib/get/generator/provider-generator",
  constructsPath: join("constructs", "src"),
  bindingsPath: join("constructs", "src", "generated"),
};

export const CDKTN: CdkFramework = {
  library: "cdktn",
  generatorPackage: "@cdktn/provider-generator",
  commonsPackage: "@cdktn/commons",
  generatorModule: "@cdktn/provider-generator/build/get/generator/provider-generator",
  constructsPath: join("constructs", "cdktn"),
  bindingsPath: join("constructs", "cdktn", "generated"),
};

export const CDK_FRAMEWORKS: readonly CdkFramework[] = [CDKTF, CDKTN];
