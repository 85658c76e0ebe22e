import { VERSION } from "../../version";
import { type ExportedAccount, type ExportedResource, type ExportPlan } from "../model";
import { type ConfiguredValue, configuredValues } from "./model-values";
import { oneLine } from "./one-line";
import { renderReadme } from "./readme";
import { camelCase, TsCode, type TsObject, type TsValue, tsString, tsValue } from "./typescript-syntax";

/**
 * The CDKTF output: `main.ts`, an app with one stack that adopts the accounts through the hand-written constructs
 * (`importFrom()` on each), plus `package.json`, `tsconfig.json`, `cdktf.json` and `README.md`.
 */
export function renderCdktf(plan: ExportPlan): Record<string, string> {
  return {
    "main.ts": mainTs(plan),
    "package.json": `${JSON.stringify(packageJson, null, 2)}\n`,
    "tsconfig.json": `${JSON.stringify(tsconfig, null, 2)}\n`,
    "cdktf.json": `${JSON.stringify(cdktfJson, null, 2)}\n`,
    "README.md": renderReadme(plan, "cdktf"),
  };
}

/** The synthesized stack's name: `cdktf.out/stacks/voicegateway`. */
export const STACK_NAME = "voicegateway";

const packageJson = {
  name: "voicegateway-accounts",
  private: true,
  scripts: { synth: "tsc -p . && node dist/main.js" },
  dependencies: { "@voicegateway/iac": `^${VERSION}`, cdktf: "0.21.0", constructs: "^10.4.2" },
  devDependencies: { typescript: "^5.9.3", "@types/node": "^20.0.0" },
};
const tsconfig = {
  compilerOptions: { target: "ES2022", module: "commonjs", strict: true, esModuleInterop: true, skipLibCheck: true, outDir: "dist" },
  include: ["main.ts"],
};
const cdktfJson = {
  language: "typescript",
  app: "npx tsc -p . && node dist/main.js",
  output: "cdktf.out",
  terraformProviders: [],
  terraformModules: [],
};

/** Model fields whose values are the constructs' enums. */
const ENUMS: Readonly<Record<string, string>> = {
  "account:registration_hook.method": "WebhookMethod",
  "account:queue_event_hook.method": "WebhookMethod",
  "account_recording:record_format": "RecordFormat",
  "account_limits:unit": "LimitUnit",
};

const VENDOR_FACTORIES: Readonly<Record<string, string>> = {
  aws_s3: "awsS3",
  s3_compatible: "s3Compatible",
  google_cloud_storage: "googleCloudStorage",
  azure_blob: "azureBlob",
};

function mainTs(plan: ExportPlan): string {
  const used = new Set<string>(["VoicegatewayProvider"]);
  const blocks = plan.accounts.map((account) => accountBlock(plan, account, used));
  const provider: TsObject = { properties: plan.serviceProviderSid ? [["serviceProviderSid", plan.serviceProviderSid]] : [] };
  const scope = plan.serviceProviderSid ? `service provider ${plan.serviceProviderSid}` : "every service provider the API key could see";
  const constructs = [...used].filter((n) => n !== "TerraformVariable").sort();
  return [
    `// The Voice Gateway accounts of ${scope} at ${oneLine(plan.apiUrl)}, adopted by \`voicegateway export\`: see README.md.`,
    `import { App, TerraformStack${used.has("TerraformVariable") ? ", TerraformVariable" : ""} } from "cdktf";`,
    `import { Construct } from "constructs";`,
    `import { ${constructs.join(", ")} } from "@voicegateway/iac/constructs";`,
    "",
    "export class VoicegatewayAccounts extends TerraformStack {",
    "  constructor(scope: Construct, id: string) {",
    "    super(scope, id);",
    "    // The portal's address and API key come from VOICEGATEWAY_API_URL and VOICEGATEWAY_API_KEY when Terraform runs.",
    `    new VoicegatewayProvider(this, "Provider", ${tsValue(provider, 2)});`,
    ...(used.has("TerraformVariable")
      ? [
          "    // The secrets' variables, named TF_VAR_<name> (README.md lists them): ephemeral, sent only through write-only attributes.",
          '    const secrets = new Construct(this, "Secrets");',
        ]
      : []),
    ...blocks.flatMap((block) => ["", ...block]),
    "  }",
    "}",
    "",
    "const app = new App();",
    `new VoicegatewayAccounts(app, ${tsString(STACK_NAME)});`,
    "app.synth();",
    "",
  ].join("\n");
}

/**
 * One account's statements, in a block of its own so every account can call its constants `account`. Construct
 * IDs are the lower-case identifiers, so they never meet the stack's own `Provider` and `Secrets`.
 */
function accountBlock(plan: ExportPlan, account: ExportedAccount, used: Set<string>): string[] {
  const pad = "      ";
  const lines: string[] = [`    // ${oneLine(JSON.stringify(account.name))} (${account.sid})`, "    {"];
  const variables = new Map<string, string>();
  for (const resource of [account.account, ...account.apiKeys, account.recording, account.limits]) {
    if (!resource || plan.secretMode !== "variables") continue;
    for (const slot of resource.secrets) {
      const constant = camelCase(slot.variable.slice(account.identifier.length + 1));
      variables.set(slot.variable, constant);
      used.add("TerraformVariable");
      const config: TsObject = {
        properties: [
          ["type", "string"],
          ["sensitive", true],
          ["description", `The ${slot.description} of account ${JSON.stringify(account.name)} (${account.sid}).`],
        ],
      };
      lines.push(
        `${pad}const ${constant} = new TerraformVariable(secrets, ${tsString(slot.variable)}, ${tsValue(config, 3)});`,
        `${pad}${constant}.overrideLogicalId(${tsString(slot.variable)});`,
        `${pad}${constant}.addOverride("ephemeral", true);`,
      );
    }
  }
  const values = (resource: ExportedResource): ConfiguredValue[] => configuredValues(resource, plan.secretMode);
  const convert = (resource: ExportedResource, entries: readonly ConfiguredValue[], base = ""): [string, TsValue][] =>
    entries.map((entry): [string, TsValue] => {
      const key = camelCase(entry.spec.name);
      const path = `${base}${entry.spec.name}`;
      switch (entry.kind) {
        case "object":
          return [key, { properties: convert(resource, entry.entries, `${path}.`) }];
        case "map":
          return [key, { properties: Object.entries(entry.value).map(([k, v]): [string, TsValue] => [k, String(v)]) }];
        case "secret":
          return [key, new TsCode(`${variables.get(entry.slot.variable)!}.stringValue`)];
        case "value": {
          const enumName = ENUMS[`${resource.definition.name}:${path}`];
          if (enumName === undefined) return [key, entry.value];
          used.add(enumName);
          return [key, new TsCode(`${enumName}.${String(entry.value).toUpperCase()}`)];
        }
      }
    });
  const importFrom = (resource: ExportedResource) => `.importFrom(${tsString(resource.importId)});`;

  used.add("Account");
  if (account.account) {
    const props: TsObject = { properties: convert(account.account, values(account.account)) };
    lines.push(
      `${pad}const account = new Account(this, ${tsString(account.identifier)}, ${tsValue(props, 3)});`,
      `${pad}account${importFrom(account.account)}`,
    );
  } else {
    lines.push(`${pad}// Declared elsewhere: only what is not declared yet is adopted here.`);
    lines.push(`${pad}const account = Account.fromAccountSid(this, ${tsString(account.identifier)}, ${tsString(account.sid)});`);
  }
  for (const key of account.apiKeys)
    lines.push(`${pad}account.addApiKey(${tsString(key.name.slice(account.identifier.length + 1))})${importFrom(key)}`);
  if (account.recording) {
    used.add("Recording");
    const entries = convert(account.recording, values(account.recording));
    const vendor = entries.find(([key]) => Object.values(VENDOR_FACTORIES).includes(key));
    const options: TsObject = { properties: entries.filter((e) => e !== vendor) };
    if (!vendor) throw new Error(`the recording of account ${account.sid} has no bucket`);
    lines.push(`${pad}const bucket = Recording.${vendor[0]}(${tsValue(vendor[1], 3)});`);
    const extra = options.properties.length > 0 ? `, ${tsValue(options, 3)}` : "";
    lines.push(`${pad}account.enableRecording(bucket${extra})${importFrom(account.recording)}`);
  }
  if (account.limits) {
    const props: TsObject = { properties: convert(account.limits, values(account.limits)) };
    lines.push(`${pad}account.setLimits(${tsValue(props, 3)})${importFrom(account.limits)}`);
  }
  lines.push("    }");
  return lines;
}
