import { existsSync, readFileSync } from "node:fs";
import { type EnvironmentSpec } from "../config";
import { type DeclaredResource } from "../model";
import { parseCdktfStack } from "./cdktf-stack";
import { parsePulumiExport } from "./pulumi-export";
import { SourceError } from "./source-error";
import { isTerraformShowJson, isTerraformState, parseTerraformShowJson, parseTerraformState } from "./terraform-state";

/** Everything one environment declares, from all of its files. */
export interface Declarations {
  readonly resources: readonly DeclaredResource[];
  readonly files: readonly string[];
  readonly notes: readonly string[];
  /**
   * Objects Terraform manages that the synthesized stack no longer declares (they go on the next deploy), as
   * `<resource name>:<id>`: never reported as unmanaged.
   */
  readonly alsoManaged: ReadonlySet<string>;
}

function readJson(file: string): unknown {
  if (!existsSync(file)) throw new SourceError(file, "does not exist");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SourceError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // Never quote the text: a state file holds secrets.
    const position = error instanceof SyntaxError ? /position \d+/.exec(error.message)?.[0] : undefined;
    throw new SourceError(file, `is not valid JSON${position ? ` (at ${position})` : ""}`);
  }
}

/** A Terraform state file or `terraform show -json` output, told apart by their shape. */
export function loadTerraform(file: string): DeclaredResource[] {
  const json = readJson(file);
  if (isTerraformState(json)) return parseTerraformState(json, file);
  if (isTerraformShowJson(json)) return parseTerraformShowJson(json, file);
  throw new SourceError(file, "is neither a Terraform state file nor `terraform show -json` output");
}

/**
 * Reads an environment's declaration files. With both a synthesized stack and Terraform state, the stack says
 * what is wanted and the state supplies what the stack cannot know: each resource's ID and write-only secret
 * fingerprints, matched by address.
 */
export function loadDeclarations(environment: EnvironmentSpec): Declarations {
  const notes: string[] = [];
  const terraform = environment.terraformState.flatMap(loadTerraform);
  const cdktf = environment.cdktfStack.flatMap((file) => parseCdktfStack(readJson(file), file));
  const pulumi = environment.pulumiExport.map((file) => parsePulumiExport(readJson(file), file));
  for (const p of pulumi) notes.push(...p.notes);

  const resources: DeclaredResource[] = [];
  const alsoManaged = new Set<string>();
  if (cdktf.length > 0) {
    const stateByAddress = new Map(terraform.map((r) => [r.address, r]));
    for (const wanted of cdktf) {
      const known = stateByAddress.get(wanted.address);
      stateByAddress.delete(wanted.address);
      resources.push(
        known
          ? {
              ...wanted,
              ...(known.id !== undefined ? { id: known.id } : {}),
              values: known.id !== undefined ? { ...wanted.values, id: known.id } : wanted.values,
              fingerprints: known.fingerprints,
              secretsChangedOutside: known.secretsChangedOutside,
            }
          : wanted,
      );
    }
    for (const leftover of stateByAddress.values()) {
      if (leftover.id !== undefined) alsoManaged.add(`${leftover.definition.name}:${leftover.id}`);
    }
    if (stateByAddress.size > 0) {
      notes.push(
        `${stateByAddress.size} resource(s) in the Terraform state are no longer in the synthesized stack (the next deploy destroys them): ${[...stateByAddress.keys()].slice(0, 5).join(", ")}`,
      );
    }
  } else {
    resources.push(...terraform);
  }
  resources.push(...pulumi.flatMap((p) => p.resources));

  const seen = new Map<string, string>();
  for (const r of resources) {
    const key = `${r.address}`;
    const previous = seen.get(key);
    if (previous !== undefined && previous !== r.source.file) {
      notes.push(`${r.address} is declared in both ${previous} and ${r.source.file}`);
    }
    seen.set(key, r.source.file);
  }
  return {
    resources,
    files: [...environment.terraformState, ...environment.cdktfStack, ...environment.pulumiExport],
    notes,
    alsoManaged,
  };
}
