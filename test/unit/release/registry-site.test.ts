import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeReleaseArtifacts } from "../../../provider/src/terraform/install/release-artifacts";
import { writeRegistrySite } from "../../../scripts/release/registry-site";

describe("the release's static registry site", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "vg-site-"));
    writeFileSync(join(dir, "bundle.js"), "// a stand-in bundle\n");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const json = (...path: string[]) => JSON.parse(readFileSync(join(dir, "site", ...path), "utf8")) as Record<string, unknown>;
  const release = (version: string) => {
    const artifacts = writeReleaseArtifacts(join(dir, version), join(dir, "bundle.js"), { version, platforms: ["linux_amd64"] });
    writeFileSync(`${artifacts.sums}.sig`, "signature");
    return writeRegistrySite(join(dir, "site"), {
      artifacts,
      signing: { signatureFile: `${artifacts.sums}.sig`, publicKeyArmored: "PUBLIC", keyId: "0123456789ABCDEF" },
      mirrorHosts: ["registry.terraform.io"],
      pathPrefix: "/terraform",
    });
  };

  it("keeps the versions already published when a new one is added", () => {
    release("0.1.0");
    release("0.2.0");
    const versions = json("v1", "providers", "voicegateway", "voicegateway", "versions") as { versions: { version: string }[] };
    expect(versions.versions.map((v) => v.version)).toEqual(["0.1.0", "0.2.0"]);
    expect(
      Object.keys((json("mirror", "registry.terraform.io", "voicegateway", "voicegateway", "index.json") as { versions: object }).versions),
    ).toEqual(["0.1.0", "0.2.0"]);
  });

  it("points discovery at the path prefix and every download at a relative URL inside the site", () => {
    expect(json(".well-known", "terraform.json")).toEqual({ "providers.v1": "/terraform/v1/providers/" });
    const download = json("v1", "providers", "voicegateway", "voicegateway", "0.2.0", "download", "linux", "amd64");
    // From v1/providers/voicegateway/voicegateway/0.2.0/download/linux/ seven levels up is the site's root.
    expect(download.download_url).toBe("../../../../../../../releases/0.2.0/terraform-provider-voicegateway_0.2.0_linux_amd64.zip");
    expect(download.signing_keys).toEqual({
      gpg_public_keys: [{ key_id: "0123456789ABCDEF", ascii_armor: "PUBLIC", trust_signature: "", source: "", source_url: "" }],
    });
    const zip = readFileSync(join(dir, "site", "releases", "0.2.0", "terraform-provider-voicegateway_0.2.0_linux_amd64.zip"));
    expect(zip.length).toBeGreaterThan(0);
  });
});
