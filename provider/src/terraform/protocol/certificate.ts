/**
 * The throwaway certificate for go-plugin's AutoMTLS, built with node:crypto and a small DER writer (no X.509
 * dependency, so start-up stays fast). Same shape as go-plugin's own (`mtls.go`): self-signed ECDSA, CN and SAN
 * DNS `localhost` (Go ignores the CN, so the SAN is what makes it valid), O `HashiCorp`, CA, extended key usage
 * server+client auth, key usage digitalSignature | keyEncipherment | keyAgreement | certSign. The same certificate
 * is the trust anchor on the other side, which is why it must be a CA.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from "node:crypto";

import {
  bitString,
  boolean,
  explicit,
  ia5String,
  implicitPrimitive,
  namedBits,
  objectIdentifier,
  octetString,
  sequence,
  set,
  smallInteger,
  time,
  unsignedInteger,
  utf8String,
} from "./der";

export type CertificateCurve = "P-256" | "P-384" | "P-521";

export interface SelfSignedCertificate {
  /** PEM of the certificate. */
  readonly certPem: string;
  /** PKCS#8 PEM of the private key. */
  readonly keyPem: string;
  /** DER of the certificate (go-plugin's handshake carries it base64, unpadded). */
  readonly certDer: Buffer;
}

export interface CertificateOptions {
  /** @default "P-256" (go-plugin uses P-521; Terraform accepts either) */
  readonly curve?: CertificateCurve;
  /** @default "localhost" */
  readonly host?: string;
  /** @default - 30 seconds ago, as go-plugin does, to absorb clock skew */
  readonly notBefore?: Date;
  /** @default - 262980 hours (30 years) after notBefore, go-plugin's lifetime */
  readonly notAfter?: Date;
}

/** `pointLength`: the uncompressed public point (0x04 || X || Y) that ends the exported SubjectPublicKeyInfo. */
const CURVES: Record<CertificateCurve, { nodeName: string; hash: string; signatureOid: string; pointLength: number }> = {
  "P-256": { nodeName: "prime256v1", hash: "sha256", signatureOid: "1.2.840.10045.4.3.2", pointLength: 65 },
  "P-384": { nodeName: "secp384r1", hash: "sha384", signatureOid: "1.2.840.10045.4.3.3", pointLength: 97 },
  "P-521": { nodeName: "secp521r1", hash: "sha512", signatureOid: "1.2.840.10045.4.3.4", pointLength: 133 },
};

const OID = {
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  extKeyUsage: "2.5.29.37",
  serverAuth: "1.3.6.1.5.5.7.3.1",
  clientAuth: "1.3.6.1.5.5.7.3.2",
};

const KEY_USAGE_BITS = { digitalSignature: 0, keyEncipherment: 2, keyAgreement: 4, keyCertSign: 5 };

function extension(oid: string, critical: boolean, value: Uint8Array): Buffer {
  return critical
    ? sequence(objectIdentifier(oid), boolean(true), octetString(value))
    : sequence(objectIdentifier(oid), octetString(value));
}

function name(host: string): Buffer {
  return sequence(
    set(sequence(objectIdentifier(OID.organization), utf8String("HashiCorp"))),
    set(sequence(objectIdentifier(OID.commonName), utf8String(host))),
  );
}

export function generateSelfSignedCertificate(options: CertificateOptions = {}): SelfSignedCertificate {
  const curve = CURVES[options.curve ?? "P-256"];
  const host = options.host ?? "localhost";
  const notBefore = options.notBefore ?? new Date(Date.now() - 30_000);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 262_980 * 3_600_000);
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: curve.nodeName });
  const spki = publicKey.export({ type: "spki", format: "der" });

  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01; // positive and non-zero (Go rejects negative serials)
  const signatureAlgorithm = sequence(objectIdentifier(curve.signatureOid));

  const tbs = sequence(
    explicit(0, smallInteger(2)), // v3
    unsignedInteger(serial),
    signatureAlgorithm,
    name(host),
    sequence(time(notBefore), time(notAfter)),
    name(host),
    spki,
    explicit(
      3,
      sequence(
        extension(OID.keyUsage, true, namedBits(Object.values(KEY_USAGE_BITS))),
        extension(OID.extKeyUsage, false, sequence(objectIdentifier(OID.serverAuth), objectIdentifier(OID.clientAuth))),
        extension(OID.basicConstraints, true, sequence(boolean(true))),
        extension(OID.subjectKeyIdentifier, false, octetString(subjectKeyId(spki, curve.pointLength))),
        extension(OID.subjectAltName, false, sequence(implicitPrimitive(2, Buffer.from(host, "ascii")))),
      ),
    ),
  );
  const signature = sign(curve.hash, tbs, privateKey);
  const certDer = sequence(tbs, signatureAlgorithm, bitString(signature));
  return { certDer, certPem: toPem(certDer, "CERTIFICATE"), keyPem: exportKey(privateKey) };
}

/** RFC 5280 method 1 (what Go does): SHA-1 of the public key bits, the point at the end of the SPKI. */
function subjectKeyId(spki: Buffer, pointLength: number): Buffer {
  return createHash("sha1")
    .update(spki.subarray(spki.length - pointLength))
    .digest();
}

function exportKey(key: KeyObject): string {
  return key.export({ type: "pkcs8", format: "pem" }).toString();
}

export function toPem(der: Uint8Array, label: string): string {
  const base64 = Buffer.from(der).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/** The DER inside the first PEM block with `label`. */
export function fromPem(pem: string, label = "CERTIFICATE"): Buffer {
  const match = new RegExp(`-----BEGIN ${label}-----([\\s\\S]*?)-----END ${label}-----`).exec(pem);
  if (!match) throw new Error(`No ${label} PEM block found`);
  return Buffer.from((match[1] ?? "").replace(/\s+/g, ""), "base64");
}
