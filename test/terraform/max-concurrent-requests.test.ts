import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";

/**
 * Issue 13: how many requests the provider keeps in flight is the user's to set (`max_concurrent_requests`, or
 * VOICEGATEWAY_MAX_CONCURRENT_REQUESTS), and a bad value fails at plan naming where it came from. Measured from the
 * emulator's request log: the most requests that were being answered at the same moment.
 */

const ACCOUNTS = 6;
// Named once: every rewrite of main.tf must describe the same accounts, or the plan shows renames.
const NAMES = Array.from({ length: ACCOUNTS }, () => uniqueName("conc"));

function mostInFlight(requests: readonly { startedAt: number; durationMs: number }[]): number {
  const edges = requests.flatMap((r) => [
    { at: r.startedAt, step: 1 },
    { at: r.startedAt + r.durationMs, step: -1 },
  ]);
  // Ends before starts at the same instant: back-to-back requests do not overlap.
  edges.sort((a, b) => a.at - b.at || a.step - b.step);
  let now = 0;
  let most = 0;
  for (const edge of edges) most = Math.max(most, (now += edge.step));
  return most;
}

describeWithTerraform("max_concurrent_requests with real terraform", () => {
  let portal: PortalFixture;
  let tf: TerraformWorkdir;
  const stack = (setting: string) =>
    `${PROVIDER_BLOCK}\nprovider "voicegateway" {\n${setting}\n}\n` +
    Array.from(
      { length: ACCOUNTS },
      (_, i) =>
        `resource "voicegateway_account_limits" "a${i}" {\n  account_sid = voicegateway_account.a${i}.id\n  max = 5\n}\nresource "voicegateway_account" "a${i}" {\n  name = "${NAMES[i]}"\n}\n`,
    ).join("");

  beforeAll(async () => {
    // Slow answers, so that requests of parallel resources overlap whenever the provider lets them.
    portal = await startPortal({ latencyMs: 150 });
    tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": stack("") });
    await tf.init();
    await tf.apply();
  });
  afterAll(async () => {
    tf.write({ "main.tf": stack("") });
    await tf.destroy();
    tf.remove();
    await portal.close();
  });

  const refreshInFlight = async (setting: string, env: Record<string, string> = {}) => {
    tf.write({ "main.tf": stack(setting) });
    portal.emulator.requests.clear();
    await tf.expect(["plan", "-detailed-exitcode", "-input=false"], 0, env);
    return mostInFlight(portal.emulator.requests.all());
  };

  it("issue 13: keeps at most max_concurrent_requests in flight, and more when allowed", async () => {
    expect(await refreshInFlight("  max_concurrent_requests = 1")).toBe(1);
    const three = await refreshInFlight("  max_concurrent_requests = 3");
    expect(three).toBeLessThanOrEqual(3);
    expect(three).toBeGreaterThan(1);
  });

  it("issue 13: takes it from VOICEGATEWAY_MAX_CONCURRENT_REQUESTS when the block does not set it", async () => {
    expect(await refreshInFlight("", { VOICEGATEWAY_MAX_CONCURRENT_REQUESTS: "1" })).toBe(1);
  });

  it("issue 13: refuses a bad value at plan, naming the attribute or the variable", async () => {
    tf.write({ "main.tf": stack("  max_concurrent_requests = 0") });
    const fromBlock = await tf.run(["plan", "-input=false"]);
    expect(fromBlock.code).toBe(1);
    expect(fromBlock.stderr.replace(/\s+/g, " ")).toContain("max_concurrent_requests = 0 is not allowed: use a whole number from 1 to 64");
    tf.write({ "main.tf": stack("") });
    const fromEnv = await tf.run(["plan", "-input=false"], { VOICEGATEWAY_MAX_CONCURRENT_REQUESTS: "eight" });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr.replace(/\s+/g, " ")).toContain(
      'VOICEGATEWAY_MAX_CONCURRENT_REQUESTS = "eight" is not allowed: use a whole number from 1 to 64',
    );
  });
});
