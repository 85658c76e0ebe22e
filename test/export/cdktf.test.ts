import { expectNoSecretsIn } from "../drift/support";
import { type PortalFixture, portalEnv, startPortal } from "../support/portal";
import { describeWithTerraform, TerraformWorkdir } from "../support/terraform-cli";
import { exportedAppRoot, synthExportedApp, typecheckExportedApp } from "./cdktf-app";
import { exportTo, readTree, type Seeded, seedEveryShape } from "./support";

/** The CDKTF output: a TypeScript app over the hand-written constructs whose synthesized stack plans as imports only. */

const planLineOf = (readme: string): string => /should end with `(Plan: [^`]+)`/.exec(readme)![1]!;

describeWithTerraform("voicegateway export --format cdktf, synthesized and planned with real terraform", () => {
  let portal: PortalFixture;
  let seeded: Seeded;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    portal = await startPortal();
    seeded = await seedEveryShape(portal);
  });
  afterAll(async () => {
    for (const cleanup of cleanups) cleanup();
    await portal.close();
  });

  it("writes an app that type-checks and synthesizes a stack whose plan shows only imports, then applies and plans clean", async () => {
    const app = exportedAppRoot();
    cleanups.push(app.remove);
    const run = await exportTo(["--out", app.out, "--format", "cdktf"], portalEnv(portal));
    expect(run.code).toBe(0);
    const files = readTree(app.out);
    expect(Object.keys(files).sort()).toEqual(["README.md", "cdktf.json", "main.ts", "package.json", "tsconfig.json"]);
    expect(files["main.ts"]).toContain("account.importFrom(");
    expectNoSecretsIn([...Object.values(files), run.stdout, run.stderr], seeded.secrets);

    // Type-checking pulls in the constructs and the provider's models: slow on a busy machine, hence the timeout.
    const checked = await typecheckExportedApp(app.root, app.out);
    expect(checked.output).toBe("");
    expect(checked.code).toBe(0);

    const stack = await synthExportedApp(app.root, app.out, "voicegateway");
    expectNoSecretsIn([stack], seeded.secrets);
    expect(JSON.parse(stack).import).toHaveLength(15);

    const tf = new TerraformWorkdir(portalEnv(portal)).write({ "cdk.tf.json": stack });
    cleanups.push(() => tf.remove());
    await tf.init();
    const planned = await tf.plan(2);
    expect(planLineOf(files["README.md"]!)).toBe("Plan: 15 to import, 0 to add, 0 to change, 0 to destroy.");
    expect(planned.stdout).toContain(planLineOf(files["README.md"]!));
    const applied = await tf.apply();
    expect(applied.stdout).toContain("Apply complete! Resources: 15 imported, 0 added, 0 changed, 0 destroyed.");
    await tf.plan(0);
  }, 300_000);

  it("with --secrets variables, declares ephemeral TerraformVariables named as the README says; the first apply sends them", async () => {
    const app = exportedAppRoot();
    cleanups.push(app.remove);
    const run = await exportTo(["--out", app.out, "--format", "cdktf", "--secrets", "variables", "--name", "acme*"], portalEnv(portal));
    expect(run.code).toBe(0);
    const files = readTree(app.out);
    const variables = [...files["README.md"]!.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]!);
    expect(variables).toHaveLength(4); // two hook passwords, two bucket secrets
    const values = Object.fromEntries(
      variables.map((v, i) => [
        v,
        v.endsWith("secret_access_key") ? `NewSecretAccessKey${i}xxxxxxxxxxxxxxxxxxxx` : `new-password-${i}-abcdef`,
      ]),
    );
    const tfVars = Object.fromEntries(Object.entries(values).map(([v, value]) => [`TF_VAR_${v}`, value]));

    const stack = await synthExportedApp(app.root, app.out, "voicegateway");
    const json = JSON.parse(stack) as { variable: Record<string, { sensitive?: boolean; ephemeral?: boolean }> };
    expect(Object.keys(json.variable).sort()).toEqual([...variables].sort());
    expect(Object.values(json.variable).every((v) => v.sensitive === true && v.ephemeral === true)).toBe(true);
    expectNoSecretsIn([stack, ...Object.values(files)], seeded.secrets);

    const tf = new TerraformWorkdir(portalEnv(portal)).write({ "cdk.tf.json": stack });
    cleanups.push(() => tf.remove());
    await tf.init();
    const planned = await tf.expect(["plan", "-detailed-exitcode", "-input=false"], 2, tfVars);
    expect(planLineOf(files["README.md"]!)).toBe("Plan: 9 to import, 0 to add, 3 to change, 0 to destroy.");
    expect(planned.stdout).toContain(planLineOf(files["README.md"]!));
    await tf.expect(["apply", "-auto-approve", "-input=false"], 0, tfVars);
    await tf.expect(["plan", "-detailed-exitcode", "-input=false"], 0, tfVars);

    const acme = (await portal.admin("GET", "/Accounts")) as { account_sid: string; registration_hook?: { password?: string } }[];
    const hook = acme.find((a) => a.account_sid === seeded.accounts.acme)!.registration_hook!.password;
    expect(hook).toBe(values[variables.find((v) => v.endsWith("registration_hook_password"))!]);
  }, 300_000);
});
