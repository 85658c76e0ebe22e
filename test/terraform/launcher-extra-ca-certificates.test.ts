import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { launcherExtraCaCertificates } from "../../provider/src/terraform/install/extra-ca-certificates";
import { installIntoPluginDirectory } from "../../provider/src/terraform/install/local-mirror";
import { type HttpsFront, httpsFront } from "../support/https-front";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";
import { throwawayCa } from "../support/throwaway-ca";

// The launcher moves NODE_EXTRA_CA_CERTS from node's start-up to the portal client (extra-ca-certificates.ts).

describe("the launcher's NODE_EXTRA_CA_CERTS hand-off", () => {
  let dir: string;
  let launcher: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "vg-launcher-ca-"));
    // A stand-in bundle that prints what node and the provider would see.
    const probe = join(dir, "probe.js");
    writeFileSync(
      probe,
      "process.stdout.write(JSON.stringify({ node: process.env.NODE_EXTRA_CA_CERTS ?? null, provider: process.env.VOICEGATEWAY_NODE_EXTRA_CA_CERTS ?? null }));\n",
    );
    launcher = installIntoPluginDirectory(join(dir, "plugins"), probe).executable;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const seen = (env: Record<string, string>) =>
    JSON.parse(
      // stderr is kept: where node keeps the variable it warns that the made-up file is missing
      execFileSync(launcher, [], {
        env: { PATH: process.env.PATH ?? "", VOICEGATEWAY_CODE_CACHE: "off", ...env },
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    ) as { node: string | null; provider: string | null };

  it("moves it to the provider, so node does not load it at start", () => {
    expect(seen({ NODE_EXTRA_CA_CERTS: "/etc/corp-ca.pem" })).toEqual({ node: null, provider: "/etc/corp-ca.pem" });
  });

  it.each([
    ["NODE_OPTIONS=--use-openssl-ca", { NODE_OPTIONS: "--use-openssl-ca" }],
    ["NODE_OPTIONS holds --use-openssl-ca among others", { NODE_OPTIONS: "--max-old-space-size=512 --use-openssl-ca" }],
    ["NODE_USE_SYSTEM_CA=1", { NODE_USE_SYSTEM_CA: "1" }],
  ])("leaves it to node when %s picks another CA store", (_name, extra) => {
    expect(seen({ NODE_EXTRA_CA_CERTS: "/etc/corp-ca.pem", ...extra })).toEqual({ node: "/etc/corp-ca.pem", provider: null });
  });

  it("hands nothing on when the variable is unset or empty", () => {
    expect(seen({})).toEqual({ node: null, provider: null });
    expect(seen({ NODE_EXTRA_CA_CERTS: "" })).toEqual({ node: "", provider: null });
  });
});

describe("the provider's reading of the handed-on file", () => {
  let dir: string;
  const warnings: { message: string; fields: Record<string, unknown> }[] = [];
  const log = { warn: (message: string, fields: Record<string, unknown>) => void warnings.push({ message, fields }) };
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "vg-extra-ca-file-"))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => (warnings.length = 0));
  const read = (file: string) => launcherExtraCaCertificates({ VOICEGATEWAY_NODE_EXTRA_CA_CERTS: file }, log);

  it("gives the portal client the certificates", () => {
    const ca = throwawayCa(join(dir, "ca"));
    expect(read(ca.caFile)).toEqual({ extraCaCertificates: readFileSync(ca.caFile, "utf8") });
    expect(warnings).toEqual([]);
  });

  it("goes on without a file it cannot read or that holds no certificate, with a warning naming it, as node does", () => {
    expect(read(join(dir, "missing.pem"))).toEqual({});
    const empty = join(dir, "empty.pem");
    writeFileSync(empty, "no certificates here\n");
    expect(read(empty)).toEqual({});
    expect(warnings.map((w) => [w.message, w.fields.file])).toEqual([
      ["ignoring NODE_EXTRA_CA_CERTS: the file could not be read", join(dir, "missing.pem")],
      ["ignoring NODE_EXTRA_CA_CERTS: the file holds no PEM certificate", empty],
    ]);
  });
});

describeWithTerraform("NODE_EXTRA_CA_CERTS with real terraform, a portal behind a private CA", () => {
  let portal: PortalFixture;
  let front: HttpsFront;
  let dir: string;
  let caFile: string;
  let probeLog: string;
  let tf: TerraformWorkdir;
  const name = uniqueName("private-ca");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "vg-private-ca-"));
    const ca = throwawayCa(dir);
    caFile = ca.caFile;
    portal = await startPortal();
    front = await httpsFront(new URL(portal.apiUrl).origin, ca);
    // Each provider process records what it was started with.
    probeLog = join(dir, "provider-env.log");
    const probe = join(dir, "probe.js");
    writeFileSync(
      probe,
      `require("fs").appendFileSync(${JSON.stringify(probeLog)}, JSON.stringify([process.env.NODE_EXTRA_CA_CERTS ?? null, process.env.VOICEGATEWAY_NODE_EXTRA_CA_CERTS ?? null]) + "\\n");\n`,
    );
    tf = new TerraformWorkdir({
      ...portalEnv(portal),
      VOICEGATEWAY_API_URL: `${front.origin}${new URL(portal.apiUrl).pathname}`,
      NODE_OPTIONS: `--require ${probe}`,
    }).write({ "main.tf": `${PROVIDER_BLOCK}\nresource "voicegateway_account" "a" {\n  name = "${name}"\n}\n` });
    await tf.init();
  });
  afterAll(async () => {
    await tf.run(["destroy", "-auto-approve", "-input=false"], { NODE_EXTRA_CA_CERTS: caFile });
    tf.remove();
    await front.close();
    await portal.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const started = () =>
    readFileSync(probeLog, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as [string | null, string | null]);

  it("fails at plan without it, saying the certificate was not accepted and how to trust it", async () => {
    const result = await tf.run(["plan", "-input=false"]);
    expect(result.code).toBe(1);
    expect(result.output.replace(/\s+/g, " ")).toContain("presented a TLS certificate that was not accepted");
    expect(result.output.replace(/\s+/g, " ")).toContain("set NODE_EXTRA_CA_CERTS to that CA's PEM file");
  });

  it("applies with it, each provider process getting the file for its portal client and not at node's start", async () => {
    rmSync(probeLog, { force: true });
    await tf.expect(["apply", "-auto-approve", "-input=false"], 0, { NODE_EXTRA_CA_CERTS: caFile });
    expect(started().length).toBeGreaterThanOrEqual(2);
    for (const [node, provider] of started()) expect({ node, provider }).toEqual({ node: null, provider: caFile });
    expect(await tf.resource("voicegateway_account.a")).toMatchObject({ name });
    await tf.expect(["plan", "-detailed-exitcode", "-input=false"], 0, { NODE_EXTRA_CA_CERTS: caFile });
  });

  it("when node keeps it (NODE_OPTIONS picks the OpenSSL store), node's own trust still serves the portal", async () => {
    rmSync(probeLog, { force: true });
    const probe = join(dir, "probe.js");
    await tf.expect(["plan", "-detailed-exitcode", "-input=false"], 0, {
      NODE_EXTRA_CA_CERTS: caFile,
      NODE_OPTIONS: `--require ${probe} --use-openssl-ca`,
    });
    for (const [node, provider] of started()) expect({ node, provider }).toEqual({ node: caFile, provider: null });
  });
});
