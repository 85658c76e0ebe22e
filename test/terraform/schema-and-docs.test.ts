import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DOC_FOLDERS, renderDocs } from "../../provider/src/terraform/docs/render-docs";
import { providerSchemaDocument, serialiseSchemaDocument } from "../../provider/src/terraform/schema-document";
import { type PortalFixture, portalEnv, startPortal } from "../support/portal";
import { describeWithTerraform, TerraformWorkdir } from "../support/terraform-cli";

const ROOT = join(__dirname, "..", "..");

describe("generated artifacts", () => {
  it("provider/schema.json is what the models produce now (run npm run schema after changing a model)", () => {
    expect(readFileSync(join(ROOT, "provider", "schema.json"), "utf8")).toBe(serialiseSchemaDocument(providerSchemaDocument()));
  });

  it("docs/ is what the schema document (with the terraform 1.12-1.14 kinds) and the examples produce now (run npm run docs)", () => {
    const files = renderDocs(providerSchemaDocument({ newerKinds: true }) as never, join(ROOT, "examples", "terraform"));
    for (const [path, text] of Object.entries(files)) expect([path, readFileSync(join(ROOT, "docs", path), "utf8")]).toEqual([path, text]);
    const committed = DOC_FOLDERS.flatMap((d) => readdirSync(join(ROOT, "docs", d)).map((f) => `${d}/${f}`));
    expect(committed.sort()).toEqual(
      Object.keys(files)
        .filter((p) => p.includes("/"))
        .sort(),
    );
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining(["list-resources/account.md", "actions/account_tts_cache_clear.md", "actions/account_recording_test.md"]),
    );
  });

  it("provider/schema.json stays what terraform 1.11 prints: no identity, list resource or action schemas", () => {
    const committed = JSON.parse(readFileSync(join(ROOT, "provider", "schema.json"), "utf8")) as {
      provider_schemas: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(Object.values(committed.provider_schemas)[0]!).sort()).toEqual([
      "data_source_schemas",
      "provider",
      "resource_schemas",
    ]);
    const newer = providerSchemaDocument({ newerKinds: true }) as {
      provider_schemas: Record<string, Record<string, Record<string, unknown>>>;
    };
    const provider = Object.values(newer.provider_schemas)[0]!;
    expect(Object.keys(provider.resource_identity_schemas!).sort()).toEqual([
      "voicegateway_account",
      "voicegateway_account_api_key",
      "voicegateway_account_limits",
      "voicegateway_account_recording",
    ]);
    expect(Object.keys(provider.list_resource_schemas!)).toEqual(["voicegateway_account"]);
    expect(Object.keys(provider.action_schemas!)).toEqual(["voicegateway_account_recording_test", "voicegateway_account_tts_cache_clear"]);
  });

  it("every attribute of every resource and data source has a description", () => {
    const missing: string[] = [];
    const walk = (
      attributes: Record<string, { description?: string; nested_type?: { attributes?: Record<string, never> } }>,
      where: string,
    ) => {
      for (const [name, a] of Object.entries(attributes)) {
        if (!a.description) missing.push(`${where}.${name}`);
        if (a.nested_type?.attributes) walk(a.nested_type.attributes, `${where}.${name}`);
      }
    };
    const doc = providerSchemaDocument() as {
      provider_schemas: Record<string, Record<string, Record<string, { block: { attributes: never } }> | { block: { attributes: never } }>>;
    };
    const provider = Object.values(doc.provider_schemas)[0]!;
    walk((provider.provider as { block: { attributes: never } }).block.attributes, "provider");
    for (const kind of ["resource_schemas", "data_source_schemas"]) {
      for (const [type, schema] of Object.entries(provider[kind] as Record<string, { block: { attributes: never } }>))
        walk(schema.block.attributes, type);
    }
    const newer = Object.values((providerSchemaDocument({ newerKinds: true }) as typeof doc).provider_schemas)[0]!;
    for (const kind of ["list_resource_schemas", "action_schemas", "resource_identity_schemas"]) {
      for (const [type, schema] of Object.entries(newer[kind] as Record<string, { block?: { attributes: never }; attributes?: never }>))
        walk(schema.block?.attributes ?? schema.attributes!, `${kind}.${type}`);
    }
    expect(missing).toEqual([]);
  });
});

describeWithTerraform("the provider under real terraform", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal.close());
  const env = () => portalEnv(portal);

  it("reports the same schema through terraform providers schema -json as the committed document", async () => {
    const tf = new TerraformWorkdir(env()).write({
      "main.tf": readFileSync(join(ROOT, "examples", "terraform", "complete", "main.tf"), "utf8"),
    });
    await tf.init();
    const printed = JSON.parse((await tf.expect(["providers", "schema", "-json"])).stdout) as { provider_schemas: Record<string, unknown> };
    const committed = JSON.parse(readFileSync(join(ROOT, "provider", "schema.json"), "utf8")) as {
      provider_schemas: Record<string, unknown>;
    };
    expect(printed.provider_schemas).toEqual(committed.provider_schemas);
    tf.remove();
  });

  it("validates every example in examples/terraform together", async () => {
    const tf = new TerraformWorkdir(env());
    for (const folder of ["provider", "resources", "data-sources"]) {
      for (const entry of readdirSync(join(ROOT, "examples", "terraform", folder), { recursive: true }) as string[]) {
        if (entry.endsWith(".tf"))
          cpSync(join(ROOT, "examples", "terraform", folder, entry), join(tf.dir, `${folder}-${entry.replace(/\//g, "-")}`));
      }
    }
    await tf.init();
    await tf.expect(["validate"]);
    tf.remove();
  });

  it("applies the complete example stack against the emulator, plans clean and destroys", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vg-complete-"));
    cpSync(join(ROOT, "examples", "terraform", "complete"), dir, { recursive: true });
    const tf = new TerraformWorkdir(env());
    cpSync(dir, tf.dir, { recursive: true });
    rmSync(dir, { recursive: true, force: true });
    await tf.init();
    await tf.apply("-var-file=example.tfvars");
    await tf.plan(0, "-var-file=example.tfvars");
    expect(await tf.resource("voicegateway_account_limits.customer")).toMatchObject({ max: 100, licensed: 50 });
    await tf.expect(["destroy", "-auto-approve", "-input=false", "-var-file=example.tfvars"]);
    tf.remove();
  });
});
