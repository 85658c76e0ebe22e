import {
  backoffDelayMs,
  classifyNetworkError,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  parseRetryAfter,
  type RetryOutcome,
  type RetryPolicy,
  retryPolicyProblems,
} from "../../../provider/src/core/client";

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const env = { random: () => 0.5, now: () => NOW };

function systemError(code: string, syscall?: string): Error {
  return Object.assign(new Error(`${syscall ?? "read"} ${code}`), { code, ...(syscall === undefined ? {} : { syscall }) });
}

const response = (status: number, headers: Record<string, string> = {}): RetryOutcome => ({ kind: "response", status, headers });
const sent = (code: string): RetryOutcome => ({ kind: "network", code, requestSent: true });
const unsent = (code: string): RetryOutcome => ({ kind: "network", code, requestSent: false });

describe("the default retry policy", () => {
  it("is frozen data, lists included", () => {
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY.retryStatuses)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY.retryErrorCodes)).toBe(true);
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY.neverSentErrorCodes)).toBe(true);
  });

  it("allows five retries and retries 429, 502, 503 and 504 but not 500", () => {
    expect(DEFAULT_RETRY_POLICY.maxRetries).toBe(5);
    expect([...DEFAULT_RETRY_POLICY.retryStatuses].sort()).toEqual([429, 502, 503, 504]);
    expect(DEFAULT_RETRY_POLICY.retryStatuses).not.toContain(500);
  });

  it("passes its own validation", () => {
    expect(retryPolicyProblems(DEFAULT_RETRY_POLICY)).toEqual([]);
  });
});

describe("decideRetry for each method and outcome", () => {
  // [outcome label, outcome, retried for GET/PUT/DELETE, retried for POST]
  const table: Array<[string, RetryOutcome, boolean, boolean]> = [
    ["429 Too Many Requests", response(429), true, false],
    ["502 Bad Gateway", response(502), true, false],
    ["503 Service Unavailable", response(503), true, false],
    ["504 Gateway Timeout", response(504), true, false],
    ["500 Internal Server Error", response(500), false, false],
    ["400 Bad Request", response(400), false, false],
    ["401 Unauthorized", response(401), false, false],
    ["403 Forbidden", response(403), false, false],
    ["404 Not Found", response(404), false, false],
    ["422 Unprocessable Entity", response(422), false, false],
    ["ECONNRESET after sending", sent("ECONNRESET"), true, false],
    ["socket hang-up (UND_ERR_SOCKET)", sent("UND_ERR_SOCKET"), true, false],
    ["ETIMEDOUT after sending", sent("ETIMEDOUT"), true, false],
    ["EPIPE", sent("EPIPE"), true, false],
    ["headers timeout", sent("UND_ERR_HEADERS_TIMEOUT"), true, false],
    ["body timeout", sent("UND_ERR_BODY_TIMEOUT"), true, false],
    ["connection refused", unsent("ECONNREFUSED"), true, true],
    ["DNS failure (ENOTFOUND)", unsent("ENOTFOUND"), true, true],
    ["DNS try again (EAI_AGAIN)", unsent("EAI_AGAIN"), true, true],
    ["connect timeout", unsent("UND_ERR_CONNECT_TIMEOUT"), true, true],
    ["ETIMEDOUT while connecting", unsent("ETIMEDOUT"), true, true],
    ["a bad TLS certificate", unsent("CERT_HAS_EXPIRED"), false, false],
    ["an error without a code", { kind: "network", code: undefined, requestSent: true }, false, false],
  ];

  for (const [label, outcome, idempotentRetried, postRetried] of table) {
    for (const method of ["GET", "PUT", "DELETE", "POST"]) {
      const expected = method === "POST" ? postRetried : idempotentRetried;
      it(`${expected ? "retries" : "does not retry"} ${method} after ${label}`, () => {
        const decision = decideRetry(DEFAULT_RETRY_POLICY, 1, { method }, outcome, env);
        expect(decision.retry).toBe(expected);
        if (decision.retry) expect(decision.delayMs).toBeGreaterThanOrEqual(0);
        expect(decision.reason.length).toBeGreaterThan(0);
      });
    }
  }

  it("accepts the method in any case", () => {
    expect(decideRetry(DEFAULT_RETRY_POLICY, 1, { method: "get" }, response(503), env).retry).toBe(true);
    expect(decideRetry(DEFAULT_RETRY_POLICY, 1, { method: "post" }, response(503), env).retry).toBe(false);
  });

  it("never retries 500, even when a hand-built policy lists it", () => {
    const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, retryStatuses: [500, 503] };
    expect(decideRetry(policy, 1, { method: "GET" }, response(500), env)).toEqual({ retry: false, reason: expect.stringContaining("500") });
  });

  it("does not retry a success", () => {
    expect(decideRetry(DEFAULT_RETRY_POLICY, 1, { method: "GET" }, response(204), env).retry).toBe(false);
  });

  it("counts retries against maxRetries: attempt 5 may retry, attempt 6 may not", () => {
    expect(decideRetry(DEFAULT_RETRY_POLICY, 5, { method: "GET" }, response(503), env).retry).toBe(true);
    const last = decideRetry(DEFAULT_RETRY_POLICY, 6, { method: "GET" }, response(503), env);
    expect(last).toEqual({ retry: false, reason: "gave up after 5 retries" });
  });

  it("counts never-sent POST retries against maxRetries too", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 2 };
    expect(decideRetry(policy, 2, { method: "POST" }, unsent("ECONNREFUSED"), env).retry).toBe(true);
    expect(decideRetry(policy, 3, { method: "POST" }, unsent("ECONNREFUSED"), env).retry).toBe(false);
  });

  it("does not retry at all with maxRetries 0", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxRetries: 0 };
    expect(decideRetry(policy, 1, { method: "GET" }, response(503), env).retry).toBe(false);
  });
});

describe("decideRetry waiting as the server asks", () => {
  const get = { method: "GET" };

  it("waits Retry-After seconds on a 429", () => {
    expect(decideRetry(DEFAULT_RETRY_POLICY, 1, get, response(429, { "retry-after": "2" }), env)).toMatchObject({
      retry: true,
      delayMs: 2000,
    });
  });

  it("waits until a Retry-After HTTP date on a 429", () => {
    const date = new Date(NOW + 10_000).toUTCString();
    expect(decideRetry(DEFAULT_RETRY_POLICY, 1, get, response(429, { "retry-after": date }), env)).toMatchObject({
      retry: true,
      delayMs: 10_000,
    });
  });

  it("does not wait for a Retry-After date in the past", () => {
    const date = new Date(NOW - 60_000).toUTCString();
    expect(decideRetry(DEFAULT_RETRY_POLICY, 1, get, response(429, { "retry-after": date }), env)).toMatchObject({
      retry: true,
      delayMs: 0,
    });
  });

  it("caps Retry-After at maxRetryAfterMs", () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxRetryAfterMs: 5_000 };
    expect(decideRetry(policy, 1, get, response(429, { "retry-after": "300" }), env)).toMatchObject({ retry: true, delayMs: 5_000 });
  });

  it("falls back to RateLimit-Reset on a 429 without Retry-After when nothing remains", () => {
    const headers = { "ratelimit-remaining": "0", "ratelimit-reset": "7" };
    expect(decideRetry(DEFAULT_RETRY_POLICY, 1, get, response(429, headers), env)).toMatchObject({ retry: true, delayMs: 7_000 });
  });

  it("falls back to backoff when Retry-After is unreadable", () => {
    const decision = decideRetry(DEFAULT_RETRY_POLICY, 1, get, response(429, { "retry-after": "soon" }), env);
    expect(decision).toMatchObject({ retry: true, delayMs: 250 }); // 0.5 * 500
  });

  it("honours Retry-After on a 503 too", () => {
    expect(decideRetry(DEFAULT_RETRY_POLICY, 1, get, response(503, { "retry-after": "3" }), env)).toMatchObject({
      retry: true,
      delayMs: 3_000,
    });
  });

  it("ignores Retry-After on a 502 and backs off", () => {
    expect(decideRetry(DEFAULT_RETRY_POLICY, 2, get, response(502, { "retry-after": "30" }), env)).toMatchObject({
      retry: true,
      delayMs: 500,
    });
  });
});

describe("backoffDelayMs", () => {
  const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1_000, backoffFactor: 2 };

  it("doubles the ceiling per attempt and caps it at maxDelayMs", () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 5, 6, 10].map((attempt) => backoffDelayMs(policy, attempt, top))).toEqual([99, 199, 399, 799, 999, 999, 999]);
  });

  it("uses full jitter: a random of 0 waits nothing", () => {
    expect(backoffDelayMs(policy, 4, () => 0)).toBe(0);
  });

  it("stays within [0, ceiling) for any random value", () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let attempt = 1; attempt <= 8; attempt++) {
      const ceiling = Math.min(1_000, 100 * 2 ** (attempt - 1));
      for (let i = 0; i < 200; i++) {
        const delay = backoffDelayMs(policy, attempt, random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it("keeps a random of exactly 1 below the ceiling", () => {
    expect(backoffDelayMs(policy, 1, () => 1)).toBe(99);
  });
});

describe("parseRetryAfter", () => {
  it.each([
    ["120", 120_000],
    ["0", 0],
    ["1.5", 1_500],
    [" 3 ", 3_000],
  ])("reads delta-seconds %p", (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected);
  });

  it("reads an HTTP date relative to now", () => {
    expect(parseRetryAfter(new Date(NOW + 90_000).toUTCString(), NOW)).toBe(90_000);
  });

  it.each([undefined, "", "-1", "1e3", "soon", "Mon, 99 Foo 2026"])("returns undefined for %p", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe("classifyNetworkError", () => {
  it("marks a refused connection as never sent", () => {
    expect(classifyNetworkError(systemError("ECONNREFUSED", "connect"))).toEqual({
      kind: "network",
      code: "ECONNREFUSED",
      requestSent: false,
    });
  });

  it("marks a DNS failure as never sent", () => {
    expect(classifyNetworkError(systemError("ENOTFOUND", "getaddrinfo")).requestSent).toBe(false);
  });

  it("marks undici's connect timeout as never sent", () => {
    expect(classifyNetworkError(Object.assign(new Error("Connect Timeout Error"), { code: "UND_ERR_CONNECT_TIMEOUT" })).requestSent).toBe(
      false,
    );
  });

  it("marks a system error raised by connect() as never sent whatever its code", () => {
    expect(classifyNetworkError(systemError("ETIMEDOUT", "connect")).requestSent).toBe(false);
    expect(classifyNetworkError(systemError("EHOSTUNREACH", "connect")).requestSent).toBe(false);
  });

  it("marks a reset after connecting as possibly sent", () => {
    expect(classifyNetworkError(systemError("ECONNRESET", "read"))).toEqual({ kind: "network", code: "ECONNRESET", requestSent: true });
    expect(classifyNetworkError(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" })).requestSent).toBe(true);
  });

  it("finds the code inside an AggregateError from a happy-eyeballs connect", () => {
    const aggregate = new AggregateError([systemError("ECONNREFUSED", "connect"), systemError("ECONNREFUSED", "connect")], "");
    expect(classifyNetworkError(aggregate)).toEqual({ kind: "network", code: "ECONNREFUSED", requestSent: false });
  });

  it("finds the code on a cause", () => {
    const wrapped = new Error("fetch failed", { cause: systemError("ENOTFOUND", "getaddrinfo") });
    expect(classifyNetworkError(wrapped)).toEqual({ kind: "network", code: "ENOTFOUND", requestSent: false });
  });

  it("treats an error without code as possibly sent", () => {
    expect(classifyNetworkError(new Error("boom"))).toEqual({ kind: "network", code: undefined, requestSent: true });
  });
});

describe("retryPolicyProblems", () => {
  it("fails a policy that retries 500", () => {
    expect(retryPolicyProblems({ ...DEFAULT_RETRY_POLICY, retryStatuses: [500] }).join("\n")).toMatch(/must not contain 500/);
  });

  it("fails a policy that treats POST as idempotent", () => {
    expect(retryPolicyProblems({ ...DEFAULT_RETRY_POLICY, idempotentMethods: ["GET", "post"] }).join("\n")).toMatch(
      /must not contain POST/,
    );
  });

  it("fails negative or fractional numbers, naming the field and the value", () => {
    const problems = retryPolicyProblems({ ...DEFAULT_RETRY_POLICY, maxRetries: -1, baseDelayMs: 1.5 });
    expect(problems).toEqual([
      "retry.maxRetries: got -1; expected an integer from 0 to 100",
      "retry.baseDelayMs: got 1.5; expected an integer from 0 to 600000",
    ]);
  });
});
