import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";

/** PostgreSQL's server binaries (Debian's postgresql package; .ci/run installs it when missing). */
const PG_BIN = ["/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/17/bin"].find((d) =>
  existsSync(join(d, "initdb")),
);
const asPostgres = process.getuid?.() === 0 ? ["runuser", "-u", "postgres", "--"] : [];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function sh(command: string[], env: NodeJS.ProcessEnv = process.env): void {
  const [file, ...args] = command;
  const result = spawnSync(file!, args, { encoding: "utf8", env });
  if (result.status !== 0) throw new Error(`${command.join(" ")} failed: ${result.stderr}`);
}

const describeWithPostgres = PG_BIN
  ? describeWithTerraform
  : (name: string, body: () => void) =>
      describe(`${name} (SKIPPED: no PostgreSQL server binaries; install Debian's postgresql package)`, () => {
        it.skip("needs initdb and postgres", body);
      });

describeWithPostgres("two pipelines applying the same stack, state in terraform's pg backend", () => {
  let portal: PortalFixture;
  let dataDir: string;
  let port: number;
  let cluster: string;

  beforeAll(async () => {
    portal = await startPortal();
    dataDir = mkdtempSync(join(tmpdir(), "vg-pg-"));
    chmodSync(dataDir, 0o777);
    cluster = join(dataDir, "cluster");
    port = await freePort();
    sh([...asPostgres, join(PG_BIN!, "initdb"), "-D", cluster, "--auth=trust", "-U", "postgres", "--no-sync"]);
    // initdb refuses to run as root, so as root the cluster belongs to the postgres user.
    sh([
      ...asPostgres,
      join(PG_BIN!, "pg_ctl"),
      "-D",
      cluster,
      "-w",
      "-l",
      join(dataDir, "server.log"),
      "-o",
      `-p ${port} -k ${dataDir} -h 127.0.0.1 -c fsync=off`,
      "start",
    ]);
    sh([join(PG_BIN!, "createdb"), "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "terraform_state"]);
  });
  afterAll(async () => {
    if (cluster && existsSync(cluster)) sh([...asPostgres, join(PG_BIN!, "pg_ctl"), "-D", cluster, "-m", "immediate", "stop"]);
    rmSync(dataDir, { recursive: true, force: true });
    await portal.close();
  });

  it("never corrupts the state or creates an account twice", async () => {
    const prefix = uniqueName("pipeline");
    const config = `${PROVIDER_BLOCK.replace("terraform {", `terraform {\n  backend "pg" {\n    conn_str = "postgres://postgres@127.0.0.1:${port}/terraform_state?sslmode=disable"\n  }`)}
${[0, 1, 2, 3]
  .map(
    (i) => `
resource "voicegateway_account" "a${i}" {
  name = "${prefix}-${i}"
}
resource "voicegateway_account_api_key" "a${i}" {
  account_sid = voicegateway_account.a${i}.id
}`,
  )
  .join("\n")}
`;
    const env = portalEnv(portal);
    // Slow enough that the two runs overlap.
    portal.emulator.faults.inject({ kind: "delay", delayMs: 100, count: 1000 });
    const pipelines = [new TerraformWorkdir(env).write({ "main.tf": config }), new TerraformWorkdir(env).write({ "main.tf": config })];
    for (const tf of pipelines) await tf.init();
    const runs = await Promise.all(pipelines.map((tf) => tf.run(["apply", "-auto-approve", "-input=false", "-lock-timeout=120s"])));
    portal.emulator.faults.clear();
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    // One created everything, the other waited for the lock and found nothing left to do.
    expect(runs.map((r) => (r.stdout.match(/Apply complete! Resources: (\d+) added/) ?? [])[1]).sort()).toEqual(["0", "8"]);
    const accounts = (
      (await portal.admin("GET", `/ServiceProviders/${portal.emulator.serviceProviderSid}/Accounts`)) as {
        account_sid: string;
        name: string;
      }[]
    ).filter((a) => a.name.startsWith(`${prefix}-`));
    expect(accounts).toHaveLength(4);
    for (const account of accounts)
      expect((await portal.admin("GET", `/Accounts/${account.account_sid}/ApiKeys`)) as unknown[]).toHaveLength(1);
    for (const tf of pipelines) await tf.plan(0);
    await pipelines[0]!.destroy();
    for (const tf of pipelines) tf.remove();
  });
});
