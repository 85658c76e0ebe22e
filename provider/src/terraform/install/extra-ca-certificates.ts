/**
 * NODE_EXTRA_CA_CERTS, handed from the launcher to the portal client.
 *
 * Node reads and parses that file at every start, before any code runs: about 90 ms for a system CA bundle, paid by
 * each of terraform's 3-5 provider processes per command, while only the processes that call the portal need it.
 * So the launcher moves the path to `VOICEGATEWAY_NODE_EXTRA_CA_CERTS`, and the portal client's own Agent trusts
 * those certificates beside Node's bundled store, as Node would have. It leaves the variable alone when NODE_OPTIONS
 * or NODE_USE_SYSTEM_CA picks another store, which an explicit CA list would replace. The single executable is
 * started by terraform directly, so Node reads the variable there as usual.
 */
import { readFileSync } from "node:fs";

import { holdsPemCertificate } from "../../core/client/options";

export const LAUNCHER_EXTRA_CA_VARIABLE = "VOICEGATEWAY_NODE_EXTRA_CA_CERTS";

/** The launcher's shell lines that move the variable (POSIX sh). */
export const MOVE_EXTRA_CA_CERTS = `if [ -n "\${NODE_EXTRA_CA_CERTS-}" ] && [ -z "\${NODE_USE_SYSTEM_CA-}" ]; then
  case " \${NODE_OPTIONS-} " in
    *--use-openssl-ca*|*--use-system-ca*) ;;
    *) ${LAUNCHER_EXTRA_CA_VARIABLE}=$NODE_EXTRA_CA_CERTS; export ${LAUNCHER_EXTRA_CA_VARIABLE}; unset NODE_EXTRA_CA_CERTS ;;
  esac
fi
`;

export interface ExtraCaWarning {
  warn(message: string, fields: Record<string, unknown>): void;
}

/**
 * The certificates the launcher handed on, as the portal client option. A file that cannot be read or holds no
 * certificate is left out with a warning, which is what Node does with NODE_EXTRA_CA_CERTS.
 */
export function launcherExtraCaCertificates(
  env: Readonly<Record<string, string | undefined>>,
  log: ExtraCaWarning,
): { extraCaCertificates?: string } {
  const file = env[LAUNCHER_EXTRA_CA_VARIABLE];
  if (!file) return {};
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    log.warn("ignoring NODE_EXTRA_CA_CERTS: the file could not be read", {
      file,
      error: error instanceof Error ? error.message : String(error),
    });
    return {};
  }
  // Checked here, not left to the client's option check: Node skips such a file with a warning, and so do we.
  if (!holdsPemCertificate(text)) {
    log.warn("ignoring NODE_EXTRA_CA_CERTS: the file holds no PEM certificate", { file });
    return {};
  }
  return { extraCaCertificates: text };
}
