// Builds the registry-style release of the Terraform provider into dist/release: npm run release (after npm run build).
import { writeReleaseArtifacts } from "../provider/src/terraform/install/release-artifacts";

const artifacts = writeReleaseArtifacts("dist/release", "dist/bin/terraform-provider-voicegateway.js");
for (const file of [...artifacts.zips, artifacts.manifest, artifacts.sums]) console.log(file);
