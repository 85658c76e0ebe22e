import { watchParentProcess } from "../../../provider/src/terraform/protocol/host-watch";

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
