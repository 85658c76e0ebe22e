import { rmSync } from "node:fs";
import { join } from "node:path";

import { TerraformEngine } from "../../support/terraform-engine";
import { buildProbeBundle, type ProbeBundle } from "./fixtures/build-probe";

// Windows has no unix sockets for go-plugin, so there the provider listens on loopback TCP as go-plugin servers do.
// Windows itself cannot be tested here; this runs the same TCP path on this machine.
describe("plugin process listening on loopback TCP (the provider's choice on Windows)", () => {
  let bundle: ProbeBundle;
  beforeAll(async () => {
    bundle = await buildProbeBundle();
  });
  afterAll(() => {
    if (bundle) rmSync(bundle.dir, { recursive: true, force: true });
  });

  it("hands terraform a tcp 127.0.0.1 address, serves RPCs over mTLS there and exits on Shutdown", async () => {
    const engine = await TerraformEngine.start({
      command: process.execPath,
      args: [bundle.bundlePath],
      env: { PROBE_DB_PATH: join(bundle.dir, "db.json"), PROBE_NETWORK: "tcp" },
    });
    expect(engine.handshakeLine).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]{100,}$/);
    expect(engine.serverCertPem).toBeDefined();
    expect(await engine.healthCheck()).toEqual({ status: 1 });
    const schema = await engine.provider.getProviderSchema();
    expect(schema.provider).toBeDefined();
    const exit = await engine.shutdown();
    expect(exit.code).toBe(0);
  });
});
