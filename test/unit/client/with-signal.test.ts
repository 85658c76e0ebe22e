import { withSignal } from "../../../provider/src/core/client/with-signal";
import { type PortalFixture, startPortal } from "../../support/portal";

describe("a client bound to a signal", () => {
  let portal: PortalFixture;
  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(() => portal.close());
  afterEach(() => {
    portal.emulator.faults.clear();
    portal.emulator.requests.clear();
  });

  it("sends nothing once the signal has fired, whichever verb is used", async () => {
    const controller = new AbortController();
    const reason = new Error("terraform is gone");
    controller.abort(reason);
    const client = withSignal(portal.client, controller.signal);
    const sent = portal.client.stats.requestsSent;
    await expect(client.get(["Accounts"])).rejects.toBe(reason);
    await expect(client.post(["Accounts"], { name: "never" })).rejects.toBe(reason);
    await expect(client.put(["Accounts", "x"], {})).rejects.toBe(reason);
    await expect(client.delete(["Accounts", "x"])).rejects.toBe(reason);
    await expect(client.request("POST", ["ApiKeys"], { body: {} })).rejects.toBe(reason);
    expect(portal.client.stats.requestsSent).toBe(sent);
    expect(portal.emulator.requests.count()).toBe(0);
  });

  it("cancels the request in flight when the signal fires", async () => {
    const delayMs = 1_000;
    portal.emulator.faults.inject({ kind: "delay", delayMs, count: 1 });
    const controller = new AbortController();
    const reason = new Error("stop");
    const pending = withSignal(portal.client, controller.signal).get(["Accounts"]);
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
    // The emulator holds the abandoned request until its delay is over; let it finish before the emulator closes.
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  });

  it("still honours a signal given to one call", async () => {
    const client = withSignal(portal.client, new AbortController().signal);
    const reason = new Error("this call only");
    await expect(client.get(["Accounts"], { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });

  it("is otherwise the client itself: same URL, redactor, counters and paths", async () => {
    const client = withSignal(portal.client, new AbortController().signal);
    const sent = portal.client.stats.requestsSent;
    await expect(client.get(["Accounts"])).resolves.toEqual(expect.any(Array));
    expect(portal.client.stats.requestsSent).toBe(sent + 1);
    expect(client.stats).toEqual(portal.client.stats);
    expect(client.apiUrl).toBe(portal.client.apiUrl);
    expect(client.redactor).toBe(portal.client.redactor);
    expect(client.pathFor(["Accounts", "a b"])).toBe(portal.client.pathFor(["Accounts", "a b"]));
  });
});
