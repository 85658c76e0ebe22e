import { MockAgent } from "undici";
import {
  isLoopbackHost,
  PortalClient,
  PortalClientConfigError,
  type PortalClientOptions,
  PortalInsecureUrlError,
  RateLimiter,
  requestPath,
} from "../../../provider/src/core/client";
import { expectNoSecrets } from "./no-secrets";

const API_KEY = "6c0b8f0e-3d9a-4f3c-8e37-2b7c1d9e5a44";
const dispatcher = new MockAgent();
const make = (options: Partial<PortalClientOptions>): PortalClient =>
  new PortalClient({ apiUrl: "https://vg.example.com/api/v1", apiKey: API_KEY, dispatcher, ...options });

afterAll(async () => {
  await dispatcher.close();
});

describe("PortalClient options", () => {
  it("accepts an https URL with its version path and drops a trailing slash", () => {
    expect(make({ apiUrl: "https://vg.example.com/api/v1/" }).apiUrl).toBe("https://vg.example.com/api/v1");
  });

  it.each(["http://127.0.0.1:3000/v1", "http://127.9.8.7/v1", "http://localhost:3000/v1", "http://[::1]:3000/v1"])(
    "allows plain http to the loopback address %s",
    (apiUrl) => {
      expect(make({ apiUrl }).apiUrl).toBe(apiUrl);
    },
  );

  it("fails for plain http to a host that is not loopback, saying how to allow it", () => {
    const attempt = (): PortalClient => make({ apiUrl: "http://vg.example.com/api/v1" });
    expect(attempt).toThrow(PortalInsecureUrlError);
    expect(attempt).toThrow(/plain http to a host that is not loopback/);
    expect(attempt).toThrow(/set insecureHttp: true \(insecure_http = true\) to allow plain http explicitly/);
    expect(attempt).toThrow(/only for 127\.0\.0\.0\/8, ::1 and localhost/);
  });

  it("fails for plain http to a private address too, which is not loopback", () => {
    expect(() => make({ apiUrl: "http://10.0.0.5:3000/v1" })).toThrow(PortalInsecureUrlError);
  });

  it("allows plain http anywhere with insecureHttp: true", () => {
    expect(make({ apiUrl: "http://vg.example.com/api/v1", insecureHttp: true }).apiUrl).toBe("http://vg.example.com/api/v1");
  });

  it.each([
    ["a relative URL", "/api/v1", /not an absolute URL/],
    ["another scheme", "ftp://vg.example.com/v1", /scheme must be https/],
    ["a query string", "https://vg.example.com/v1?x=1", /must not contain a query string/],
    ["credentials", "https://user:pw@vg.example.com/v1", /must not contain credentials/],
    ["an empty string", "", /apiUrl \(api_url, VOICEGATEWAY_API_URL\): missing/],
  ])("fails for apiUrl with %s", (_label, apiUrl, message) => {
    expect(() => make({ apiUrl })).toThrow(PortalClientConfigError);
    expect(() => make({ apiUrl })).toThrow(message);
  });

  it.each([
    ["missing", undefined, /apiKey \(api_key, VOICEGATEWAY_API_KEY\): missing/],
    ["blank", "   ", /missing/],
    ["prefixed with Bearer", `Bearer ${API_KEY}`, /without the "Bearer " prefix/],
    ["containing a newline", `${API_KEY}\nX-Evil: 1`, /whitespace, control or non-ASCII/],
  ])("fails for an apiKey that is %s, without showing it", (_label, apiKey, message) => {
    let error: unknown;
    try {
      make({ apiKey: apiKey as string });
    } catch (caught) {
      error = caught;
    }
    expect(PortalClientConfigError.is(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/value not shown/);
    expectNoSecrets(error, [API_KEY]);
  });

  it("fails listing every problem at once, naming each option and its value", () => {
    let error: PortalClientConfigError | undefined;
    try {
      make({
        timeoutMs: -1,
        concurrency: 0,
        retry: { maxRetries: 1.5 },
        rateLimit: { requests: 0, windowMs: 1000 },
        userAgent: "bad\nagent",
      });
    } catch (caught) {
      error = caught as PortalClientConfigError;
    }
    expect(error?.issues.map((issue) => issue.option)).toEqual([
      "timeoutMs",
      "concurrency",
      "retry.maxRetries",
      "rateLimit.requests",
      "userAgent",
    ]);
    expect(error?.message).toMatch(/timeoutMs: got -1; expected whole milliseconds from 1 to 600000/);
    expect(error?.message).toMatch(/concurrency: got 0; expected a whole number of requests in flight from 1 to 64/);
  });

  it("fails for an unknown option, listing the known ones", () => {
    expect(() => make({ apiURL: "x" } as unknown as PortalClientOptions)).toThrow(
      /apiURL: unknown option; known options are apiUrl, apiKey/,
    );
  });

  it("fails for a retry policy that retries 500", () => {
    expect(() => make({ retry: { retryStatuses: [500, 503] } })).toThrow(/must not contain 500/);
  });

  it("fails for an API key pasted into the URL without showing it", () => {
    let error: unknown;
    try {
      make({ apiUrl: `http://vg.example.com/api/v1?key=${API_KEY}` });
    } catch (caught) {
      error = caught;
    }
    expect(PortalClientConfigError.is(error)).toBe(true);
    expectNoSecrets(error, [API_KEY]);
  });

  it("shares a RateLimiter passed in", () => {
    const limiter = new RateLimiter({ requests: 10, windowMs: 1000 });
    expect(make({ rateLimit: limiter }).rateLimiter).toBe(limiter);
    expect(make({ rateLimit: false }).rateLimiter).toBeUndefined();
  });

  it("keeps the API key out of inspect and JSON output of the client", () => {
    const client = make({});
    expect(require("node:util").inspect(client, { showHidden: true, depth: 5 })).not.toContain(API_KEY);
    expect(JSON.stringify(client)).not.toContain(API_KEY);
  });

  it("freezes the effective retry policy, merged over the defaults", () => {
    const client = make({ retry: { maxRetries: 2, baseDelayMs: 1 } });
    expect(client.retryPolicy).toMatchObject({ maxRetries: 2, baseDelayMs: 1, maxDelayMs: 30_000 });
    expect(Object.isFrozen(client.retryPolicy)).toBe(true);
  });
});

describe("isLoopbackHost", () => {
  it.each(["localhost", "LOCALHOST", "127.0.0.1", "127.255.255.254", "[::1]", "::1", "[::ffff:7f00:1]"])(
    "treats %s as loopback",
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each(["vg.example.com", "10.0.0.1", "128.0.0.1", "localhost.example.com", "[::2]", "0.0.0.0"])("treats %s as remote", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe("requestPath", () => {
  it("joins the base path with the segments in their exact casing", () => {
    expect(requestPath("/api/v1", ["Accounts", "abc", "ApiKeys"])).toBe("/api/v1/Accounts/abc/ApiKeys");
  });

  it("encodes every segment, so / and ? stay inside one segment", () => {
    expect(requestPath("/v1", ["Accounts", "a/b?c=d#e f"])).toBe("/v1/Accounts/a%2Fb%3Fc%3Dd%23e%20f");
  });

  it("appends no query string unless one is given", () => {
    expect(requestPath("/v1", ["Accounts", "x"])).toBe("/v1/Accounts/x");
    expect(requestPath("/v1", ["Accounts", "x"], {})).toBe("/v1/Accounts/x");
    expect(requestPath("/v1", ["Accounts", "x"], { category: undefined, other: null })).toBe("/v1/Accounts/x");
  });

  it("encodes query keys and values", () => {
    expect(requestPath("/v1", ["Accounts", "x", "Limits"], { category: "voice_call_session", "a b": "c&d" })).toBe(
      "/v1/Accounts/x/Limits?category=voice_call_session&a%20b=c%26d",
    );
  });

  it("works with an API at the root", () => {
    expect(requestPath("", ["Accounts"])).toBe("/Accounts");
  });

  it("fails for an empty segment, which would turn a read of one account into the list", () => {
    expect(() => requestPath("/v1", ["Accounts", ""])).toThrow(/path segment 1 is empty/);
  });

  it.each([".", ".."])("fails for the dot segment %p", (segment) => {
    expect(() => requestPath("/v1", ["Accounts", segment])).toThrow(/dot segments are not allowed/);
  });

  it("fails for no segments at all", () => {
    expect(() => requestPath("/v1", [])).toThrow(/at least one path segment/);
  });
});
