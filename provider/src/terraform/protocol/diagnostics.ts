/**
 * Diagnostics are how a provider reports problems: Terraform shows an RPC-level gRPC error only as a generic
 * failure, so every problem, including our own bugs, goes back as a diagnostic. Summaries are short and title-case;
 * details say what happened, what to do, and end with the original message.
 */
import { type PathStep, toAttributePath } from "./attribute-path";
import { type Diagnostic, DiagnosticSeverity } from "./messages";
import { CtyValueError } from "./msgpack";

export function errorDiagnostic(summary: string, detail = "", path?: readonly PathStep[]): Diagnostic {
  return diagnostic(DiagnosticSeverity.ERROR, summary, detail, path);
}

export function warningDiagnostic(summary: string, detail = "", path?: readonly PathStep[]): Diagnostic {
  return diagnostic(DiagnosticSeverity.WARNING, summary, detail, path);
}

function diagnostic(severity: DiagnosticSeverity, summary: string, detail: string, path?: readonly PathStep[]): Diagnostic {
  const out: Diagnostic = { severity, summary, detail };
  if (path && path.length > 0) out.attribute = toAttributePath(path);
  return out;
}

/**
 * A problem for the user to fix, thrown where a reply's diagnostics are out of reach: it reaches terraform as
 * exactly this diagnostic, never as "a bug in the provider".
 */
export class DiagnosticError extends Error {
  override readonly name = "DiagnosticError";

  constructor(
    readonly summary: string,
    readonly detail: string,
    readonly path?: readonly PathStep[],
  ) {
    super(detail);
  }
}

/**
 * Turns any thrown value into an ERROR diagnostic: a DiagnosticError as it is, anything else as a provider bug (a
 * CtyValueError keeps its attribute path).
 */
export function diagnosticFromError(error: unknown, summary = "Unexpected Provider Error"): Diagnostic {
  if (error instanceof DiagnosticError) return errorDiagnostic(error.summary, error.detail, error.path);
  const message = error instanceof Error ? error.message : String(error);
  const detail =
    `${message}\n\nThis is most likely a bug in the provider. Please report it to the provider developers, ` +
    `with the steps that led to it.`;
  return errorDiagnostic(summary, detail, error instanceof CtyValueError ? error.path : undefined);
}

/** Collects diagnostics for one reply: `diags.error("Invalid Name", "…", ["name"])`. */
export class Diagnostics {
  private readonly items: Diagnostic[] = [];

  error(summary: string, detail = "", path?: readonly PathStep[]): this {
    this.items.push(errorDiagnostic(summary, detail, path));
    return this;
  }

  warning(summary: string, detail = "", path?: readonly PathStep[]): this {
    this.items.push(warningDiagnostic(summary, detail, path));
    return this;
  }

  add(...diagnostics: Diagnostic[]): this {
    this.items.push(...diagnostics);
    return this;
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === DiagnosticSeverity.ERROR);
  }

  get length(): number {
    return this.items.length;
  }

  toArray(): Diagnostic[] {
    return [...this.items];
  }
}
