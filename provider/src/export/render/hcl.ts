import { terraformType } from "../../drift/resource-types";
import { VERSION } from "../../version";
import { type ExportedAccount, type ExportedResource, type ExportPlan, resourcesOf } from "../model";
import { type HclBodyItem, HclExpression, type HclValue, hclBlock, hclComment, hclKey, hclString } from "./hcl-syntax";
import { type ConfiguredValue, configuredValues, SECRET_VERSION } from "./model-values";
import { renderReadme } from "./readme";

/**
 * The Terraform output: `providers.tf`, `variables.tf` (secrets given through write-only variables), one
 * `account_<name>.tf` per account with an `import` block before each resource, and `README.md`.
 */
export function renderHcl(plan: ExportPlan): Record<string, string> {
  const files: Record<string, string> = { "providers.tf": providers(plan) };
  const variables =
    plan.secretMode === "variables"
      ? plan.accounts.flatMap((a) => resourcesOf(a).flatMap((r) => r.secrets.map((s) => ({ account: a, slot: s }))))
      : [];
  if (variables.length > 0) {
    files["variables.tf"] = `${variables
      .map(({ account, slot }) =>
        hclBlock(`variable ${hclString(slot.variable)}`, [
          { key: "description", value: `The ${slot.description} of account ${JSON.stringify(account.name)} (${account.sid}).` },
          { key: "type", value: new HclExpression("string") },
          { key: "sensitive", value: true },
          { key: "ephemeral", value: true },
        ]),
      )
      .join("\n\n")}\n`;
  }
  for (const account of plan.accounts) files[accountFileName(account)] = accountFile(plan, account);
  files["README.md"] = renderReadme(plan, "hcl");
  return files;
}

const accountFileName = (account: ExportedAccount): string => `account_${account.identifier}.tf`;

const minorVersion = VERSION.split(".").slice(0, 2).join(".");

function providers(plan: ExportPlan): string {
  const provider: HclBodyItem[] = plan.serviceProviderSid ? [{ key: "service_provider_sid", value: plan.serviceProviderSid }] : [];
  return `${[
    hclBlock("terraform", [
      { key: "required_version", value: ">= 1.11" },
      {
        block: "required_providers",
        items: [
          {
            key: "voicegateway",
            value: {
              attributes: [
                { key: "source", value: "voicegateway/voicegateway" },
                { key: "version", value: `~> ${minorVersion}` },
              ],
            },
          },
        ],
      },
    ]),
    `${hclComment("The portal's address and API key come from VOICEGATEWAY_API_URL and VOICEGATEWAY_API_KEY where terraform runs.")}\n${hclBlock('provider "voicegateway"', provider)}`,
  ].join("\n\n")}\n`;
}

function accountFile(plan: ExportPlan, account: ExportedAccount): string {
  const blocks: string[] = [
    hclComment(`Account ${JSON.stringify(account.name)} (${account.sid}) of service provider ${account.serviceProviderSid}.`) +
      (account.account
        ? ""
        : `\n${hclComment("The account itself is declared elsewhere: only what is not declared yet is adopted here.")}`),
  ];
  const accountSid: HclValue = account.account ? new HclExpression(`${address(account.account)}.id`) : account.sid;
  for (const resource of resourcesOf(account)) {
    blocks.push(
      hclBlock("import", [
        { key: "to", value: new HclExpression(address(resource)) },
        { key: "id", value: resource.importId },
      ]),
    );
    const header = [
      ...resource.problems.map((p) => hclComment(`NEEDS ATTENTION: ${p}`)),
      ...(plan.secretMode === "keep" && resource.secrets.length > 0
        ? [
            hclComment(
              `Kept as the portal stores it, not written here: ${resource.secrets.map((s) => s.path.join(".")).join(", ")} (see README.md).`,
            ),
          ]
        : []),
    ];
    const body: HclBodyItem[] = [
      ...(resource.definition.fields.some((f) => f.name === "account_sid") ? [{ key: "account_sid", value: accountSid }] : []),
      ...items(configuredValues(resource, plan.secretMode)),
    ];
    blocks.push([...header, hclBlock(`resource ${hclString(type(resource))} ${hclString(resource.name)}`, body)].join("\n"));
  }
  return `${blocks.join("\n\n")}\n`;
}

const type = (resource: ExportedResource): string => terraformType(resource.definition);
const address = (resource: ExportedResource): string => `${type(resource)}.${resource.name}`;

function items(values: readonly ConfiguredValue[]): HclBodyItem[] {
  return values.flatMap((v): HclBodyItem[] => {
    switch (v.kind) {
      case "object":
        return [{ key: v.spec.name, value: { attributes: items(v.entries) as { key: string; value: HclValue }[] } }];
      case "map":
        return [
          {
            key: v.spec.name,
            value: { attributes: Object.entries(v.value).map(([k, inner]) => ({ key: hclKey(k), value: String(inner) })) },
          },
        ];
      case "value":
        return [{ key: v.spec.name, value: v.value }];
      case "secret":
        return [
          { key: `${v.spec.name}_wo`, value: new HclExpression(`var.${v.slot.variable}`) },
          { key: `${v.spec.name}_wo_version`, value: SECRET_VERSION },
        ];
    }
  });
}
