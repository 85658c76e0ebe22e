import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { installIntoPluginDirectory, userPluginDirectory, writeMirrorCliConfig } from "../terraform/install/local-mirror";
import { terraformPlatform } from "../terraform/install/platform";
import { PROVIDER_SOURCE, PROVIDER_VERSION, singleExecutableFileName } from "../terraform/install/provider-address";

export const INSTALL_USAGE = `Usage: voicegateway install-terraform-provider [--plugin-dir DIR] [--cli-config FILE] [--launcher]

Installs the Voice Gateway Terraform provider (${PROVIDER_SOURCE} ${PROVIDER_VERSION}) where terraform init finds it:
the single executable for this platform when the package has one (dist/sea, from npm run build:sea), which runs
without Node.js, or else a launcher that runs the bundled provider with the node on PATH.

  --plugin-dir DIR    plugin directory to install into (default: ~/.terraform.d/plugins, which a plain
                      terraform init reads when no CLI configuration sets provider_installation)
  --cli-config FILE   also write a CLI configuration that takes ${PROVIDER_SOURCE} from DIR and every other
                      provider from the registry; use it with: export TF_CLI_CONFIG_FILE=FILE
  --launcher          install the Node launcher even when a single executable is there
`;

/** The bundled provider ships beside this CLI in the package's dist/bin. */
const bundledProvider = (): string => join(__dirname, "terraform-provider-voicegateway.js");

/** The single executable for this machine's platform, when the package was built with one (dist/sea beside dist/bin). */
function singleExecutable(): string | undefined {
  const platform = terraformPlatform();
  const path = join(__dirname, "..", "sea", platform, singleExecutableFileName(platform));
  return existsSync(path) ? path : undefined;
}

export function installTerraformProvider(argv: readonly string[], out: NodeJS.WritableStream): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      "plugin-dir": { type: "string" },
      "cli-config": { type: "string" },
      launcher: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    out.write(INSTALL_USAGE);
    return 0;
  }
  const bundle = bundledProvider();
  const executable = values.launcher ? undefined : singleExecutable();
  if (!executable && !existsSync(bundle)) throw new Error(`The bundled provider is missing at ${bundle}: run npm run build first`);
  const pluginDirectory = values["plugin-dir"] ?? userPluginDirectory();
  const installed = installIntoPluginDirectory(pluginDirectory, bundle, executable ? { singleExecutable: executable } : {});
  out.write(`Installed ${PROVIDER_SOURCE} ${PROVIDER_VERSION} in ${installed.directory}\n`);
  out.write(
    executable
      ? "as a single executable: terraform runs it without Node.js\n"
      : "as a launcher: terraform runs it with the node on PATH (Node.js 20.18 or later)\n",
  );
  if (values["cli-config"]) {
    writeMirrorCliConfig(values["cli-config"], pluginDirectory);
    out.write(`export TF_CLI_CONFIG_FILE=${resolve(values["cli-config"])}\n`);
  }
  return 0;
}
