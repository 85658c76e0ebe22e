#!/usr/bin/env node
import { CLI_USAGE, CliUsageError, parseCliArgs, startEmulator } from "../emulator";
import { writeEnvFile } from "../emulator/env-file";
import { startedByPackageManager } from "../emulator/launcher-exit";
import { isLoopbackAddress } from "../emulator/loopback";
import { whenParentExits } from "../parent-process";

/**
 * Starts the portal emulator and prints the three environment lines a provider test needs, nothing before them,
 * so a parent process can read them from stdout. Everything else goes to stderr.
 */
async function main(argv: readonly string[]): Promise<void> {
  const command = parseCliArgs(argv);
  if (command.kind === "help") {
    process.stdout.write(CLI_USAGE);
    return;
  }
  const emulator = await startEmulator(command.options);
  if (!isLoopbackAddress(emulator.boundAddress)) process.stderr.write(exposureWarning(emulator.boundAddress, emulator.port));
  if (command.verbose) {
    emulator.requests.onRecord((r) => {
      process.stderr.write(`${r.method} ${r.path} ${r.status || r.outcome} ${r.durationMs}ms\n`);
    });
  }
  const variables = {
    VOICEGATEWAY_API_URL: emulator.apiUrl,
    VOICEGATEWAY_API_KEY: emulator.adminKey,
    VOICEGATEWAY_SERVICE_PROVIDER_SID: emulator.serviceProviderSid,
  };
  process.stdout.write(
    Object.entries(variables)
      .map(([name, value]) => `${name}=${value}\n`)
      .join(""),
  );
  const removeEnvFile = command.envFile === undefined ? () => undefined : writeEnvFile(command.envFile, variables);
  process.once("exit", removeEnvFile);

  const stop = (): void => {
    // Exit promptly even if a client holds a connection open.
    setTimeout(() => process.exit(0), 2000).unref();
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // npm's `sh -c` may be killed without us (see launcher-exit.ts): stop with it.
  if (startedByPackageManager()) whenParentExits(stop, { intervalMs: 200 });
}

function exposureWarning(address: string, port: number): string {
  const where = address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
  return [
    `voicegateway-emulator: WARNING: listening on ${where}, where other machines can reach it. The emulator is a`,
    "test fixture, not a secure server: whoever has its admin key (printed on stdout, or fixed with --admin-key)",
    "controls the whole portal and the /_emulator fault API, over plain HTTP. Keep the default --host 127.0.0.1",
    "unless other machines must reach it.",
    "",
  ].join("\n");
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof CliUsageError) {
    process.stderr.write(`voicegateway-emulator: ${err.message}\n\n${CLI_USAGE}`);
    process.exit(2);
  }
  process.stderr.write(`voicegateway-emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
