import {
  canonicalGoogleServiceKey,
  googleServiceKeyLooksMasked,
  looksMasked,
  maskFingerprint,
  maskGoogleServiceKey,
  maskSecret,
} from "../../../provider/src/core/secrets/portal-mask";

describe("portal masking (portal-behaviour.md §3.3)", () => {
  it("keeps the first six characters and replaces the rest with X, preserving the length", () => {
    expect(maskSecret("wJalrXUtnFEMI/K7MDENG")).toBe("wJalrXXXXXXXXXXXXXXXX");
    expect(maskSecret("wJalrXUtnFEMI/K7MDENG")).toHaveLength(21);
  });

  it("returns secrets of six characters or fewer unmasked, as the portal does", () => {
    expect(maskSecret("abcdef")).toBe("abcdef");
  });

  it("is idempotent", () => {
    const once = maskSecret("super-secret-value");
    expect(maskSecret(once)).toBe(once);
  });

  it("recognises what the portal treats as masked: 4-6 letters or digits then X's", () => {
    expect(looksMasked("abcdXX")).toBe(true);
    expect(looksMasked("wJalrXXXXXXXX")).toBe(true);
    expect(looksMasked("abc/XXXX")).toBe(false);
    expect(looksMasked("plain-secret")).toBe(false);
  });

  it("masks a Google private key after its header and re-serialises compactly", () => {
    const key = JSON.stringify(
      { client_email: "a@b", private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvgIBAD\n-----END PRIVATE KEY-----\n" },
      null,
      2,
    );
    const masked = maskGoogleServiceKey(key)!;
    expect(JSON.parse(masked).private_key).toBe("-----BEGIN PRIVATE KEY-----\nMIIEvg" + "X".repeat(31));
    expect(masked).not.toContain("\n  ");
    expect(googleServiceKeyLooksMasked(masked)).toBe(true);
    expect(maskGoogleServiceKey(masked)).toBe(masked);
  });

  it("compares Google keys regardless of formatting and key order", () => {
    const a = JSON.stringify({ private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADAN", client_email: "a@b" });
    const b = JSON.stringify({ client_email: "a@b", private_key: "-----BEGIN PRIVATE KEY-----\nMIIEvgXXXXXX" }, null, 4);
    expect(canonicalGoogleServiceKey(a)).toBe(canonicalGoogleServiceKey(b));
  });

  it("fingerprints a mask without containing any of its characters", () => {
    const print = maskFingerprint(maskSecret("wJalrXUtnFEMI"));
    expect(print).toMatch(/^[0-9a-f]{64}$/);
    expect(print).not.toContain("wJalr");
  });
});
