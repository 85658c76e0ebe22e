import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { driftCommand } from "../../provider/src/cli/drift-command";
import { type ResourceDefinition } from "../../provider/src/core/resources/resource-definition";
import { SecretFingerprinter } from "../../provider/src/core/secrets/fingerprint";
import { maskFingerprint, maskSecret } from "../../provider/src/core/secrets/portal-mask";
import { type DriftReport } from "../../provider/src/drift/model";
import { terraformAttributes } from "../../provider/src/terraform/attributes";
import { fromModel } from "../../provider/src/terraform/values";

/** A stream that keeps what is written, for the CLI's stdout and stderr. */
export class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as a report (only for --format json). */
  json(): DriftReport;
}

/** Runs `voicegateway drift` in-process with the given environment variables and working directory. */
export async function drift(argv: readonly string[], env: Record<string, string>, cwd: string): Promise<CliResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await driftCommand(argv, {
    stdout,
    stderr,
    env,
    cwd,
    clientOverrides: { retry: { baseDelayMs: 1, maxDelayMs: 5 } },
  });
  return { code, stdout: stdout.text, stderr: stderr.text, json: () => JSON.parse(stdout.text) as DriftReport };
}

export function tempDir(prefix = "vg-drift-"): { dir: string; write(name: string, value: unknown): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name, value) {
      const path = join(dir, name);
      writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value, null, 2));
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface StateEntry {
  readonly definition: ResourceDefinition;
  readonly name: string;
  /** The handler's state (model values). */
  readonly state: Record<string, unknown>;
  /**
   * Write-only secrets, as Terraform keeps them: out of the attributes, `_wo_version` set, and the fingerprint of
   * the portal's mask in the instance's private data. Paths like `aws_s3.secret_access_key`.
   */
  readonly writeOnly?: readonly string[];
}

function attributesOf(
  entry: StateEntry,
  fingerprinter: SecretFingerprinter | undefined,
): { attributes: Record<string, unknown>; fingerprints: Record<string, string> } {
  const attributes = fromModel(terraformAttributes(entry.definition.fields), entry.state) as Record<string, unknown>;
  const fingerprints: Record<string, string> = {};
  for (const path of entry.writeOnly ?? []) {
    const steps = path.split(".");
    const leaf = steps.pop()!;
    let holder = attributes;
    let model = entry.state;
    for (const step of steps) {
      holder = holder[step] as Record<string, unknown>;
      model = model[step] as Record<string, unknown>;
    }
    const secret = model[leaf] as string;
    // The provider's keyed fingerprint of what it wrote; without a key, the unkeyed mask hash of earlier releases.
    fingerprints[path] = fingerprinter ? fingerprinter.of(secret) : maskFingerprint(maskSecret(secret));
    holder[leaf] = null;
    holder[`${leaf}_wo_version`] = "1";
  }
  return { attributes, fingerprints };
}

/**
 * A Terraform state file (format 4) holding these resources, as `terraform apply` would write it with the provider
 * running under `apiKey` (or as an earlier release wrote it, without one).
 */
export function terraformState(entries: readonly StateEntry[], apiKey?: string): unknown {
  const fingerprinter = apiKey ? new SecretFingerprinter(apiKey) : undefined;
  return {
    version: 4,
    terraform_version: "1.11.4",
    serial: 1,
    lineage: "00000000-0000-0000-0000-000000000000",
    outputs: {},
    resources: entries.map((entry) => {
      const { attributes, fingerprints } = attributesOf(entry, fingerprinter);
      return {
        mode: "managed",
        type: `voicegateway_${entry.definition.name}`,
        name: entry.name,
        provider: 'provider["registry.terraform.io/voicegateway/voicegateway"]',
        instances: [
          {
            schema_version: 0,
            attributes,
            sensitive_attributes: [],
            ...(Object.keys(fingerprints).length > 0 ? { private: Buffer.from(JSON.stringify({ fingerprints })).toString("base64") } : {}),
          },
        ],
      };
    }),
    check_results: null,
  };
}

/** The same resources as `terraform show -json` prints them (no private state). */
export function terraformShowJson(entries: readonly StateEntry[]): unknown {
  return {
    format_version: "1.0",
    terraform_version: "1.11.4",
    values: {
      root_module: {
        resources: entries.map((entry) => ({
          address: `voicegateway_${entry.definition.name}.${entry.name}`,
          mode: "managed",
          type: `voicegateway_${entry.definition.name}`,
          name: entry.name,
          provider_name: "registry.terraform.io/voicegateway/voicegateway",
          schema_version: 0,
          values: attributesOf(entry, undefined).attributes,
          sensitive_values: {},
        })),
      },
    },
  };
}

/** Asserts that none of the secrets appears in any of the texts. */
export function expectNoSecretsIn(texts: readonly string[], secrets: readonly string[]): void {
  for (const secret of secrets) {
    for (const text of texts) {
      if (text.includes(secret)) throw new Error(`secret ${secret.slice(0, 3)}… found in output:\n${text}`);
    }
  }
}
