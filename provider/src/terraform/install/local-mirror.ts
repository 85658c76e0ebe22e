import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { CODE_CACHE_LOADER } from "./code-cache-loader";
import { MOVE_EXTRA_CA_CERTS } from "./extra-ca-certificates";
import { terraformPlatform } from "./platform";
import { BUNDLE_FILE, executableFileName, PROVIDER_HOST, PROVIDER_NAMESPACE, PROVIDER_TYPE, PROVIDER_VERSION } from "./provider-address";

/**
 * A provider in the "unpacked" layout Terraform reads from filesystem mirrors and its implied local plugin
 * directories: `<dir>/registry.terraform.io/voicegateway/voicegateway/<version>/<os_arch>/`,
 * holding either a launcher named `terraform-provider-voicegateway_v<version>` with the bundled provider beside it,
 * or, under that name, a single executable that embeds Node.js and the bundle.
 */
export interface InstalledProvider {
  readonly directory: string;
  readonly executable: string;
}

/**
 * The launcher runs the bundle next to it with the `node` on PATH, through the code-cache loader. It prints
 * nothing: any byte on stdout before go-plugin's handshake line breaks the start.
 * `nodeOptions` go before the loader (the bench's `--require` reporter).
 */
export const launcherScript = (bundle: string, nodeOptions = ""): string =>
  `#!/bin/sh\n# Voice Gateway Terraform provider ${PROVIDER_VERSION}: needs Node.js 20 or later on PATH.\n# NODE_EXTRA_CA_CERTS goes to the portal client alone, sparing each start ~90 ms (extra-ca-certificates.ts).\n${MOVE_EXTRA_CA_CERTS}# The loader keeps V8's code cache of the bundle (code-cache-loader.ts); VOICEGATEWAY_CODE_CACHE=off skips it.\nexec node ${nodeOptions ? `${nodeOptions} ` : ""}-e '${CODE_CACHE_LOADER}' "$(dirname "$0")/${bundle}" "$@"\n`;

export function installIntoPluginDirectory(
  pluginDirectory: string,
  bundlePath: string,
  options: { version?: string; platform?: string; singleExecutable?: string } = {},
): InstalledProvider {
  const version = options.version ?? PROVIDER_VERSION;
  const platform = options.platform ?? terraformPlatform();
  const directory = join(resolve(pluginDirectory), PROVIDER_HOST, PROVIDER_NAMESPACE, PROVIDER_TYPE, version, platform);
  mkdirSync(directory, { recursive: true });
  const executable = join(directory, executableFileName(version, platform));
  if (options.singleExecutable) {
    copyFileSync(options.singleExecutable, executable);
  } else {
    copyFileSync(bundlePath, join(directory, BUNDLE_FILE));
    writeFileSync(executable, launcherScript(BUNDLE_FILE));
  }
  chmodSync(executable, 0o755);
  return { directory, executable };
}

/** A CLI configuration that installs our provider from the mirror and everything else from the registry. */
export function mirrorCliConfig(mirrorDirectory: string): string {
  const include = `${PROVIDER_HOST}/${PROVIDER_NAMESPACE}/*`;
  return [
    "provider_installation {",
    "  filesystem_mirror {",
    `    path    = ${JSON.stringify(resolve(mirrorDirectory))}`,
    `    include = [${JSON.stringify(include)}]`,
    "  }",
    "  direct {",
    `    exclude = [${JSON.stringify(include)}]`,
    "  }",
    "}",
    "",
  ].join("\n");
}

export function writeMirrorCliConfig(path: string, mirrorDirectory: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, mirrorCliConfig(mirrorDirectory));
}

/** Terraform's implied local mirror on Unix: used by a plain `terraform init` when no CLI config says otherwise. */
export function userPluginDirectory(home: string = process.env.HOME ?? "~"): string {
  return join(home, ".terraform.d", "plugins");
}
