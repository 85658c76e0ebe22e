import { VENDOR_FIELDS } from "../../core/resources/account-recording/schema";
import { terraformType } from "../../drift/resource-types";
import { VERSION } from "../../version";
import { type ExportedAccount, type ExportedResource, type ExportPlan, expectedPlanLine, type OutputFormat, resourcesOf } from "../model";
import { oneLine } from "./one-line";

/** The `README.md` of an export: how to use it, which secrets need a value, what was exported and what was not. */
export function renderReadme(plan: ExportPlan, format: OutputFormat): string {
  const resources = plan.accounts.flatMap((a) => resourcesOf(a).map((r) => ({ account: a, resource: r })));
  const secrets = resources.flatMap(({ account, resource }) => resource.secrets.map((slot) => ({ account, resource, slot })));
  const problems = resources.filter(({ resource }) => resource.problems.length > 0);
  const updates = resources.filter(({ resource }) => resource.expectedUpdate !== undefined);
  const notes = [...plan.notes, ...plan.accounts.flatMap((a) => a.notes.map((n) => `${accountLabel(a)}: ${n}`))];
  const scope = plan.serviceProviderSid ? `service provider ${plan.serviceProviderSid}` : "every service provider the API key can see";
  const out: string[] = [
    `# Voice Gateway accounts adopted from ${cell(plan.apiUrl)}`,
    "",
    `Written by \`voicegateway export\` (@voicegateway/iac ${VERSION}): ${plan.accounts.length} account(s) of ${scope}, ` +
      `${resources.length} resource(s), each with an import block, so the first plan adopts them instead of creating anything.`,
  ];
  if (plan.filters.length > 0) out.push("", `Filters: ${plan.filters.map(cell).join("; ")}.`);
  const left = [
    ...(plan.excluded.byFilter > 0 ? [`${plan.excluded.byFilter} account(s) by the filters`] : []),
    ...(plan.excluded.declared > 0
      ? [`${plan.excluded.declared} account(s) declared already (their keys, recording and limits that nothing declares are included)`]
      : []),
  ];
  if (left.length > 0) out.push("", `Left out: ${left.join("; ")}.`);
  out.push(
    "",
    "No file here holds a secret: hook passwords and bucket secrets are never exported, nor webhook secrets or API key tokens (the provider reads those itself).",
  );

  out.push(
    "",
    "## Adopting them",
    "",
    "```sh",
    "export VOICEGATEWAY_API_URL=... VOICEGATEWAY_API_KEY=...   # the portal and an admin or service-provider key",
  );
  if (plan.secretMode === "variables" && secrets.length > 0)
    out.push("export TF_VAR_<variable>=...                                  # one per secret, see below");
  if (format === "cdktf") {
    out.push("npm install", "npm run synth                     # writes cdktf.out/stacks/voicegateway", "cd cdktf.out/stacks/voicegateway");
  }
  out.push(
    "terraform init",
    "terraform plan",
    "terraform apply",
    "```",
    "",
    `\`terraform plan\` should end with \`${expectedPlanLine(plan)}\`` + (updates.length > 0 ? " The updates are listed below." : ""),
  );
  out.push("Once applied, the import blocks have done their work: keep them or delete them, the next plan shows no changes either way.");

  out.push("", "## Secrets");
  if (secrets.length === 0) out.push("", "The portal stores no hook password or bucket secret for what was exported.");
  else if (plan.secretMode === "keep") {
    out.push(
      "",
      'Left out, so the portal keeps what it stores (an omitted secret means "keep the stored one"):',
      "",
      "| Resource | Secret |",
      "|---|---|",
      ...secrets.map(({ resource, slot }) => `| \`${address(resource)}\` | \`${slot.path.join(".")}\` (${slot.description}) |`),
      "",
      `To manage one from code, give it through its write-only attribute (\`password_wo\`, \`secret_access_key_wo\`, \`service_key_wo\`, \`connection_string_wo\`) with a \`*_wo_version\`, or export again with \`--secrets variables\`; the next apply then sends it.`,
    );
  } else {
    out.push(
      "",
      "Each of these variables needs a value (`TF_VAR_<variable>`) before the plan. They are sensitive and ephemeral, and reach the portal only through write-only attributes, never the state: the first apply sends them, replacing what the portal stores.",
      "",
      "| Variable | Account | Secret |",
      "|---|---|---|",
      ...secrets.map(({ account, slot }) => `| \`${slot.variable}\` | ${cell(account.name)} | ${slot.description} |`),
    );
  }

  if (problems.length > 0) {
    const fails = format === "cdktf" ? "synth (the constructs check them) and the plan fail" : "the plan fails";
    out.push(
      "",
      "## Needs attention",
      "",
      `The provider refuses these values as they are in the portal, so ${fails} until each is fixed (in the portal, then export again, or in the configuration):`,
      "",
    );
    for (const { resource } of problems) for (const problem of resource.problems) out.push(`- \`${address(resource)}\`: ${cell(problem)}`);
  }
  if (updates.length > 0) {
    out.push("", "## Expected updates", "");
    for (const { resource } of updates) out.push(`- \`${address(resource)}\`: ${resource.expectedUpdate}`);
  }

  out.push("", "## Exported", "", "| Account | SID | Adopted |", "|---|---|---|");
  for (const account of plan.accounts) out.push(`| ${cell(account.name)} | ${account.sid} | ${summary(account)} |`);
  if (notes.length > 0) out.push("", "## Not exported, and other notes", "", ...notes.map((n) => `- ${cell(n)}`));
  return `${out.join("\n")}\n`;
}

const address = (resource: ExportedResource): string => `${terraformType(resource.definition)}.${resource.name}`;
const accountLabel = (account: ExportedAccount): string => `${JSON.stringify(account.name)} (${account.sid})`;

/** Portal text inside a Markdown table or list: one line, no column breaks. */
const cell = (text: string): string => oneLine(text).replace(/\|/g, "\\|");

function summary(account: ExportedAccount): string {
  const parts: string[] = [];
  if (account.account) parts.push(`account \`${account.identifier}\``);
  else parts.push("(account declared elsewhere)");
  if (account.apiKeys.length > 0) parts.push(`${account.apiKeys.length} API key(s)`);
  if (account.recording) {
    const vendor = VENDOR_FIELDS.find((v) => account.recording!.values[v] !== undefined);
    parts.push(`recording (${vendor})`);
  }
  if (account.limits) parts.push(`limits (${String(account.limits.values.unit)})`);
  return parts.join(", ");
}
