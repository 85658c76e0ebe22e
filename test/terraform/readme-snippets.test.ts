import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type PortalFixture, portalEnv, startPortal } from "../support/portal";
import { describeWithTerraform, TerraformWorkdir } from "../support/terraform-cli";

/**
 * Every HCL snippet of the README runs as copied: real terraform initialises, validates and plans it against the
 * emulator (variables it declares get a value the way a user would give one, on the command line).
 */
const README = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
const snippets = [...README.matchAll(/^```hcl\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

describeWithTerraform("the README's HCL snippets", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal.close());

  it("has snippets to check", () => {
    expect(snippets.length).toBeGreaterThan(0);
  });

  it.each(snippets.map((text, i) => [i + 1, text] as const))("snippet %i validates and plans as copied", async (_n, text) => {
    const tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": text });
    try {
      await tf.init();
      await tf.expect(["validate"]);
      const variables = [...text.matchAll(/^variable "([^"]+)"/gm)].flatMap((m) => [
        "-var",
        `${m[1]}=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`,
      ]);
      const plan = await tf.expect(["plan", "-input=false", ...variables]);
      expect(plan.stdout).toMatch(/Plan: \d+ to add/);
    } finally {
      tf.remove();
    }
  });
});
