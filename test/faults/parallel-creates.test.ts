import { type FaultSpec } from "../../provider/src/emulator";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, type RunResult, TerraformWorkdir } from "../support/terraform-cli";

/**
 * Issue 12, no duplicate and no orphan: creates that run in parallel in one provider process (`count`, the default
 * `-parallelism` of 10) while the portal loses or drops their answers. Every key and account in the portal must be
 * tracked by exactly one resource, and whatever cannot be resolved must fail loudly, naming what it found.
 */

interface Key {
  api_key_sid: string;
}

describeWithTerraform("parallel creates under lost and dropped answers", () => {
  let portal: PortalFixture;
  let accountSid: string;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal.close());
  beforeEach(async () => {
    accountSid = (
      (await portal.admin("POST", "/Accounts", { name: uniqueName("keys"), service_provider_sid: portal.emulator.serviceProviderSid })) as {
        sid: string;
      }
    ).sid;
  });
  afterEach(() => portal.emulator.faults.clear());

  const keysInPortal = async () =>
    ((await portal.admin("GET", `/Accounts/${accountSid}/ApiKeys`)) as Key[]).map((k) => k.api_key_sid).sort();

  async function keysStack(count: number, faults: FaultSpec[]) {
    const tf = new TerraformWorkdir(portalEnv(portal)).write({
      "main.tf": `${PROVIDER_BLOCK}\nresource "voicegateway_account_api_key" "k" {\n  count       = ${count}\n  account_sid = "${accountSid}"\n}\n`,
    });
    await tf.init();
    for (const fault of faults) portal.emulator.faults.inject(fault);
    const runs: RunResult[] = [await tf.run(["apply", "-auto-approve", "-input=false"])];
    portal.emulator.faults.clear();
    if (runs[0]!.code !== 0) runs.push(await tf.apply());
    const tracked = (await Promise.all(Array.from({ length: count }, (_, i) => tf.resource(`voicegateway_account_api_key.k[${i}]`)))).map(
      (k) => k.id as string,
    );
    return { tf, runs, tracked };
  }

  it("issue 12: a reset on one of two key creates leaves two different keys, each tracked once", async () => {
    const { tf, runs, tracked } = await keysStack(2, [{ kind: "reset", count: 1, match: { method: "POST", path: "/v1/ApiKeys" } }]);
    expect(new Set(tracked).size).toBe(2);
    expect(await keysInPortal()).toEqual([...tracked].sort());
    // The reset create was never applied: it failed loudly instead of taking the other key's.
    expect(runs[0]!.code).toBe(1);
    expect(runs[0]!.output.replace(/\s+/g, " ")).toContain("no new API key appeared on account");
    await tf.plan(0);
    await tf.destroy();
    expect(await keysInPortal()).toEqual([]);
    tf.remove();
  });

  it("issue 12: a lost answer on one of three key creates is adopted: three keys, all tracked, in one run", async () => {
    const { tf, runs, tracked } = await keysStack(3, [{ kind: "lost-response", count: 1, match: { method: "POST", path: "/v1/ApiKeys" } }]);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.code).toBe(0);
    expect(new Set(tracked).size).toBe(3);
    expect(await keysInPortal()).toEqual([...tracked].sort());
    await tf.plan(0);
    await tf.destroy();
    expect(await keysInPortal()).toEqual([]);
    tf.remove();
  });

  describe("account names", () => {
    const accountsNamed = async (name: string) =>
      (
        (await portal.admin("GET", `/ServiceProviders/${portal.emulator.serviceProviderSid}/Accounts`)) as {
          account_sid: string;
          name: string;
        }[]
      ).filter((a) => a.name.toLowerCase() === name.toLowerCase());

    it("issue 12: three parallel creates of one name make one account; the others fail naming it", async () => {
      const name = uniqueName("dup");
      const tf = new TerraformWorkdir(portalEnv(portal)).write({
        "main.tf": `${PROVIDER_BLOCK}\nresource "voicegateway_account" "a" {\n  count = 3\n  name  = "${name}"\n}\n`,
      });
      await tf.init();
      const result = await tf.run(["apply", "-auto-approve", "-input=false", "-parallelism=10"]);
      expect(result.code).toBe(1);
      const found = await accountsNamed(name);
      expect(found).toHaveLength(1);
      expect(result.output.replace(/\s+/g, " ")).toContain(`is already used by account ${found[0]!.account_sid}`);
      // destroy plans the configuration first, and the creates still conflict: destroy what the state holds only.
      expect((await tf.run(["destroy", "-auto-approve", "-input=false"])).stderr).toContain("terraform destroy -refresh=false");
      await tf.expect(["destroy", "-auto-approve", "-input=false", "-refresh=false"]);
      expect(await accountsNamed(name)).toHaveLength(0);
      tf.remove();
    });

    it("issue 12: a rename onto another account's name, in any letter case, fails at plan and changes nothing", async () => {
      const taken = uniqueName("Taken");
      await portal.admin("POST", "/Accounts", { name: taken, service_provider_sid: portal.emulator.serviceProviderSid });
      const mine = uniqueName("mine");
      const tf = new TerraformWorkdir(portalEnv(portal)).write({
        "main.tf": `${PROVIDER_BLOCK}\nresource "voicegateway_account" "a" {\n  name = "${mine}"\n}\n`,
      });
      await tf.init();
      await tf.apply();
      tf.write({ "main.tf": `${PROVIDER_BLOCK}\nresource "voicegateway_account" "a" {\n  name = "${taken.toUpperCase()}"\n}\n` });
      const planned = await tf.run(["plan", "-input=false"]);
      expect(planned.code).toBe(1);
      expect(planned.stderr.replace(/\s+/g, " ")).toMatch(/name: ".*" is already used by account [0-9a-f-]{36}/);
      expect(planned.stderr).toContain("terraform import");
      expect(await accountsNamed(mine)).toHaveLength(1);
      expect(await accountsNamed(taken)).toHaveLength(1);
      await tf.expect(["destroy", "-auto-approve", "-input=false", "-refresh=false"]);
      tf.remove();
    });
  });

  it("issue 12: a lost answer to a limits write is retried (an upsert by category) and the apply succeeds in one run", async () => {
    const tf = new TerraformWorkdir(portalEnv(portal)).write({
      "main.tf": `${PROVIDER_BLOCK}\nresource "voicegateway_account_limits" "l" {\n  account_sid = "${accountSid}"\n  max         = 25\n  licensed    = 20\n}\n`,
    });
    await tf.init();
    portal.emulator.faults.inject({ kind: "lost-response", count: 1, match: { method: "POST", path: "/v1/Accounts/*/Limits" } });
    const result = await tf.run(["apply", "-auto-approve", "-input=false"]);
    expect(result.code).toBe(0);
    const limits = (await portal.admin("GET", `/Accounts/${accountSid}/Limits`)) as { category: string; quantity: number }[];
    expect(limits.map((l) => [l.category, l.quantity]).sort()).toEqual([
      ["voice_call_session", 25],
      ["voice_call_session_license", 20],
    ]);
    await tf.plan(0);
    await tf.destroy();
    tf.remove();
  });
});
