import { rmSync } from "node:fs";
import { join } from "node:path";

import { TerraformEngine } from "../../support/terraform-engine";
import { buildProbeBundle, type ProbeBundle } from "./fixtures/build-probe";

// Terraform starts the provider about 4 times per apply, each time with a fresh AutoMTLS certificate, and stops it
// with GRPCController.Shutdown. How long that takes is measured by npm run bench; here, that it works every time.
const STARTS = 10;
/** Long enough for a loaded machine: a provider that exits by itself is never killed by the test. */
const SHUTDOWN_GRACE_MS = 20_000;

describe("provider started and stopped again and again, as terraform does", () => {
  let bundle: ProbeBundle;

  beforeAll(async () => {
    bundle = await buildProbeBundle();
  });

  afterAll(() => {
    if (bundle) rmSync(bundle.dir, { recursive: true, force: true });
  });

  it(`handshakes, serves and exits cleanly after Shutdown, ${STARTS} times in a row`, async () => {
    const sockets = new Set<string>();
    for (let i = 0; i < STARTS; i++) {
      const engine = await TerraformEngine.start({
        command: process.execPath,
        args: [bundle.bundlePath],
        env: { PROBE_DB_PATH: join(bundle.dir, "db.json") },
      });
      expect(engine.handshakeLine).toMatch(/^1\|6\|unix\|\/[^|]+\|grpc\|[A-Za-z0-9+/]{100,}$/);
      sockets.add(engine.handshake.address);
      const schema = await engine.provider.getProviderSchema();
      expect(schema.diagnostics ?? []).toEqual([]);
      expect(await engine.shutdown(SHUTDOWN_GRACE_MS)).toMatchObject({ code: 0, signal: null });
    }
    // a fresh socket each time, as two providers of one terraform run must not collide
    expect(sockets.size).toBe(STARTS);
  });
});
