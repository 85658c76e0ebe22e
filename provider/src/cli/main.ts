import { INSTALL_USAGE, installTerraformProvider } from "./install-terraform-provider";

const USAGE = `Usage: voicegateway <command> [options]

Commands:
  check-portal                 check that a portal behaves as the provider assumes, before the first apply
  drift                        compare declared accounts with the live portal, per environment and across them
  export                       write Terraform or CDKTF configuration that adopts a portal's existing accounts
  install-terraform-provider   install the Terraform provider where terraform init finds it

Run "voicegateway <command> --help" for a command's options.
`;

type Command = (argv: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => number | Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  "install-terraform-provider": (argv, out) => installTerraformProvider(argv, out),
  drift: (argv, out, err) => import("./drift-command").then((m) => m.driftCommand(argv, { stdout: out, stderr: err })),
  export: (argv, out, err) => import("./export-command").then((m) => m.exportCommand(argv, { stdout: out, stderr: err })),
  "check-portal": (argv, out, err) =>
    import("./check-portal-command").then((m) => m.checkPortalCommand(argv, { stdout: out, stderr: err })),
};

/**
 * Exit codes: 0 success, 1 error (a missing or unknown command too); drift adds 2 for "something drifted", export
 * 2 for "written, but some values need fixing first", check-portal 2 for "the portal differs".
 */
export async function main(
  argv: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    (name ? out : err).write(USAGE);
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    err.write(`Unknown command ${JSON.stringify(name)}.\n\n${USAGE}`);
    return 1;
  }
  try {
    return await command(rest, out, err);
  } catch (error) {
    err.write(`voicegateway ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

export { INSTALL_USAGE };
