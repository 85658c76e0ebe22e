import {
  formatHandshake,
  hasMagicCookie,
  MAGIC_COOKIE_VALUE,
  negotiateProtocolVersion,
  parseHandshake,
  socketPath,
} from "../../../provider/src/terraform/protocol/handshake";

describe("go-plugin handshake", () => {
  it("checks the terraform magic cookie", () => {
    expect(hasMagicCookie({ TF_PLUGIN_MAGIC_COOKIE: MAGIC_COOKIE_VALUE })).toBe(true);
    expect(hasMagicCookie({ TF_PLUGIN_MAGIC_COOKIE: "nope" })).toBe(false);
    expect(hasMagicCookie({})).toBe(false);
  });

  it("picks protocol 6 from the offered list in any order, and answers 6 without a match", () => {
    expect(negotiateProtocolVersion("5,6")).toEqual({ version: 6, agreed: true });
    expect(negotiateProtocolVersion("6,5")).toEqual({ version: 6, agreed: true });
    expect(negotiateProtocolVersion(" 6 ")).toEqual({ version: 6, agreed: true });
    expect(negotiateProtocolVersion("5")).toEqual({ version: 6, agreed: false });
    expect(negotiateProtocolVersion(undefined)).toEqual({ version: 6, agreed: false });
    expect(negotiateProtocolVersion("5,6,7", [6, 7])).toEqual({ version: 7, agreed: true });
  });

  it("writes the certificate base64 without padding, and nothing for plaintext", () => {
    const der = Buffer.alloc(100, 7); // 100 bytes -> base64 ends with "="
    const line = formatHandshake({ appVersion: 6, network: "unix", address: "/tmp/plugin1", serverCertDer: der });
    expect(line).toBe(`1|6|unix|/tmp/plugin1|grpc|${der.toString("base64").replace(/=+$/, "")}`);
    expect(line.endsWith("=")).toBe(false);
    expect(parseHandshake(line).serverCertDer).toEqual(der);
    expect(formatHandshake({ appVersion: 6, network: "unix", address: "/tmp/p" })).toBe("1|6|unix|/tmp/p|grpc|");
  });

  it("rejects a first line that is not a handshake, as go-plugin does", () => {
    expect(() => parseHandshake("hello from a dependency")).toThrow("Unrecognized remote plugin message");
  });

  it("keeps the socket path under 100 bytes, honouring PLUGIN_UNIX_SOCKET_DIR", () => {
    expect(socketPath({ PLUGIN_UNIX_SOCKET_DIR: "/run/x" })).toMatch(/^\/run\/x\/plugin[0-9a-f]{12}$/);
    const long = `/tmp/${"d".repeat(120)}`;
    expect(Buffer.byteLength(socketPath({ PLUGIN_UNIX_SOCKET_DIR: long }))).toBeLessThanOrEqual(100);
  });
});
