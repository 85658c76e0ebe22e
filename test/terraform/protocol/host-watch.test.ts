import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { watchParentProcess } from "../../../provider/src/terraform/protocol/host-watch";
import { isRunning, processInfo, waitFor } from "../../support/processes";
import { spawnProvider } from "../../support/terraform-engine";
import { buildProbeBundle, type ProbeBundle } from "./fixtures/build-probe";

// The process table is read from /proc.
const linux = process.platform === "linux" ? describe : describe.skip;

describe("watching terraform, the parent process", () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 30));

  it("reports once, with both PIDs, when the parent PID changes", async () => {
    let ppid = 4242;
    const reasons: string[] = [];
    const stop = watchParentProcess((reason) => reasons.push(reason), { intervalMs: 5, parentPid: () => ppid });
    await tick();
    expect(reasons).toEqual([]);
    ppid = 1;
    await tick();
    ppid = 77;
    await tick();
    stop();
    expect(reasons).toEqual(["terraform (process 4242) exited without stopping the provider; its parent is now process 1"]);
  });

  it("reports nothing after it is stopped", async () => {
    let ppid = 4242;
    const reasons: string[] = [];
    const stop = watchParentProcess((reason) => reasons.push(reason), { intervalMs: 5, parentPid: () => ppid });
    stop();
    ppid = 1;
    await tick();
    expect(reasons).toEqual([]);
  });

  it("reads the real parent PID by default and keeps quiet while the parent lives", async () => {
    const reasons: string[] = [];
    const stop = watchParentProcess((reason) => reasons.push(reason), { intervalMs: 5 });
    await tick();
    stop();
    expect(reasons).toEqual([]);
  });
});

linux("a provider whose terraform is killed while it starts", () => {
  let bundle: ProbeBundle;
  beforeAll(async () => {
    bundle = await buildProbeBundle();
  });
  afterAll(() => rmSync(bundle.dir, { recursive: true, force: true }));

  it("exits even though terraform died before the watch began (between loading and listening)", async () => {
    // Holds the provider's first listen for 3 s, after writing its PID (whole, by a rename): the test kills "terraform"
    // in between.
    const marker = join(bundle.dir, "listening.pid");
    const preload = join(bundle.dir, "hold-listen.js");
    writeFileSync(
      preload,
      `const net = require("node:net");
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  net.Server.prototype.listen = listen;
  const fs = require("node:fs");
  fs.writeFileSync(${JSON.stringify(`${marker}.tmp`)}, String(process.pid));
  fs.renameSync(${JSON.stringify(`${marker}.tmp`)}, ${JSON.stringify(marker)});
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3000);
  return listen.apply(this, args);
};
`,
    );
    // A shell stands in for terraform, the provider its child (the trailing command keeps it from exec-ing node).
    const { child: terraform } = spawnProvider({
      command: "sh",
      args: ["-c", `"${process.execPath}" --require "${preload}" "${bundle.bundlePath}"; exit $?`],
      env: { PROBE_DB_PATH: join(bundle.dir, "db.json") },
    });
    let stderr = "";
    terraform.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await waitFor(() => existsSync(marker), 30_000, 20)).toBe(true);
    const provider = processInfo(Number(readFileSync(marker, "utf8")));
    expect(provider?.ppid).toBe(terraform.pid);

    terraform.kill("SIGKILL");
    try {
      // 3 s held, then a poll every 500 ms; a loaded machine may take longer, never a minute.
      expect(await waitFor(() => !isRunning(provider!), 60_000)).toBe(true);
      expect(stderr).toContain("exited without stopping the provider");
    } finally {
      if (isRunning(provider!)) process.kill(provider!.pid, "SIGKILL");
    }
  });
});
