// npm run release [-- --platforms linux_amd64,... --out dist/release --registry-host registry.example.com --path-prefix /]
// Builds the provider's release into dist/release (see scripts/release/build-release.ts and README "Hosting a
// registry"). SHA256SUMS is signed with the OpenPGP key in VOICEGATEWAY_SIGNING_KEY or VOICEGATEWAY_SIGNING_KEY_FILE.
import { parseArgs } from "node:util";
import { RELEASE_PLATFORMS } from "../provider/src/terraform/install/release-artifacts";
import { buildRelease } from "./release/build-release";

const { values } = parseArgs({
  options: {
    platforms: { type: "string", default: RELEASE_PLATFORMS.join(",") },
    out: { type: "string", default: "dist/release" },
    "registry-host": { type: "string" },
    "path-prefix": { type: "string", default: "/" },
  },
});
void buildRelease({
  bundle: "dist/bin/terraform-provider-voicegateway.js",
  platforms: values.platforms.split(","),
  out: values.out,
  ...(values["registry-host"] ? { registryHost: values["registry-host"] } : {}),
  pathPrefix: values["path-prefix"],
  log: (line) => console.log(line),
}).catch((error: unknown) => {
  console.error(`release: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
