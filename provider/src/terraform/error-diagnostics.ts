import { PortalError } from "../core/client";
import { ResourceConflictError } from "../core/resources/conflict-error";
import { PartialApplyError } from "../core/resources/partial-apply-error";
import { ConfigValidationError, describeIssue, type ValidationIssue } from "../core/schema/issues";
import { fieldAt, type TerraformAttribute, writeOnlyName } from "./attributes";
import { terraformPath } from "./paths";
import { DiagnosticError, diagnosticFromError, errorDiagnostic } from "./protocol/diagnostics";
import { type Diagnostic } from "./protocol/messages";
import { type TfObject } from "./values";

/** Words a summary spells in capitals, as the portal's pages do. */
const ACRONYMS: Record<string, string> = { api: "API", tts: "TTS", sid: "SID", sip: "SIP" };

/** "import account_api_key" -> "Import Account API Key". */
const title = (text: string) =>
  text
    .split(/[\s_]+/)
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");

/** One diagnostic per validation issue, on the attribute it concerns. */
export function issueDiagnostics(
  issues: readonly ValidationIssue[],
  attributes: readonly TerraformAttribute[],
  config: TfObject | null,
): Diagnostic[] {
  return issues.map((issue) => {
    const path = terraformPath(attributes, issue.path, config);
    const last = issue.path.filter((s) => typeof s === "string").at(-1);
    // A missing secret can also be given in its write-only form, which only Terraform has.
    const hint =
      last && issue.message.startsWith("is required") && fieldAt(attributes, issue.path)?.meta.writeOnly
        ? ` Set ${String(last)} or ${writeOnlyName(String(last))}.`
        : "";
    // An object that already exists can be brought under this resource instead.
    // (Terraform plans the configuration before a destroy too, so a conflicting create blocks it until skipped.)
    const adopt = issue.importId
      ? `\n\nTo manage it with this resource instead, import it: terraform import <this resource's address> ${issue.importId} (or an import block with id = "${issue.importId}"). ` +
        "To destroy what the state holds without planning this create, run terraform destroy -refresh=false."
      : "";
    return errorDiagnostic(last ? `Invalid ${String(last)}` : "Invalid Configuration", `${describeIssue(issue)}.${hint}${adopt}`, path);
  });
}

const SUMMARIES: Record<string, string> = {
  VG_ERR_BAD_REQUEST: "Portal Rejected the Request",
  VG_ERR_UNAUTHORIZED: "Portal Refused the API Key",
  VG_ERR_FORBIDDEN: "API Key Not Allowed",
  VG_ERR_NOT_FOUND: "Not Found in the Portal",
  VG_ERR_NO_ROUTE: "Portal API Route Not Found",
  VG_ERR_RATE_LIMITED: "Portal Rate Limit Reached",
  VG_ERR_SERVER: "Portal Error",
  VG_ERR_NETWORK: "Portal Unreachable",
  VG_ERR_UNEXPECTED_RESPONSE: "Unexpected Portal Response",
};

/** What to do, where the client's own message does not already say it in Terraform's words. */
const HINTS: Record<string, string> = {
  VG_ERR_RATE_LIMITED: "Lower rate_limit_requests, or run again once the portal's window has passed.",
};

/** A diagnostic for a failure of `operation` ("create account", ...), never containing a secret. */
export function errorDiagnostics(
  error: unknown,
  operation: string,
  attributes: readonly TerraformAttribute[],
  config: TfObject | null,
): Diagnostic[] {
  if (ConfigValidationError.is(error)) return issueDiagnostics(error.issues, attributes, config);
  if (error instanceof DiagnosticError) return [diagnosticFromError(error)];
  if (ResourceConflictError.is(error)) {
    return [errorDiagnostic(`Cannot ${operation}`, error.message, terraformPath(attributes, error.path, config))];
  }
  if (PartialApplyError.is(error)) {
    const inner = errorDiagnostics(error.cause, operation, attributes, config)[0];
    return [
      errorDiagnostic(
        inner?.summary ?? `Cannot ${operation}`,
        `${error.message}\n\nThe portal has no transactions, so part of the change may have been applied; the state now records what the portal holds, and the next plan shows what is left to do.`,
        undefined,
      ),
    ];
  }
  if (PortalError.is(error)) {
    const hint = HINTS[error.code];
    return [
      errorDiagnostic(SUMMARIES[error.code] ?? title(operation), `Could not ${operation}: ${error.message}${hint ? `\n\n${hint}` : ""}`),
    ];
  }
  const message = error instanceof Error ? error.message : String(error);
  return [errorDiagnostic(`Cannot ${title(operation)}`, message)];
}
