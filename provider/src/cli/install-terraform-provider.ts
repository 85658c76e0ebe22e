import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { installIntoPluginDirectory, userPluginDirectory, writeMirrorCliConfig } from "../terraform/install/local-mirror";
import { PROVIDER_SOURCE, PROVIDER_VERSION } from "../terraform/install/provider-address";

export const INSTALL_USAGE = `Usage: voicegateway install-terraform-provider [--plugin-dir DIR] [--cli-config FILE]

Installs the Voice Gateway Terraform provider (${PROVIDER_SOURCE} ${PROVIDER_VERSION}) where terraform init finds it.

  --plugin-dir DIR    plugin directory to install into (default: ~/.terraform.d/plugins, which a plain
                      terraform init reads when no CLI configuration sets provider_installation)
  --cli-config FILE   also write a CLI configuration that takes ${PROVIDER_SOURCE} from DIR and every other
                      provider from the registry; use it with: export TF_CLI_CONFIG_FILE=FILE
`;

/** The bundled provider ships beside this CLI in the package's dist/bin. */
const bundledProvider = (): string => join(__dirname, "terraform-provider-voicegateway.js");

export function installTerraformProvider(argv: readonly string[], out: NodeJS.WritableStream): number {
  const { values } = parseArgs({
    args: [...argv],
    options: { "plugin-dir": { type: "string" }, "cli-config": { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) {
    out.write(INSTALL_USAGE);
    return 0;
  }
  const bundle = bundledProvider();
  if (!existsSync(bundle)) throw new Error(`The bundled provider is missing at ${bundle}: run npm run build first`);
  const pluginDirectory = values["plugin-dir"] ?? userPluginDirectory();
  const installed = installIntoPluginDirectory(pluginDirectory, bundle);
  out.write(`Installed ${PROVIDER_SOURCE} ${PROVIDER_VERSION} in ${installed.directory}\n`);
  if (values["cli-config"]) {
    writeMirrorCliConfig(values["cli-config"], pluginDirectory);
    out.write(`export TF_CLI_CONFIG_FILE=${resolve(values["cli-config"])}\n`);
  }
  return 0;
}
