import { DEFAULT_RATE_LIMIT, PortalClientConfigError, RateLimiter } from "../../../provider/src/core/client";
import { FakeClock, flush } from "./fake-clock";

describe("the rate limiter's sliding window", () => {
  it("defaults to the portal's 600 requests per 5 minutes with no reserve", () => {
    expect(DEFAULT_RATE_LIMIT).toEqual({ requests: 600, windowMs: 300_000, reserve: 0 });
    expect(new RateLimiter(undefined, new FakeClock()).budget).toBe(600);
  });

  it("lets the budget through without waiting, then waits for the oldest start to leave the window", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 3, windowMs: 1_000 }, clock);
    const start = clock.now();
    expect(await limiter.acquire()).toBe(0);
    expect(await limiter.acquire()).toBe(0);
    expect(await limiter.acquire()).toBe(0);
    expect(limiter.snapshot().inWindow).toBe(3);
    expect(await limiter.acquire()).toBe(1_000);
    expect(clock.now() - start).toBe(1_000);
  });

  it("slides: a start leaves the window exactly windowMs after it was counted", async () => {
    const clock = new FakeClock({ auto: false });
    const limiter = new RateLimiter({ requests: 2, windowMs: 1_000 }, clock);
    await limiter.acquire(); // t=0
    await clock.advance(400);
    await limiter.acquire(); // t=400
    let third = false;
    void limiter.acquire().then(() => {
      third = true;
    });
    await clock.advance(599);
    expect(third).toBe(false);
    await clock.advance(1); // t=1000: the t=0 start leaves
    expect(third).toBe(true);
    expect(limiter.delayMs()).toBe(400); // the t=400 start leaves at t=1400
  });

  it("never lets more than the budget start in any window, whatever the arrival pattern", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 5, windowMs: 1_000 }, clock);
    const starts: number[] = [];
    for (let i = 0; i < 40; i++) {
      await limiter.acquire();
      starts.push(clock.now());
      if (i % 7 === 0) await clock.sleep(130);
    }
    for (const t of starts) {
      expect(starts.filter((s) => s > t - 1_000 && s <= t).length).toBeLessThanOrEqual(5);
    }
  });

  it("keeps the reserve fraction for others", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 10, windowMs: 1_000, reserve: 0.2 }, clock);
    expect(limiter.budget).toBe(8);
    for (let i = 0; i < 8; i++) expect(await limiter.acquire()).toBe(0);
    expect(await limiter.acquire()).toBe(1_000);
  });

  it("fails with the signal's reason when cancelled while waiting", async () => {
    const clock = new FakeClock({ auto: false });
    const limiter = new RateLimiter({ requests: 1, windowMs: 1_000 }, clock);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    await flush();
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
  });
});

describe("the rate limiter reading the server's RateLimit headers", () => {
  it("pauses new requests until the reset when RateLimit-Remaining reaches 0", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 600, windowMs: 300_000 }, clock);
    limiter.observe({ "ratelimit-limit": "600", "ratelimit-remaining": "0", "ratelimit-reset": "42" });
    expect(limiter.snapshot()).toMatchObject({ serverRemaining: 0, pausedUntil: clock.now() + 42_000 });
    expect(await limiter.acquire()).toBe(42_000);
  });

  it("does not pause while the server reports budget left above the reserve", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 600, windowMs: 300_000, reserve: 0.1 }, clock);
    limiter.observe({ "ratelimit-limit": "600", "ratelimit-remaining": "61", "ratelimit-reset": "100" });
    expect(await limiter.acquire()).toBe(0);
  });

  it("pauses when the server's remaining budget falls to the reserve, even though this process sent little", async () => {
    // other callers (humans, other runs) used the shared window; 60 = 10% of 600 is left for them
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 600, windowMs: 300_000, reserve: 0.1 }, clock);
    limiter.observe({ "ratelimit-limit": "600", "ratelimit-remaining": "60", "ratelimit-reset": "100" });
    expect(await limiter.acquire()).toBe(100_000);
  });

  it("uses the configured request count as the limit when RateLimit-Limit is missing", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 100, windowMs: 60_000, reserve: 0.5 }, clock);
    limiter.observe({ "ratelimit-remaining": "50", "ratelimit-reset": "3" });
    expect(await limiter.acquire()).toBe(3_000);
  });

  it("ignores responses without RateLimit headers or with unreadable values", async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 10, windowMs: 1_000 }, clock);
    limiter.observe({});
    limiter.observe({ "ratelimit-remaining": "none", "ratelimit-reset": "soon" });
    expect(limiter.snapshot().pausedUntil).toBe(0);
    expect(await limiter.acquire()).toBe(0);
  });

  it("never shortens a pause: a later, shorter reset keeps the longer one", () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ requests: 10, windowMs: 1_000 }, clock);
    limiter.pauseFor(10_000);
    limiter.observe({ "ratelimit-remaining": "0", "ratelimit-reset": "2" });
    expect(limiter.delayMs()).toBe(10_000);
  });

  it("holds every waiting request during a pause and releases them together at the reset", async () => {
    const clock = new FakeClock({ auto: false });
    const limiter = new RateLimiter({ requests: 100, windowMs: 60_000 }, clock);
    limiter.pauseFor(5_000);
    const released: number[] = [];
    for (let i = 0; i < 3; i++) void limiter.acquire().then(() => released.push(clock.now()));
    await clock.advance(4_999);
    expect(released).toEqual([]);
    await clock.advance(1);
    expect(released).toHaveLength(3);
  });
});

describe("rate limiter options", () => {
  it.each([
    [{ requests: 0, windowMs: 1_000 }, /rateLimit.requests: got 0/],
    [{ requests: 10, windowMs: -5 }, /rateLimit.windowMs: got -5/],
    [{ requests: 10, windowMs: 1_000, reserve: 1 }, /rateLimit.reserve: got 1; expected a fraction from 0 to 0.9/],
  ])("fails for %p", (options, message) => {
    expect(() => new RateLimiter(options, new FakeClock())).toThrow(PortalClientConfigError);
    expect(() => new RateLimiter(options, new FakeClock())).toThrow(message);
  });
});
