import { VERSION } from "../../version";

/** `voicegateway/voicegateway` on the public registry host, which is where `terraform init` looks for it. */
export const PROVIDER_HOST = "registry.terraform.io";
export const PROVIDER_NAMESPACE = "voicegateway";
export const PROVIDER_TYPE = "voicegateway";
export const PROVIDER_SOURCE = `${PROVIDER_NAMESPACE}/${PROVIDER_TYPE}`;
export const PROVIDER_VERSION = VERSION;
export const EXECUTABLE_PREFIX = `terraform-provider-${PROVIDER_TYPE}`;
/** Terraform runs the first file whose name starts with the prefix, so the bundle's name must not. */
export const BUNDLE_FILE = "voicegateway-provider.js";

/** The file terraform runs in a provider package: on Windows it must be an .exe. */
export const executableFileName = (version: string, platform: string): string =>
  `${EXECUTABLE_PREFIX}_v${version}${platform.startsWith("windows_") ? ".exe" : ""}`;

/** The single executable `npm run build:sea` writes for a platform: `dist/sea/<os_arch>/<this>`. */
export const singleExecutableFileName = (platform: string): string =>
  `${EXECUTABLE_PREFIX}${platform.startsWith("windows_") ? ".exe" : ""}`;
