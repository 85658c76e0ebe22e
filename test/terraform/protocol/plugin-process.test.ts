import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";

import * as grpc from "@grpc/grpc-js";

import { isUnknown } from "../../../provider/src/core/schema/unknown";
import { generateSelfSignedCertificate } from "../../../provider/src/terraform/protocol/certificate";
import { decodeDynamicValue, encodeDynamicValue } from "../../../provider/src/terraform/protocol/dynamic-value";
import { PROVIDER_SERVICE_NAME } from "../../../provider/src/terraform/protocol/grpc-services";
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from "../../../provider/src/terraform/protocol/handshake";
import { DiagnosticSeverity } from "../../../provider/src/terraform/protocol/messages";
import { impliedTypeFromProto } from "../../../provider/src/terraform/protocol/schema-types";
import { isRunning, type ProcessInfo, processInfo, waitFor } from "../../support/processes";
import { runProviderToExit, TerraformEngine } from "../../support/terraform-engine";
import { buildProbeBundle, type ProbeBundle } from "./fixtures/build-probe";

/** Long enough for a loaded machine: a provider that exits by itself is never killed by the test. */
const SHUTDOWN_GRACE_MS = 20_000;

// The fixture provider, bundled into one file by esbuild and started as terraform would start it.
describe("plugin process (bundled fixture provider over go-plugin + mTLS)", () => {
  let bundle: ProbeBundle;
  let engine: TerraformEngine;

  const start = (extra: Partial<Parameters<typeof TerraformEngine.start>[0]> = {}) =>
    TerraformEngine.start({
      command: process.execPath,
      args: [bundle.bundlePath],
      env: { PROBE_DB_PATH: join(bundle.dir, "db.json"), TF_LOG_PROVIDER: "debug" },
      ...extra,
    });

  beforeAll(async () => {
    bundle = await buildProbeBundle();
    engine = await start();
  });

  afterAll(async () => {
    await engine?.kill();
    if (bundle) rmSync(bundle.dir, { recursive: true, force: true });
  });

  it("prints the handshake as the first stdout line, even though the impl logs to the console while loading", () => {
    expect(engine.handshakeLine).toMatch(/^1\|6\|unix\|\/[^|]+\|grpc\|[A-Za-z0-9+/]{100,}$/);
    expect(engine.handshakeLine).not.toContain("=");
    expect(Buffer.byteLength(engine.handshake.address)).toBeLessThanOrEqual(100);
    expect(engine.stdoutAfterHandshake()).toBe("");
    expect(engine.stderr()).toContain("probe-impl loaded");
    expect(engine.stderr()).toContain("process.stdout.write at load");
  });

  it("answers protocol 6 whatever order the versions come in", async () => {
    const reversed = await start({ protocolVersions: "6,5" });
    const five = await start({ protocolVersions: "5" });
    try {
      expect(reversed.handshake.appVersion).toBe(6);
      expect(five.handshake.appVersion).toBe(6);
    } finally {
      await reversed.kill();
      await five.kill();
    }
  });

  it("puts its socket in PLUGIN_UNIX_SOCKET_DIR", async () => {
    const own = await start({ env: { PROBE_DB_PATH: join(bundle.dir, "db.json"), PLUGIN_UNIX_SOCKET_DIR: bundle.dir } });
    try {
      expect(own.handshake.address.startsWith(`${bundle.dir}/plugin`)).toBe(true);
      await expect(own.healthCheck()).resolves.toEqual({ status: 1 });
    } finally {
      await own.shutdown();
    }
  });

  it("serves a certificate valid for localhost that verifies our client certificate", async () => {
    const { X509Certificate } = await import("node:crypto");
    const cert = new X509Certificate(engine.handshake.serverCertDer);
    expect(cert.subjectAltName).toBe("DNS:localhost");
    expect(cert.ca).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    await expect(engine.healthCheck("plugin")).resolves.toEqual({ status: 1 });
    await expect(engine.healthCheck("")).resolves.toEqual({ status: 1 });
  });

  it("fails for a rogue client certificate and for no client certificate", async () => {
    const rogue = engine.dial(PROVIDER_SERVICE_NAME, engine.credentials(generateSelfSignedCertificate({ curve: "P-521" })));
    await expect(engine.unary(rogue, PROVIDER_SERVICE_NAME, "GetProviderSchema")).rejects.toMatchObject({ code: grpc.status.UNAVAILABLE });
    const anonymous = engine.dial(PROVIDER_SERVICE_NAME, engine.credentials(null));
    await expect(engine.unary(anonymous, PROVIDER_SERVICE_NAME, "GetProviderSchema")).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
    const plaintext = engine.dial(PROVIDER_SERVICE_NAME, grpc.credentials.createInsecure());
    await expect(engine.unary(plaintext, PROVIDER_SERVICE_NAME, "GetProviderSchema")).rejects.toMatchObject({
      code: grpc.status.UNAVAILABLE,
    });
  });

  it("serves the schema, and UNIMPLEMENTED for RPCs its implementation does not have", async () => {
    const schema = await engine.provider.getProviderSchema();
    expect(Object.keys(schema.resourceSchemas ?? {})).toEqual(["voicegateway_probe"]);
    expect(schema.provider).toBeDefined();
    expect(schema.serverCapabilities).toEqual({
      planDestroy: false,
      getProviderSchemaOptional: false,
      moveResourceState: false,
      generateResourceConfig: false,
    });
    // Terraform 1.12+ reads UNIMPLEMENTED as "no identities", 1.14+ as "no lists, actions or generated config".
    for (const rpc of ["GetResourceIdentitySchemas", "GenerateResourceConfig", "ValidateActionConfig", "PlanAction"]) {
      await expect(engine.provider.call(rpc)).rejects.toMatchObject({ code: grpc.status.UNIMPLEMENTED });
    }
    await expect(engine.provider.listResource({ typeName: "voicegateway_probe", limit: 1n })).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
    });
    await expect(engine.provider.invokeAction({ actionType: "voicegateway_probe" })).rejects.toMatchObject({
      code: grpc.status.UNIMPLEMENTED,
    });
  });

  it("runs create, read, import and delete, with thrown errors coming back as diagnostics", async () => {
    const schema = (await engine.provider.getProviderSchema()).resourceSchemas!.voicegateway_probe!;
    const type = impliedTypeFromProto(schema);
    await engine.provider.configureProvider({
      terraformVersion: "1.11.4",
      config: encodeDynamicValue({ id_prefix: "t-" }, impliedTypeFromProto((await engine.provider.getProviderSchema()).provider!)),
    });

    const invalid = await engine.provider.validateResourceConfig({
      typeName: "voicegateway_probe",
      config: encodeDynamicValue({ name: "invalid" }, type),
    });
    expect(invalid.diagnostics).toEqual([
      {
        severity: DiagnosticSeverity.ERROR,
        summary: "Invalid Name",
        detail: 'The name "invalid" is reserved.',
        attribute: { steps: [{ selector: { case: "attributeName", value: "name" } }] },
      },
    ]);
    const exploded = await engine.provider.validateResourceConfig({
      typeName: "voicegateway_probe",
      config: encodeDynamicValue({ name: "throw" }, type),
    });
    expect(exploded.diagnostics?.[0]).toMatchObject({ severity: DiagnosticSeverity.ERROR, summary: "Unexpected Provider Error" });
    expect(exploded.diagnostics?.[0]?.detail).toContain("validation exploded");

    const config = encodeDynamicValue({ name: "one", labels: { env: "test" } }, type);
    const plan = await engine.provider.planResourceChange({
      typeName: "voicegateway_probe",
      priorState: encodeDynamicValue(null, type),
      proposedNewState: config,
      config,
    });
    const planned = decodeDynamicValue(plan.plannedState, type) as Record<string, unknown>;
    expect(isUnknown(planned.id)).toBe(true);
    expect(plan.legacyTypeSystem).toBe(false);

    const applied = await engine.provider.applyResourceChange({
      typeName: "voicegateway_probe",
      priorState: encodeDynamicValue(null, type),
      plannedState: plan.plannedState,
      config,
    });
    const state = decodeDynamicValue(applied.newState, type) as Record<string, unknown>;
    expect(state).toMatchObject({ name: "one", labels: { env: "test" }, size: 1 });
    expect(state.id).toMatch(/^t-/);

    const read = await engine.provider.readResource({
      typeName: "voicegateway_probe",
      currentState: applied.newState,
      private: applied.private as Buffer,
    });
    expect(decodeDynamicValue(read.newState, type)).toEqual(state);
    expect(Buffer.from(read.private ?? []).toString()).toBe('{"etag":"e1"}');

    const upgraded = await engine.provider.upgradeResourceState({
      typeName: "voicegateway_probe",
      version: 0n,
      rawState: { json: Buffer.from(JSON.stringify({ ...state, removed_attribute: 1 })), flatmap: {} },
    });
    expect(upgraded.diagnostics).toEqual([]);
    expect(decodeDynamicValue(upgraded.upgradedState, type)).toEqual(state);

    const imported = await engine.provider.importResourceState({ typeName: "voicegateway_probe", id: state.id as string });
    expect(decodeDynamicValue(imported.importedResources?.[0]?.state, type)).toEqual(state);

    const deleted = await engine.provider.applyResourceChange({
      typeName: "voicegateway_probe",
      priorState: applied.newState,
      plannedState: encodeDynamicValue(null, type),
    });
    expect(decodeDynamicValue(deleted.newState, type)).toBeNull();
    const gone = await engine.provider.readResource({ typeName: "voicegateway_probe", currentState: applied.newState });
    expect(decodeDynamicValue(gone.newState, type)).toBeNull();

    const missing = await engine.provider.readDataSource({ typeName: "voicegateway_nothing" });
    expect(missing.diagnostics?.[0]?.summary).toBe("Operation Not Supported");
  });

  it("logs in hclog JSON on stderr at the level TF_LOG_PROVIDER asks for", () => {
    const lines = engine
      .stderr()
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const created = lines.find((l) => l["@message"] === "probe created");
    expect(created).toMatchObject({ "@level": "info", "@module": "provider.voicegateway", tf_rpc: "ApplyResourceChange" });
    expect(created?.["@timestamp"]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(lines.some((l) => l["@level"] === "debug" && l["@message"] === "received request")).toBe(true);
  });

  it("answers StopProvider with an empty error", async () => {
    await expect(engine.provider.stopProvider()).resolves.toEqual({ Error: "" });
  });

  // How fast is a figure of npm run bench; the grace here only bounds a provider that would never exit.
  it("exits by itself with status 0 after GRPCController.Shutdown and removes its socket", async () => {
    const own = await start();
    const { existsSync } = await import("node:fs");
    expect(existsSync(own.handshake.address)).toBe(true);
    const result = await own.shutdown(SHUTDOWN_GRACE_MS);
    expect(result).toMatchObject({ code: 0, signal: null });
    expect(existsSync(own.handshake.address)).toBe(false);
  });

  it("exits when terraform's connection closes without a Shutdown (terraform died), while its parent lives on", async () => {
    const own = await start();
    try {
      const stdio = await own.openStdioStream();
      await expect(own.healthCheck()).resolves.toEqual({ status: 1 });
      stdio.drop();
      const stillRunning = new Promise((resolve) => setTimeout(() => resolve("still running"), 15_000).unref());
      await expect(Promise.race([own.exited, stillRunning])).resolves.toEqual({ code: 0, signal: null });
    } finally {
      await own.kill();
    }
  });

  it("exits when its parent dies without stopping it, even with no connection to notice it by", async () => {
    // A stand-in for terraform: starts the provider as its direct child and prints the child's PID after the handshake.
    const host = spawn(
      process.execPath,
      [
        "-e",
        `const child = require("node:child_process").spawn(process.execPath, [process.argv[1]], { stdio: ["ignore", "pipe", "ignore"] });
         child.stdout.once("data", () => process.stdout.write(child.pid + "\\n"));`,
        bundle.bundlePath,
      ],
      {
        env: {
          ...process.env,
          [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
          PLUGIN_PROTOCOL_VERSIONS: "6",
          PROBE_DB_PATH: join(bundle.dir, "db.json"),
        },
        stdio: ["ignore", "pipe", "ignore"],
      },
    );
    let provider: ProcessInfo | undefined;
    try {
      const pid = await new Promise<number>((resolve, reject) => {
        host.stdout.once("data", (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
        host.once("exit", () => reject(new Error("the stand-in exited before the provider started")));
      });
      provider = processInfo(pid);
      expect(provider?.ppid).toBe(host.pid);
      host.kill("SIGKILL");
      expect(await waitFor(() => !isRunning(provider!), 15_000)).toBe(true);
    } finally {
      host.kill("SIGKILL");
      if (provider && isRunning(provider)) process.kill(provider.pid, "SIGKILL");
    }
  });

  it("serves plaintext with an empty certificate field when there is no PLUGIN_CLIENT_CERT", async () => {
    const plain = await start({ tls: false });
    try {
      expect(plain.handshakeLine).toMatch(/\|grpc\|$/);
      await expect(plain.healthCheck()).resolves.toEqual({ status: 1 });
    } finally {
      await plain.shutdown();
    }
  });

  it("ignores SIGINT and exits on SIGTERM", async () => {
    const own = await start();
    own.child.kill("SIGINT");
    await expect(own.healthCheck()).resolves.toEqual({ status: 1 });
    own.child.kill("SIGTERM");
    await expect(own.exited).resolves.toEqual({ code: 0, signal: null });
    await own.kill();
  });

  it("fails with exit 1 and a message when it cannot listen, instead of leaving terraform waiting", async () => {
    const result = await runProviderToExit({
      command: process.execPath,
      args: [bundle.bundlePath],
      env: { PLUGIN_UNIX_SOCKET_DIR: join(bundle.dir, "does-not-exist") },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("The provider could not start");
  });

  it("fails with exit 1 and a message, before any handshake, when terraform's certificate does not parse", async () => {
    const result = await runProviderToExit({
      command: process.execPath,
      args: [bundle.bundlePath],
      clientCertificate: { certPem: "not a certificate", keyPem: "", certDer: Buffer.alloc(0) },
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("The provider could not start");
    expect(result.stderr).toContain("No CERTIFICATE PEM block found");
  });

  it("fails with exit 1 and a message when started without the magic cookie", async () => {
    const result = await runProviderToExit({ command: process.execPath, args: [bundle.bundlePath], cookie: "wrong" });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("This binary is a plugin");
  });
});
