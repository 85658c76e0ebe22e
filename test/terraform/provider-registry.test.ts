import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildRelease, type Release } from "../../scripts/release/build-release";
import { type GeneratedSigningKey, generateSigningKey, signDetached } from "../../scripts/release/signing-key";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { pathWithoutNode, SEA_CACHE, testBundle } from "../support/single-executable";
import { type StaticHttpsSite, serveStaticHttps } from "../support/static-https-site";
import { describeWithTerraform, TerraformWorkdir } from "../support/terraform-cli";
import { type ThrowawayCa, throwawayCa } from "../support/throwaway-ca";

/** The platforms of the test release: this machine's, one that only gets the Node launcher, and Windows. */
const PLATFORMS = ["linux_amd64", "darwin_arm64", "windows_amd64"];
const REGISTRY_HOST = "registry.voicegateway.test";
/** Each terraform run here downloads and unpacks packages of ~100 MB; the bound is generous for a loaded machine. */
const TERRAFORM_TEST_MS = 300_000;

const stack = (source: string) => `terraform {
  required_providers {
    voicegateway = { source = "${source}" }
  }
}
resource "voicegateway_account" "a" {
  name = "${uniqueName("registry")}"
}
`;

/** Every file under a directory, recursively. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? filesUnder(join(dir, name)) : [join(dir, name)]));

/** The hashes of one provider in a .terraform.lock.hcl. */
function lockedHashes(lockFile: string): string[] {
  return [...readFileSync(lockFile, "utf8").matchAll(/"((?:h1|zh):[^"]+)"/g)].map((m) => m[1]!).sort();
}

describeWithTerraform("a static provider registry and network mirror served over HTTPS (npm run release)", () => {
  let portal: PortalFixture;
  let dir: string;
  let ca: ThrowawayCa;
  let key: GeneratedSigningKey;
  let passphrase: string;
  let release: Release;
  let releaseLog: string[];
  let site: StaticHttpsSite;
  let nodelessPath: string;
  beforeAll(async () => {
    portal = await startPortal();
    dir = mkdtempSync(join(tmpdir(), "vg-registry-"));
    ca = throwawayCa(join(dir, "ca"));
    passphrase = randomBytes(12).toString("hex");
    key = await generateSigningKey({ name: "Voice Gateway test releases", email: "releases@voicegateway.test" }, passphrase);
    releaseLog = [];
    release = await buildRelease({
      bundle: testBundle(),
      platforms: PLATFORMS,
      out: join(dir, "release"),
      seaDir: join(dir, "sea"),
      seaCache: SEA_CACHE,
      registryHost: REGISTRY_HOST,
      env: { VOICEGATEWAY_SIGNING_KEY: key.privateKeyArmored, VOICEGATEWAY_SIGNING_KEY_PASSPHRASE: passphrase },
      log: (line) => releaseLog.push(line),
    });
    site = await serveStaticHttps(release.site.root, ca);
    nodelessPath = pathWithoutNode(dir);
  }, 900_000);
  afterAll(async () => {
    await site?.close();
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** terraform with our CA trusted and a CLI configuration of its own. */
  function workdir(name: string, cliConfig: string, source: string): TerraformWorkdir {
    const cli = join(dir, `${name}.tfrc`);
    writeFileSync(cli, cliConfig);
    return new TerraformWorkdir({ ...portalEnv(portal), PATH: nodelessPath, SSL_CERT_FILE: ca.caFile, TF_CLI_CONFIG_FILE: cli }).write({
      "main.tf": stack(source),
    });
  }
  const hostBlock = () => `host "${REGISTRY_HOST}" {\n  services = {\n    "providers.v1" = "${site.origin}/v1/providers/"\n  }\n}\n`;
  /** The zh: hashes terraform takes from the signed SHA256SUMS (every line, the manifest's too), and the h1: hashes of the packages it downloaded. */
  const sumsHashes = () =>
    readFileSync(release.artifacts.sums, "utf8")
      .trim()
      .split("\n")
      .map((line) => `zh:${line.split(" ")[0]}`);
  const expectedHashes = (downloaded: readonly string[]) =>
    [...release.artifacts.packages.filter((p) => downloaded.includes(p.platform)).map((p) => p.h1), ...sumsHashes()].sort();

  it("builds single executables where npm has Node.js, the launcher for darwin_arm64, and signs SHA256SUMS", () => {
    expect(Object.fromEntries(release.artifacts.packages.map((p) => [p.platform, p.kind]))).toEqual({
      linux_amd64: "single-executable",
      darwin_arm64: "launcher",
      windows_amd64: "single-executable",
    });
    expect(release.keyId).toBe(key.keyId);
    expect(releaseLog.join("\n")).toContain("darwin_arm64: packaged with the Node launcher");
  });

  it("keeps the private key and its passphrase out of every file it writes and every line it logs", () => {
    const secretLine = key.privateKeyArmored.split("\n").find((l) => l.length > 40)!;
    for (const file of filesUnder(join(dir, "release"))) {
      const text = readFileSync(file).toString("latin1");
      expect(text.includes(secretLine) || text.includes(passphrase)).toBe(false);
    }
    expect(releaseLog.join("\n")).not.toContain(passphrase);
  });

  it(
    "terraform init through a CLI-config host block installs it signed, and it applies with no node on PATH",
    async () => {
      const tf = workdir("host-block", hostBlock(), `${REGISTRY_HOST}/voicegateway/voicegateway`);
      const init = await tf.init();
      expect(init.stdout).toContain(`Installed ${REGISTRY_HOST}/voicegateway/voicegateway v0.1.0 (self-signed, key ID ${key.keyId})`);
      expect(init.stdout).not.toContain("unauthenticated");
      expect(lockedHashes(join(tf.dir, ".terraform.lock.hcl"))).toEqual(expectedHashes(["linux_amd64"]));
      await tf.apply();
      await tf.plan(0);
      await tf.destroy();
      tf.remove();
    },
    TERRAFORM_TEST_MS,
  );

  it(
    "finds the registry through the host's own /.well-known/terraform.json",
    async () => {
      const tf = workdir("discovery", "", `localhost:${site.port}/voicegateway/voicegateway`);
      const init = await tf.init();
      expect(init.stdout).toContain(`(self-signed, key ID ${key.keyId})`);
      expect(site.requests.map((r) => r.path)).toContain("/.well-known/terraform.json");
      tf.remove();
    },
    TERRAFORM_TEST_MS,
  );

  it(
    "refuses a SHA256SUMS signed by a key the registry does not list",
    async () => {
      const signatureFile = join(release.site.root, "releases", "0.1.0", "terraform-provider-voicegateway_0.1.0_SHA256SUMS.sig");
      const genuine = readFileSync(signatureFile);
      const other = await generateSigningKey({ name: "Someone else", email: "else@voicegateway.test" });
      writeFileSync(
        signatureFile,
        (await signDetached(readFileSync(release.artifacts.sums), { armored: other.privateKeyArmored })).signature,
      );
      try {
        const tf = workdir("forged", hostBlock(), `${REGISTRY_HOST}/voicegateway/voicegateway`);
        const init = await tf.run(["init", "-input=false"]);
        expect(init.code).toBe(1);
        expect(init.output).toMatch(/signature|signing key/i);
        tf.remove();
      } finally {
        writeFileSync(signatureFile, genuine);
      }
    },
    TERRAFORM_TEST_MS,
  );

  it(
    "terraform providers lock records h1: and zh: hashes for linux_amd64, darwin_arm64 and windows_amd64",
    async () => {
      const tf = workdir("lock", hostBlock(), `${REGISTRY_HOST}/voicegateway/voicegateway`);
      const locked = await tf.expect(["providers", "lock", ...PLATFORMS.map((p) => `-platform=${p}`)]);
      expect(locked.stdout).toContain(`(self-signed, key ID ${key.keyId})`);
      expect(lockedHashes(join(tf.dir, ".terraform.lock.hcl"))).toEqual(expectedHashes(PLATFORMS));
      tf.remove();
    },
    TERRAFORM_TEST_MS,
  );

  it(
    "installs from the network mirror, checked against the mirror's hashes, and locks every platform through it",
    async () => {
      const mirror = `provider_installation {\n  network_mirror {\n    url = "${site.origin}/mirror/"\n  }\n}\n`;
      const tf = workdir("mirror", mirror, "voicegateway/voicegateway");
      const init = await tf.init();
      // The mirror protocol has no signatures: terraform checks the package against the hashes the mirror lists.
      expect(init.stdout).toContain("Installed voicegateway/voicegateway v0.1.0 (verified checksum)");
      expect(site.requests.map((r) => r.path)).toContain("/mirror/registry.terraform.io/voicegateway/voicegateway/0.1.0.json");
      await tf.apply();
      await tf.destroy();
      const locked = await tf.expect([
        "providers",
        "lock",
        `-net-mirror=${site.origin}/mirror/`,
        ...PLATFORMS.map((p) => `-platform=${p}`),
      ]);
      expect(locked.code).toBe(0);
      expect(lockedHashes(join(tf.dir, ".terraform.lock.hcl"))).toEqual(
        expect.arrayContaining(release.artifacts.packages.map((p) => p.h1)),
      );
      tf.remove();
    },
    TERRAFORM_TEST_MS,
  );
});
