import { rmSync } from "node:fs";
import { join } from "node:path";

import { TerraformEngine } from "../../support/terraform-engine";
import { buildProbeBundle, type ProbeBundle } from "./fixtures/build-probe";

// Terraform starts the provider about 4 times per apply, so start-up and shutdown time are paid on every command.
// Target: spawn to handshake <= 150 ms; Shutdown to exit well under 100 ms. The assertions are looser than the
// targets so a loaded CI machine does not flake; the measured medians are printed.
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

describe("provider start-up and shutdown time", () => {
  let bundle: ProbeBundle;

  beforeAll(async () => {
    bundle = await buildProbeBundle();
  });

  afterAll(() => {
    if (bundle) rmSync(bundle.dir, { recursive: true, force: true });
  });

  it("handshakes and exits quickly (median of 10 spawns, with AutoMTLS)", async () => {
    const handshakeMs: number[] = [];
    const exitMs: number[] = [];
    for (let i = 0; i < 10; i++) {
      const engine = await TerraformEngine.start({
        command: process.execPath,
        args: [bundle.bundlePath],
        env: { PROBE_DB_PATH: join(bundle.dir, "db.json") },
      });
      handshakeMs.push(engine.handshakeMs);
      await engine.provider.getProviderSchema();
      const result = await engine.shutdown();
      expect(result.code).toBe(0);
      exitMs.push(result.exitMs);
    }
    const summary = { handshakeMedianMs: Math.round(median(handshakeMs)), shutdownExitMedianMs: Math.round(median(exitMs)), handshakeMs: handshakeMs.map(Math.round), exitMs: exitMs.map(Math.round) };
    console.log(`provider timing: ${JSON.stringify(summary)}`);
    expect(summary.handshakeMedianMs).toBeLessThan(600);
    expect(summary.shutdownExitMedianMs).toBeLessThan(300);
  });
});
