import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";

import { toProviderSchemaJson } from "../../../provider/src/terraform/protocol/schema-types";
import { buildProbeBundle, type ProbeBundle } from "./fixtures/build-probe";
import { PROBE_SCHEMA } from "./fixtures/probe-schema";

// The real terraform binary driving the bundled fixture provider through a filesystem mirror, offline.
const terraform = (process.env.PATH ?? "")
  .split(delimiter)
  .map((dir) => join(dir, "terraform"))
  .find((candidate) => existsSync(candidate));

const describeWithTerraform = terraform ? describe : describe.skip;
const title = terraform ? "real terraform" : "real terraform (SKIPPED: no terraform binary on PATH)";

const PROVIDER_ADDRESS = "registry.terraform.io/voicegateway/voicegateway";

const CONFIG = (name: string): string => `
terraform {
  required_providers {
    voicegateway = { source = "voicegateway/voicegateway", version = "0.0.1" }
  }
}

provider "voicegateway" {
  id_prefix = "tf-"
}

resource "voicegateway_probe" "main" {
  name     = "${name}"
  labels   = { env = "test" }
  settings = { mode = "fast" }
}

# Refers to an id known only after apply: terraform sends a refined unknown ("pre-" prefix) at plan time.
resource "voicegateway_probe" "derived" {
  name = "pre-\${voicegateway_probe.main.id}"
}
`;

describeWithTerraform(title, () => {
  let bundle: ProbeBundle;
  let workDir: string;
  let env: NodeJS.ProcessEnv;

  const run = (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
    const result = spawnSync(terraform as string, [...args, "-no-color"], {
      cwd: workDir,
      env: { ...env, ...extraEnv },
      encoding: "utf8",
      timeout: 120_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: `${result.stdout}\n${result.stderr}` };
  };

  const db = (): Record<string, { name: string }> => {
    const path = join(bundle.dir, "db.json");
    return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Record<string, { name: string }>) : {};
  };

  beforeAll(async () => {
    bundle = await buildProbeBundle();
    const platformDir = join(bundle.dir, "mirror", PROVIDER_ADDRESS, "0.0.1", "linux_amd64");
    mkdirSync(platformDir, { recursive: true });
    const launcher = join(platformDir, "terraform-provider-voicegateway_v0.0.1");
    writeFileSync(launcher, `#!/bin/sh\nexec "${process.execPath}" "${bundle.bundlePath}" "$@"\n`);
    chmodSync(launcher, 0o755);
    const cliConfig = join(bundle.dir, "cli.tfrc");
    writeFileSync(
      cliConfig,
      `provider_installation {
  filesystem_mirror {
    path    = "${join(bundle.dir, "mirror")}"
    include = ["registry.terraform.io/voicegateway/*"]
  }
  direct {
    exclude = ["registry.terraform.io/voicegateway/*"]
  }
}
`,
    );
    workDir = join(bundle.dir, "work");
    mkdirSync(workDir);
    writeFileSync(join(workDir, "main.tf"), CONFIG("probe-one"));
    env = {
      ...process.env,
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
      PROBE_DB_PATH: join(bundle.dir, "db.json"),
    };
    delete env.TF_LOG;
    delete env.TF_LOG_PROVIDER;
    const init = run(["init", "-input=false"]);
    expect(init.output).toContain("Terraform has been successfully initialized");
    expect(init.status).toBe(0);
  });

  afterAll(() => {
    if (bundle) rmSync(bundle.dir, { recursive: true, force: true });
  });

  it("applies a new configuration", () => {
    const apply = run(["apply", "-auto-approve", "-input=false"]);
    expect(apply.output).toContain("Apply complete! Resources: 2 added, 0 changed, 0 destroyed.");
    expect(apply.status).toBe(0);
    const names = Object.values(db()).map((p) => p.name);
    expect(names).toContain("probe-one");
    expect(names.some((n) => /^pre-tf-[0-9a-f]{8}$/.test(n))).toBe(true);
  });

  it("plans no changes afterwards (refresh, upgrade and re-plan agree)", () => {
    const plan = run(["plan", "-detailed-exitcode", "-input=false"]);
    expect(plan.output).toContain("No changes.");
    expect(plan.status).toBe(0);
  });

  it("replaces the probe when its name changes", () => {
    writeFileSync(join(workDir, "main.tf"), CONFIG("probe-two"));
    const apply = run(["apply", "-auto-approve", "-input=false"]);
    expect(apply.output).toContain("# forces replacement");
    expect(apply.output).toContain("Resources: 2 added, 0 changed, 2 destroyed.");
    expect(apply.status).toBe(0);
    expect(run(["plan", "-detailed-exitcode", "-input=false"]).status).toBe(0);
  });

  it("prints the same schema document as toProviderSchemaJson", () => {
    const schema = run(["providers", "schema", "-json"]);
    expect(schema.status).toBe(0);
    expect(JSON.parse(schema.stdout)).toEqual(toProviderSchemaJson(PROBE_SCHEMA, PROVIDER_ADDRESS));
  });

  it("destroys, with provider log lines at their own level in TF_LOG=debug output", () => {
    const destroy = run(["destroy", "-auto-approve", "-input=false"], { TF_LOG: "debug" });
    expect(destroy.output).toContain("Destroy complete! Resources: 2 destroyed.");
    expect(destroy.status).toBe(0);
    expect(destroy.output).toMatch(
      /\[INFO\]\s+provider\.terraform-provider-voicegateway_v0\.0\.1: probe deleted: .*@module=provider\.voicegateway/,
    );
    expect(destroy.output).toMatch(
      /\[DEBUG\]\s+provider\.terraform-provider-voicegateway_v0\.0\.1: received request: .*tf_rpc=ApplyResourceChange/,
    );
    expect(destroy.output).not.toContain("Unrecognized remote plugin message");
    expect(db()).toEqual({});
  });
});
