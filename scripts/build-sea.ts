// Builds the provider as a single executable (Node.js embedded) into dist/sea/<os_arch>/, for this machine's
// platform or the ones named: npm run build:sea [-- --platforms linux_amd64,linux_arm64] (after npm run build).
import { parseArgs } from "node:util";
import { terraformPlatform } from "../provider/src/terraform/install/platform";
import { buildPlatformExecutables } from "./release/platform-executables";

const { values } = parseArgs({ options: { platforms: { type: "string", default: terraformPlatform() } } });
void buildPlatformExecutables("dist/bin/terraform-provider-voicegateway.js", values.platforms.split(","), {
  log: (line) => console.log(line),
}).then(
  (built) => {
    if (built.missing.length > 0) process.exitCode = 1;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
