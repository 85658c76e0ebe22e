/**
 * go-plugin's start-up contract (hashicorp/go-plugin `server.go`, `client.go`), as pure functions:
 * the magic cookie check, the app protocol negotiation, the socket path and the one-line handshake
 * `CORE|APP|NETWORK|ADDRESS|PROTOCOL|SERVERCERT`.
 */
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/** go-plugin's core protocol version: always 1. */
export const CORE_PROTOCOL_VERSION = 1;
/** The only Terraform plugin protocol we speak. */
export const APP_PROTOCOL_VERSION = 6;

export const NOT_A_PLUGIN_MESSAGE =
  "This binary is a plugin. It is not meant to be executed directly.\n" +
  "Run terraform (or another program that uses this plugin); it starts the plugin itself.\n";

export function hasMagicCookie(env: NodeJS.ProcessEnv): boolean {
  return env[MAGIC_COOKIE_KEY] === MAGIC_COOKIE_VALUE;
}

/**
 * Picks the app protocol from PLUGIN_PROTOCOL_VERSIONS, a comma list in any order (go-plugin builds it from a Go
 * map): the highest version both sides support. With no common version the server still answers with its lowest
 * and lets the client report the mismatch, as go-plugin servers do. We support 6 only.
 */
export function negotiateProtocolVersion(
  offered: string | undefined,
  supported: readonly number[] = [APP_PROTOCOL_VERSION],
): { readonly version: number; readonly agreed: boolean } {
  const offers = new Set((offered ?? "").split(",").map((v) => Number(v.trim())));
  const common = supported.filter((v) => offers.has(v));
  if (common.length > 0) return { version: Math.max(...common), agreed: true };
  return { version: Math.min(...supported), agreed: false };
}

/** Unix socket paths are limited to ~108 bytes by the kernel; stay well under, like go-plugin's temp names. */
export const MAX_SOCKET_PATH_BYTES = 100;

/** A fresh socket path in PLUGIN_UNIX_SOCKET_DIR, or the OS temp dir, or /tmp when those are too long. */
export function socketPath(env: NodeJS.ProcessEnv): string {
  const name = `plugin${randomBytes(6).toString("hex")}`;
  for (const dir of [env.PLUGIN_UNIX_SOCKET_DIR, tmpdir(), "/tmp"]) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (Buffer.byteLength(candidate) <= MAX_SOCKET_PATH_BYTES) return candidate;
  }
  throw new Error("No directory gives a unix socket path short enough; set PLUGIN_UNIX_SOCKET_DIR to a short path");
}

export interface HandshakeFields {
  readonly appVersion: number;
  readonly network: "unix" | "tcp";
  readonly address: string;
  /** DER of the server certificate when AutoMTLS is on. */
  readonly serverCertDer?: Uint8Array;
}

/** The handshake line (without newline). The certificate is base64 without padding (Go's RawStdEncoding). */
export function formatHandshake(fields: HandshakeFields): string {
  const cert = fields.serverCertDer ? Buffer.from(fields.serverCertDer).toString("base64").replace(/=+$/, "") : "";
  return [CORE_PROTOCOL_VERSION, fields.appVersion, fields.network, fields.address, "grpc", cert].join("|");
}

export interface ParsedHandshake {
  readonly coreVersion: number;
  readonly appVersion: number;
  readonly network: string;
  readonly address: string;
  readonly protocol: string;
  /** Empty when the plugin serves plaintext. */
  readonly serverCertDer: Buffer;
}

/** Parses a handshake line the way go-plugin's client does (at least 4 fields; field 6 is a cert when long). */
export function parseHandshake(line: string): ParsedHandshake {
  const parts = line.trim().split("|");
  if (parts.length < 4) throw new Error(`Unrecognized remote plugin message: ${line}`);
  const [core = "", app = "", network = "", address = "", protocol = "netrpc", cert = ""] = parts;
  return {
    coreVersion: Number(core),
    appVersion: Number(app),
    network,
    address,
    protocol,
    serverCertDer: cert.length > 50 ? Buffer.from(cert, "base64") : Buffer.alloc(0),
  };
}
