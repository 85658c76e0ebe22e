import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";

/**
 * Issue 13: the portal's rate limit is shared by everyone, so for a fleet the request count is the wall time. With
 * N accounts, each with a key, recording and limits (both categories), real terraform costs at most:
 * - apply: 6N requests (account POST and its read-back, key POST, recording PUT, two limit POSTs) plus one account
 *   list per provider process for the name check;
 * - a plan with no changes: one account list plus, per account, its limits and its key list (no batch route);
 * - destroy: that refresh plus, per account, one request for each of its four objects (the limits go in one request
 *   when the refresh found no limits of other categories).
 * Counts, not times: they do not depend on how busy the machine is.
 */

const N = 3;

function stack(prefix: string): string {
  const parts = [PROVIDER_BLOCK];
  for (let i = 0; i < N; i++) {
    parts.push(`resource "voicegateway_account" "a${i}" {
  name = "${prefix}-${i}"
}
resource "voicegateway_account_api_key" "a${i}" {
  account_sid = voicegateway_account.a${i}.id
}
resource "voicegateway_account_recording" "a${i}" {
  account_sid = voicegateway_account.a${i}.id
  aws_s3      = { bucket = "floor-recordings", region = "us-east-1", access_key_id = "AKIAIOSFODNN7EXAMPLE", secret_access_key = "floor/secret/value/000000000000000000000" }
}
resource "voicegateway_account_limits" "a${i}" {
  account_sid = voicegateway_account.a${i}.id
  max         = 100
  licensed    = 50
}`);
  }
  return parts.join("\n");
}

describeWithTerraform("requests per operation with real terraform", () => {
  let portal: PortalFixture;
  let tf: TerraformWorkdir;
  beforeAll(async () => {
    portal = await startPortal();
    tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": stack(uniqueName("floor")) });
    await tf.init();
  });
  afterAll(async () => {
    tf.remove();
    await portal.close();
  });

  const counted = async (run: () => Promise<unknown>) => {
    portal.emulator.requests.clear();
    await run();
    const log = portal.emulator.requests.all();
    return { total: log.length, lists: log.filter((r) => r.method === "GET" && /\/Accounts$/.test(r.path)).length, log };
  };

  it("issue 13: apply costs 6 requests per account, plus one account list per provider process", async () => {
    const { total, lists, log } = await counted(() => tf.apply());
    expect(lists).toBeLessThanOrEqual(2); // the plan's process and the apply's
    expect(total - lists).toBe(6 * N);
    expect(log.filter((r) => r.method === "GET" && /\/Limits$/.test(r.path))).toEqual([]);
    expect(log.filter((r) => r.method === "GET" && /\/ApiKeys$/.test(r.path))).toEqual([]);
  });

  it("issue 13: a plan with no changes costs one list plus a limits read and a key list per account", async () => {
    const { total, lists } = await counted(() => tf.plan(0));
    expect(lists).toBe(1);
    expect(total).toBe(1 + 2 * N);
  });

  it("issue 13: destroy costs that refresh plus one request per object", async () => {
    const { total } = await counted(() => tf.destroy());
    expect(total).toBe(1 + 2 * N + 4 * N);
  });
});
