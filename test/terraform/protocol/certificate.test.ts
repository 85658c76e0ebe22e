import { X509Certificate } from "node:crypto";
import { type AddressInfo } from "node:net";
import { connect, createServer } from "node:tls";

import { fromPem, generateSelfSignedCertificate } from "../../../provider/src/terraform/protocol/certificate";
import { namedBits, objectIdentifier, time, unsignedInteger } from "../../../provider/src/terraform/protocol/der";

describe("AutoMTLS certificate", () => {
  it("has go-plugin's shape: SAN localhost, CA, server+client auth, self-signed", () => {
    const cert = generateSelfSignedCertificate();
    const x509 = new X509Certificate(cert.certPem);
    expect(x509.subject).toBe("O=HashiCorp\nCN=localhost");
    expect(x509.subjectAltName).toBe("DNS:localhost");
    expect(x509.ca).toBe(true);
    expect(x509.checkHost("localhost")).toBe("localhost");
    expect(x509.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"]);
    expect(x509.verify(x509.publicKey)).toBe(true);
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(fromPem(cert.certPem)).toEqual(cert.certDer);
    expect(new Date(x509.validFrom).getTime()).toBeLessThan(Date.now());
  });

  it("makes P-521 certificates like terraform's own client certificate", () => {
    const x509 = new X509Certificate(generateSelfSignedCertificate({ curve: "P-521" }).certPem);
    expect(x509.publicKey.asymmetricKeyDetails?.namedCurve).toBe("secp521r1");
    expect(x509.verify(x509.publicKey)).toBe(true);
  });

  it("works as both trust anchor and leaf in a mutual TLS handshake", async () => {
    const server = generateSelfSignedCertificate();
    const client = generateSelfSignedCertificate({ curve: "P-521" });
    const tlsServer = createServer(
      { cert: server.certPem, key: server.keyPem, ca: client.certPem, requestCert: true, rejectUnauthorized: true },
      (socket) => socket.end("ok"),
    );
    await new Promise<void>((resolve) => tlsServer.listen(0, "127.0.0.1", resolve));
    const { port } = tlsServer.address() as AddressInfo;
    try {
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect({
          port,
          host: "127.0.0.1",
          servername: "localhost",
          ca: server.certPem,
          cert: client.certPem,
          key: client.keyPem,
        });
        let data = "";
        socket.on("data", (chunk: Buffer) => (data += chunk.toString()));
        socket.on("end", () => resolve(data));
        socket.on("error", reject);
      });
      expect(reply).toBe("ok");
    } finally {
      await new Promise((resolve) => tlsServer.close(resolve));
    }
  });
});

describe("DER", () => {
  it("encodes key usage bits with trailing zero bits dropped", () => {
    // digitalSignature, keyEncipherment, keyAgreement, keyCertSign = bits 0,2,4,5 -> 0xAC, 2 unused bits
    expect(namedBits([0, 2, 4, 5]).toString("hex")).toBe("030202ac");
  });

  it("encodes OIDs, positive integers and both time forms", () => {
    expect(objectIdentifier("1.2.840.10045.4.3.2").toString("hex")).toBe("06082a8648ce3d040302");
    expect(unsignedInteger(Uint8Array.of(0x80)).toString("hex")).toBe("02020080");
    expect(unsignedInteger(Uint8Array.of(0, 0, 5)).toString("hex")).toBe("020105");
    expect(
      time(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))
        .toString("ascii")
        .slice(2),
    ).toBe("260102030405Z");
    expect(
      time(new Date(Date.UTC(2056, 0, 2, 3, 4, 5)))
        .toString("ascii")
        .slice(2),
    ).toBe("20560102030405Z");
  });
});
