import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type PortalFixture, portalEnv, startPortal } from "../support/portal";
import { describeWithTerraform, TerraformWorkdir } from "../support/terraform-cli";

/**
 * Every HCL snippet of the README runs as copied: real terraform initialises, validates and plans it against the
 * emulator (variables it declares get a value the way a user would give one, on the command line). A snippet whose
 * fence names a newer terraform (```hcl terraform-1.14) cannot be planned by the 1.11 on this machine: terraform
 * checks its syntax, and every block type and argument it uses must be one the provider's generated docs list.
 */
const ROOT = join(__dirname, "..", "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const fenced = [...README.matchAll(/^```hcl( terraform-[\d.]+)?\n([\s\S]*?)^```$/gm)].map((m) => ({
  newer: m[1] !== undefined,
  text: m[2]!,
}));
const snippets = fenced.filter((s) => !s.newer).map((s) => s.text);
const newerSnippets = fenced.filter((s) => s.newer).map((s) => s.text);

/** The docs page of a list resource or action, generated from the schema the provider serves. */
function docsPage(kind: "list" | "action", type: string): string {
  const name = type.replace(/^voicegateway_/, "");
  return readFileSync(join(ROOT, "docs", kind === "list" ? "list-resources" : "actions", `${name}.md`), "utf8");
}

describeWithTerraform("the README's HCL snippets", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal.close());

  it("has snippets to check", () => {
    expect(snippets.length).toBeGreaterThan(0);
    expect(newerSnippets.length).toBeGreaterThan(0);
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

  it.each(newerSnippets.map((text, i) => [i + 1, text] as const))(
    "newer-terraform snippet %i parses and uses only documented names",
    async (_n, text) => {
      const tf = new TerraformWorkdir(portalEnv(portal)).write({ "main.tf": text });
      try {
        // fmt parses HCL without a schema, so 1.11 can check the syntax of blocks it does not know.
        await tf.expect(["fmt", "-check", "-diff", "main.tf"]);
      } finally {
        tf.remove();
      }
      const blocks = [...text.matchAll(/^(list|action) "([^"]+)" "[^"]+" \{\n([\s\S]*?)^\}/gm)];
      expect(blocks.length).toBeGreaterThan(0);
      for (const [, kind, type, body] of blocks) {
        const page = docsPage(kind as "list" | "action", type!);
        for (const [, argument] of body!.match(/config \{([\s\S]*?)\}/)![1]!.matchAll(/(\w+)\s*=/g)) {
          expect(page).toContain(`- \`${argument}\``);
        }
      }
    },
  );
});
