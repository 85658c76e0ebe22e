import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { testCliConfig } from "./global-setup";

/** The real terraform binary on PATH, if there is one. */
export const TERRAFORM = (process.env.PATH ?? "")
  .split(delimiter)
  .map((dir) => join(dir, "terraform"))
  .find((candidate) => existsSync(candidate));

/**
 * How long a test that runs terraform may take before jest gives up on it. A command takes seconds on an idle
 * machine and several times that on a busy one, and a test runs up to a dozen; this limit is there to end a hang,
 * not to judge speed (npm run bench does that), and each command is killed after `COMMAND_TIMEOUT_MS` anyway.
 */
export const TERRAFORM_TEST_TIMEOUT_MS = 10 * 60_000;
const COMMAND_TIMEOUT_MS = 120_000;

/**
 * `describe` for suites that need the real terraform binary. Without one the suite is reported as skipped, with
 * a message saying why, so a missing binary can never look like a pass.
 */
export function describeWithTerraform(name: string, body: () => void): void {
  if (TERRAFORM) {
    describe(name, () => {
      jest.setTimeout(TERRAFORM_TEST_TIMEOUT_MS);
      body();
    });
    return;
  }
  describe(`${name} (SKIPPED: no terraform binary on PATH)`, () => {
    it.skip("needs terraform on PATH; install Terraform 1.11 or later to run it", () => undefined);
  });
}

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, as a user would see them. */
  readonly output: string;
}

/**
 * A terraform working directory in a temp folder, running the real binary asynchronously (the emulator serving it
 * lives in the same process, so the event loop must keep turning).
 */
export class TerraformWorkdir {
  readonly dir = mkdtempSync(join(tmpdir(), "vg-tf-"));

  constructor(private readonly env: Readonly<Record<string, string>>) {}

  write(files: Readonly<Record<string, string>>): this {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(this.dir, name), text);
    return this;
  }

  read(name: string): string {
    return readFileSync(join(this.dir, name), "utf8");
  }

  run(args: readonly string[], extraEnv: Readonly<Record<string, string>> = {}): Promise<RunResult> {
    if (!TERRAFORM) throw new Error("no terraform binary on PATH");
    return new Promise((resolve, reject) => {
      const child = spawn(TERRAFORM, [...args, "-no-color"], {
        cwd: this.dir,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: this.dir,
          TF_CLI_CONFIG_FILE: testCliConfig(),
          TF_IN_AUTOMATION: "1",
          CHECKPOINT_DISABLE: "1",
          ...this.env,
          ...extraEnv,
        },
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), COMMAND_TIMEOUT_MS);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr, output: `${stdout}\n${stderr}` });
      });
    });
  }

  /** Runs and fails the test with terraform's own output when the exit code is not the expected one. */
  async expect(args: readonly string[], code = 0, extraEnv: Readonly<Record<string, string>> = {}): Promise<RunResult> {
    const result = await this.run(args, extraEnv);
    if (result.code !== code) {
      throw new Error(`terraform ${args.join(" ")} exited ${result.code}, expected ${code}:\n${result.output}`);
    }
    return result;
  }

  init = () => this.expect(["init", "-input=false"]);
  apply = (...args: string[]) => this.expect(["apply", "-auto-approve", "-input=false", ...args]);
  destroy = () => this.expect(["destroy", "-auto-approve", "-input=false"]);
  /** Exit code 0: no changes; 2: changes (plan -detailed-exitcode). */
  plan = (code: 0 | 2, ...args: string[]) => this.expect(["plan", "-detailed-exitcode", "-input=false", ...args], code);

  /** `terraform show -json` of the state. */
  async state(): Promise<StateJson> {
    return JSON.parse((await this.expect(["show", "-json"])).stdout) as StateJson;
  }

  async resource(address: string): Promise<Record<string, unknown>> {
    const found = (await this.state()).values?.root_module?.resources?.find((r) => r.address === address);
    if (!found) throw new Error(`${address} is not in the state`);
    return found.values;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface StateJson {
  values?: { root_module?: { resources?: { address: string; values: Record<string, unknown> }[] } };
}

export const PROVIDER_BLOCK = `terraform {
  required_providers {
    voicegateway = { source = "voicegateway/voicegateway" }
  }
}
`;
