import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface ThrowawayCa {
  /** The CA's certificate: what terraform trusts, through SSL_CERT_FILE. */
  readonly caFile: string;
  /** A server certificate and key for `localhost` and 127.0.0.1, issued by that CA. */
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** A one-day CA and a localhost server certificate, made with the openssl CLI in `dir`. */
export function throwawayCa(dir: string): ThrowawayCa {
  mkdirSync(dir, { recursive: true });
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl(
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "1",
    "-subj",
    "/CN=voicegateway test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  );
  openssl("req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost");
  writeFileSync(
    join(dir, "server.ext"),
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
  );
  openssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "1",
    "-extfile",
    "server.ext",
  );
  return { caFile: join(dir, "ca.pem"), cert: readFileSync(join(dir, "server.pem")), key: readFileSync(join(dir, "server.key")) };
}
