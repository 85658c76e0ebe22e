import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  accountApiKeyResource,
  accountLimitsResource,
  accountRecordingResource,
  accountResource,
} from "../../provider/src/core/resources/catalog";
import { parseCdktfStack } from "../../provider/src/drift/sources/cdktf-stack";
import { type Declarations } from "../../provider/src/drift/sources/load";
import { parseTerraformState } from "../../provider/src/drift/sources/terraform-state";
import { allocateIdentifiers, apiKeyIdentifier, identifierFor } from "../../provider/src/export/addresses";
import { configurationOf } from "../../provider/src/export/configuration";
import { declaredObjects } from "../../provider/src/export/declared";
import { ExportError } from "../../provider/src/export/errors";
import { compileNamePattern } from "../../provider/src/export/name-pattern";
import { writeOutputDirectory } from "../../provider/src/export/output-directory";
import { HclExpression, hclBlock, hclString } from "../../provider/src/export/render/hcl-syntax";
import { tsString } from "../../provider/src/export/render/typescript-syntax";
import { assertNoSecrets } from "../../provider/src/export/secret-guard";
import { terraformState } from "../drift/support";

const SID_A = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c";
const SID_B = "7b0d9a3e-2c41-4f6e-9a57-0c8d2e1f4a6b";
const SID_C = "2f1e2a6c-0000-4000-8000-000000000001"; // shares its first 8 hex digits with SID_A

describe("export: resource names", () => {
  it.each([
    ["Acme Corp", "acme_corp"],
    ["acme-corp", "acme_corp"],
    ["Café Zürich", "cafe_zurich"],
    ["  --Trim__me--  ", "trim_me"],
    ["123 Go", "account_123_go"],
    ["日本語", "account"],
    ['Ünïcode "quoted" ${x}', "unicode_quoted_x"],
  ])("%j → %s", (name, identifier) => {
    expect(identifierFor(name)).toBe(identifier);
  });

  it("keeps a name bare when no other account shares it, and tells sharers apart by their SIDs, whatever the order", () => {
    const accounts = [
      { sid: SID_A, name: "Acme Corp" },
      { sid: SID_B, name: "acme-corp" },
      { sid: "11111111-1111-4111-8111-111111111111", name: "Globex" },
    ];
    const forward = allocateIdentifiers(accounts);
    const backward = allocateIdentifiers([...accounts].reverse());
    expect(Object.fromEntries(forward)).toEqual(Object.fromEntries(backward));
    expect(forward.get(SID_A)).toBe("acme_corp_2f1e2a6c");
    expect(forward.get(SID_B)).toBe("acme_corp_7b0d9a3e");
    expect(forward.get("11111111-1111-4111-8111-111111111111")).toBe("globex");
  });

  it("takes more of the SID when the first 8 hex digits are shared, and never a name another account holds bare", () => {
    const ids = allocateIdentifiers([
      { sid: SID_A, name: "acme" },
      { sid: SID_C, name: "ACME" },
      { sid: SID_B, name: "acme_2f1e2a6c" },
    ]);
    expect(ids.get(SID_B)).toBe("acme_2f1e2a6c");
    expect(new Set(ids.values()).size).toBe(3);
    expect([ids.get(SID_A), ids.get(SID_C)].every((id) => /^acme_2f1e2a6c[0-9a-f]+$/.test(id!))).toBe(true);
  });

  it("treats names an existing configuration uses as taken", () => {
    expect(allocateIdentifiers([{ sid: SID_A, name: "acme" }], new Set(["acme"])).get(SID_A)).toBe("acme_2f1e2a6c");
  });

  it("names API keys after their account and the start of their SID", () => {
    const taken = new Set<string>();
    expect(apiKeyIdentifier("acme", SID_B, taken)).toBe("acme_key_7b0d9a3e");
    expect(apiKeyIdentifier("acme", SID_B.replace("9a57", "0000"), taken)).toBe("acme_key_7b0d9a3e2");
  });
});

describe("export: HCL and TypeScript literals", () => {
  it("escapes quotes, backslashes, control characters and template sequences in HCL strings", () => {
    expect(hclString('a"b\\c ${d} %{e}\n\u0001')).toBe('"a\\"b\\\\c $${d} %%{e}\\n\\u0001"');
  });

  it("aligns the = of consecutive one-line attributes, as terraform fmt does", () => {
    const text = hclBlock('resource "t" "n"', [
      { key: "name", value: "x" },
      { key: "account_sid", value: new HclExpression("t.a.id") },
      {
        key: "hook",
        value: {
          attributes: [
            { key: "url", value: "u" },
            { key: "method", value: "GET" },
          ],
        },
      },
      { key: "enable_debug_log", value: true },
    ]);
    expect(text).toBe(
      [
        'resource "t" "n" {',
        '  name        = "x"',
        "  account_sid = t.a.id",
        "  hook = {",
        '    url    = "u"',
        '    method = "GET"',
        "  }",
        "  enable_debug_log = true",
        "}",
      ].join("\n"),
    );
  });

  it("escapes template sequences and line separators in TypeScript strings", () => {
    expect(tsString('a"${b}\u2028')).toBe('"a\\"$${b}\\u2028"');
  });
});

describe("export: --name patterns", () => {
  it("matches globs against the whole name, ignoring letter case, with regex characters taken literally", () => {
    const match = compileNamePattern("--name", "ACME.*-?");
    expect(match("acme.corp-1")).toBe(true);
    expect(match("acmexcorp-1")).toBe(false);
    expect(match("xacme.corp-1")).toBe(false);
  });

  it("takes /regex/flags as written", () => {
    expect(compileNamePattern("--name", "/^acme/")("Acme")).toBe(false);
    expect(compileNamePattern("--name", "/^acme/i")("Acme")).toBe(true);
    expect(() => compileNamePattern("--name", "/(/")).toThrow(ExportError);
  });
});

describe("export: the configuration of an imported state", () => {
  it("leaves out outputs, triggers, secrets (reporting where the portal has one) and defaults", () => {
    const state = {
      id: SID_A,
      name: "acme",
      service_provider_sid: SID_B,
      registration_hook: { url: "https://h.example.com", method: "POST", username: "u", password: "hook-secret" },
      enable_debug_log: false,
      webhook_secret: "wh-secret",
      webhook_secret_rotation: "2026-11",
    };
    expect(configurationOf(accountResource, state, { omit: ["service_provider_sid"] })).toEqual({
      values: { name: "acme", registration_hook: { url: "https://h.example.com", username: "u" } },
      secretPaths: [["registration_hook", "password"]],
    });
    expect(
      configurationOf(
        accountApiKeyResource,
        { id: SID_B, account_sid: SID_A, token: "tok", triggers: { a: "b" } },
        { omit: ["account_sid"] },
      ).values,
    ).toEqual({});
  });

  it("keeps what is asked for even at its default, and what differs from it", () => {
    expect(
      configurationOf(
        accountLimitsResource,
        { id: SID_A, account_sid: SID_A, unit: "sessions", max: 0, other_limits: { api_rate: 3 } },
        { omit: ["account_sid"], alwaysWritten: ["unit"] },
      ).values,
    ).toEqual({
      unit: "sessions",
      max: 0,
    });
    const recording = configurationOf(
      accountRecordingResource,
      {
        id: SID_A,
        account_sid: SID_A,
        record_all_calls: false,
        record_format: "wav",
        azure_blob: { container: "rec", connection_string: "AccountName=abcdef;AccountKey=XXXXXXXXXX", tags: {} },
        verify_bucket_credential: false,
      },
      { omit: ["account_sid"] },
    );
    expect(recording).toEqual({
      values: { record_format: "wav", azure_blob: { container: "rec", tags: {} } },
      secretPaths: [["azure_blob", "connection_string"]],
    });
  });
});

describe("export: the secret guard", () => {
  it("refuses files holding a secret without quoting it, and lets through one that is also a plain value", () => {
    const files = { "a.tf": 'password = "hunter2-long-secret"', "b.tf": 'username = "same-as-password"' };
    let error: unknown;
    try {
      assertNoSecrets(files, ["hunter2-long-secret"], []);
    } catch (caught) {
      error = caught;
    }
    expect(ExportError.is(error)).toBe(true);
    expect((error as Error).message).toContain("a.tf");
    expect((error as Error).message).not.toContain("hunter2");
    expect(() => assertNoSecrets(files, ["same-as-password"], ["same-as-password"])).not.toThrow();
    expect(() => assertNoSecrets({ "a.tf": "short" }, ["short"], [])).not.toThrow();
  });
});

describe("export: the output directory", () => {
  it("removes what it wrote, and the directory it made, when a write fails", () => {
    const root = mkdtempSync(join(tmpdir(), "vg-export-"));
    try {
      const dir = join(root, "out");
      expect(() => writeOutputDirectory("--out", dir, { "a.tf": "a", "missing/b.tf": "b" })).toThrow(
        /--out .*out: writing failed \(ENOENT\); nothing was left behind/,
      );
      expect(existsSync(dir)).toBe(false);
      expect(readdirSync(root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("export: what declarations already manage", () => {
  const listed = [
    { account_sid: SID_A, name: "Acme", service_provider_sid: SID_B },
    { account_sid: SID_C, name: "Globex", service_provider_sid: SID_B },
  ];
  const declarations = (resources: Declarations["resources"], alsoManaged: string[] = []): Declarations => ({
    resources,
    files: [],
    notes: [],
    alsoManaged: new Set(alsoManaged),
  });

  it("reads SIDs from a state, including a key's and the accounts of recording and limits", () => {
    const state = terraformState([
      { definition: accountResource, name: "acme", state: { id: SID_A, name: "Acme", webhook_secret: "w" } },
      { definition: accountApiKeyResource, name: "ci", state: { id: SID_B, account_sid: SID_A, token: "t" } },
      {
        definition: accountRecordingResource,
        name: "rec",
        state: { id: SID_C, account_sid: SID_C, record_all_calls: false, record_format: "mp3" },
      },
    ]);
    const declared = declaredObjects(declarations(parseTerraformState(state, "terraform.tfstate")), listed);
    expect([...declared.accounts]).toEqual([SID_A]);
    expect([...declared.apiKeys]).toEqual([SID_B]);
    expect([...declared.recordings]).toEqual([SID_C]);
    expect([...declared.resourceNames].sort()).toEqual(["acme", "ci", "rec"]);
  });

  it("reads a synthesized stack without state by account name (ignoring case), and knows when keys cannot be told apart", () => {
    const stack = {
      resource: {
        voicegateway_account: { acme_ABC: { name: "ACME" } },
        voicegateway_account_api_key: { acme_key_DEF: { account_sid: "${voicegateway_account.acme_ABC.id}" } },
        voicegateway_account_limits: { acme_limits: { account_sid: "${voicegateway_account.acme_ABC.id}", max: 1 } },
      },
    };
    const declared = declaredObjects(declarations(parseCdktfStack(stack, "cdk.tf.json")), listed);
    expect([...declared.accounts]).toEqual([SID_A]);
    expect([...declared.unidentifiedKeys]).toEqual([SID_A]);
    expect([...declared.limits]).toEqual([SID_A]);
  });

  it("fails, naming the address and file, when an account's name is an expression and no state gives its ID", () => {
    const stack = { resource: { voicegateway_account: { pool: { name: "${var.prefix}-pool" } } } };
    expect(() => declaredObjects(declarations(parseCdktfStack(stack, "cdk.tf.json")), listed)).toThrow(
      "voicegateway_account.pool in cdk.tf.json has a name that is an expression and no ID",
    );
  });
});
