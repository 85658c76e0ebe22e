import {
  errorFromResponse,
  networkError,
  PortalAuthError,
  PortalBadRequestError,
  PortalClientConfigError,
  PortalError,
  PortalForbiddenError,
  PortalInsecureUrlError,
  PortalNetworkError,
  PortalNotFoundError,
  PortalRateLimitError,
  PortalRouteNotFoundError,
  PortalServerError,
  PortalUnexpectedResponseError,
  serverMessageFrom,
  unexpectedResponse,
} from "../../../provider/src/core/client";

/** Express's finalhandler page for an unknown route, as the portal sends it. */
const EXPRESS_404 = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Error</title>
</head>
<body>
<pre>Cannot GET /v1/accounts/3f1c&nbsp;x</pre>
</body>
</html>
`;
const HTML = { "content-type": "text/html; charset=utf-8" };
const JSON_CT = { "content-type": "application/json; charset=utf-8" };
const SID = "8a4e0a6e-6f4e-4a59-a1ad-3b2f2f6f1f00";

describe("serverMessageFrom", () => {
  it.each([
    ["a plain-text 401", "Unauthorized", undefined, "Unauthorized"],
    ["a plain-text 404", "Not Found", "text/plain; charset=utf-8", "Not Found"],
    ["the rate-limit text", "Too many requests, please try again later.", "text/html", "Too many requests, please try again later."],
    ["a route handler's {msg}", { msg: "service_provider_sid may not be modified" }, undefined, "service_provider_sid may not be modified"],
    ["the middleware's {status,message}", { status: "fail", message: "insufficient privileges" }, undefined, "insufficient privileges"],
    ["{msg} as JSON text", '{"msg":"Bad request"}', "application/json", "Bad request"],
    [
      "{status,message} as JSON text",
      '{"status":"fail","message":"invalid AccountsSid format"}',
      "application/json",
      "invalid AccountsSid format",
    ],
    ["JSON text without a content type", '{"msg":"missing field name"}', undefined, "missing field name"],
    ["Express's HTML page", EXPRESS_404, "text/html; charset=utf-8", "Cannot GET /v1/accounts/3f1c x"],
    ["Express's HTML page without a content type", EXPRESS_404, undefined, "Cannot GET /v1/accounts/3f1c x"],
    [
      "a proxy's HTML page with only a title",
      "<html><head><title>502 Bad Gateway</title></head><body></body></html>",
      "text/html",
      "502 Bad Gateway",
    ],
    ["bytes", Buffer.from("Unauthorized"), undefined, "Unauthorized"],
    ["a bucket test failure", { status: "failed", reason: "Access Denied" }, undefined, "Access Denied"],
  ])("reads %s", (_label, body, contentType, expected) => {
    expect(serverMessageFrom(body, contentType)).toBe(expected);
  });

  it.each([
    ["an empty string", ""],
    ["whitespace", "  \n"],
    ["undefined", undefined],
    ["null", null],
    ["an empty object", {}],
  ])("returns undefined for %s", (_label, body) => {
    expect(serverMessageFrom(body)).toBeUndefined();
  });

  it("keeps a MySQL message whole", () => {
    const msg = "Duplicate entry 'sip.example.com' for key 'sip_realm'";
    expect(serverMessageFrom({ msg })).toBe(msg);
  });

  it("falls back to compact JSON for an object without a message field", () => {
    expect(serverMessageFrom({ sid: "x" })).toBe('{"sid":"x"}');
  });

  it("clips very long text", () => {
    expect(serverMessageFrom("x".repeat(2_000))?.length).toBeLessThanOrEqual(501);
  });
});

describe("errorFromResponse mapping", () => {
  const base = { method: "GET", path: `/v1/Accounts/${SID}` };

  it.each([
    [400, "a {msg}", { msg: "Bad request" }, JSON_CT, PortalBadRequestError, "VG_ERR_BAD_REQUEST"],
    [422, "a duplicate {msg}", { msg: "Duplicate entry" }, JSON_CT, PortalBadRequestError, "VG_ERR_BAD_REQUEST"],
    [413, "text", "request entity too large", undefined, PortalBadRequestError, "VG_ERR_BAD_REQUEST"],
    [401, "plain-text Unauthorized", "Unauthorized", undefined, PortalAuthError, "VG_ERR_UNAUTHORIZED"],
    [403, "{status,message}", { status: "fail", message: "insufficient privileges" }, JSON_CT, PortalForbiddenError, "VG_ERR_FORBIDDEN"],
    [404, "an empty body", "", undefined, PortalNotFoundError, "VG_ERR_NOT_FOUND"],
    [404, "no body", undefined, undefined, PortalNotFoundError, "VG_ERR_NOT_FOUND"],
    [404, "plain-text Not Found", "Not Found", { "content-type": "text/plain; charset=utf-8" }, PortalNotFoundError, "VG_ERR_NOT_FOUND"],
    [404, "Express's HTML page", EXPRESS_404, HTML, PortalRouteNotFoundError, "VG_ERR_NO_ROUTE"],
    [404, "Express's HTML page without a content type", EXPRESS_404, undefined, PortalRouteNotFoundError, "VG_ERR_NO_ROUTE"],
    [404, 'a bare "Cannot GET" text', "Cannot GET /v1/accounts", undefined, PortalRouteNotFoundError, "VG_ERR_NO_ROUTE"],
    [429, "the rate-limit text", "Too many requests, please try again later.", HTML, PortalRateLimitError, "VG_ERR_RATE_LIMITED"],
    [500, "a database {msg}", { msg: "Unknown column 'foo' in 'SET'" }, JSON_CT, PortalServerError, "VG_ERR_SERVER"],
    [502, "an empty body", "", undefined, PortalServerError, "VG_ERR_SERVER"],
    [503, "an empty body", "", undefined, PortalServerError, "VG_ERR_SERVER"],
    [302, "an empty body", "", undefined, PortalUnexpectedResponseError, "VG_ERR_UNEXPECTED_RESPONSE"],
  ])("maps %i with %s to its class", (status, _label, body, headers, cls, code) => {
    const error = errorFromResponse({ ...base, status, body, headers });
    expect(error).toBeInstanceOf(cls);
    expect(error.code).toBe(code);
    expect(error.name).toBe(cls.name);
    expect(error.status).toBe(status);
    expect(error.method).toBe("GET");
    expect(error.path).toBe(base.path);
  });

  it("tells a route miss apart from a deleted object, and says how to fix api_url", () => {
    const route = errorFromResponse({ ...base, path: "/v1/accounts/x", status: 404, body: EXPRESS_404, headers: HTML });
    const gone = errorFromResponse({ ...base, status: 404, body: "" });
    expect(PortalRouteNotFoundError.is(route)).toBe(true);
    expect(PortalNotFoundError.is(route)).toBe(false);
    expect(PortalNotFoundError.is(gone)).toBe(true);
    expect(route.message).toMatch(/configuration problem, not a missing object/);
    expect(route.message).toMatch(/api_url includes the API version path/);
    expect(route.message).toMatch(/\/v1\b.*\/api\/v1|\/api\/v1.*\/v1\b/);
    expect(route.serverMessage).toBe("Cannot GET /v1/accounts/3f1c x");
  });

  it("writes messages in the user's terms with the method, path and the server's words", () => {
    const error = errorFromResponse({
      method: "PUT",
      path: `/v1/Accounts/${SID}`,
      status: 400,
      body: { msg: "service_provider_sid may not be modified" },
    });
    expect(error.message).toBe(
      `The portal rejected PUT /v1/Accounts/${SID} as invalid (400 Bad Request). The portal said: "service_provider_sid may not be modified".`,
    );
    expect(error.serverMessage).toBe("service_provider_sid may not be modified");
  });

  it("notes on a 500 that the portal uses it for bad input and that a write may be partly applied", () => {
    const error = errorFromResponse({
      method: "DELETE",
      path: `/v1/Accounts/${SID}`,
      status: 500,
      body: { msg: "Cannot delete or update a parent row" },
    });
    expect(error.message).toMatch(/answers 500 for many invalid inputs/);
    expect(error.message).toMatch(/may have been partly applied/);
  });

  it("does not talk about partial writes for a failed GET", () => {
    const error = errorFromResponse({ ...base, status: 500, body: { msg: "boom" } });
    expect(error.message).not.toMatch(/partly applied/);
  });

  it("tells a 401 to check the API key", () => {
    const error = errorFromResponse({
      ...base,
      status: 401,
      body: "Unauthorized",
      headers: { "www-authenticate": 'Bearer realm="Users", error="invalid_token"' },
    });
    expect(error.message).toMatch(/rejected the API key for GET \/v1\/Accounts\/.* \(401 Unauthorized\)/);
    expect(error.message).toMatch(/api_key/);
  });

  it("tells a 403 which scope is needed", () => {
    const error = errorFromResponse({ ...base, status: 403, body: { msg: "insufficient permissions" } });
    expect(error.message).toMatch(/admin or service-provider key/);
  });

  it("records Retry-After on a rate-limit error", () => {
    const error = errorFromResponse({ ...base, status: 429, body: "Too many requests", headers: { "retry-after": "120" }, attempts: 6 });
    expect(PortalRateLimitError.is(error) && error.retryAfterMs).toBe(120_000);
    expect(error.message).toMatch(/after 6 attempts/);
    expect(error.attempts).toBe(6);
  });

  it("falls back to RateLimit-Reset for retryAfterMs", () => {
    const error = errorFromResponse({ ...base, status: 429, body: "", headers: { "ratelimit-remaining": "0", "ratelimit-reset": "9" } });
    expect((error as PortalRateLimitError).retryAfterMs).toBe(9_000);
  });

  it("keeps a short excerpt of a long body", () => {
    const error = errorFromResponse({ ...base, status: 400, body: { msg: "x".repeat(1_000) } });
    expect(error.bodyExcerpt?.length).toBeLessThanOrEqual(301);
    expect(error.bodyExcerpt?.endsWith("…")).toBe(true);
  });
});

describe("error identity across module copies", () => {
  // a second copy of the module, as jest, CDKTF or a Pulumi closure can load
  let other: typeof import("../../../provider/src/core/client/errors");
  beforeAll(() => {
    jest.isolateModules(() => {
      other = require("../../../provider/src/core/client/errors") as typeof other;
    });
  });

  it("loads a genuinely different copy", () => {
    expect(other.PortalAuthError).not.toBe(PortalAuthError);
  });

  it("recognises an error from the other copy with is() and instanceof", () => {
    const foreign = other.errorFromResponse({ method: "GET", path: "/v1/Accounts", status: 401, body: "Unauthorized" });
    expect(PortalAuthError.is(foreign)).toBe(true);
    expect(PortalError.is(foreign)).toBe(true);
    expect(foreign instanceof PortalAuthError).toBe(true);
    expect(foreign instanceof PortalError).toBe(true);
    expect(PortalForbiddenError.is(foreign)).toBe(false);
    expect(foreign instanceof PortalForbiddenError).toBe(false);
  });

  it("uses Symbol.for brands named after the code", () => {
    const error = new PortalServerError("x", { status: 500 });
    expect((error as unknown as Record<symbol, unknown>)[Symbol.for("voicegateway.error.VG_ERR_SERVER")]).toBe(true);
    expect((error as unknown as Record<symbol, unknown>)[Symbol.for("voicegateway.error")]).toBe(true);
  });

  it("does not mistake look-alikes for portal errors", () => {
    expect(PortalError.is(new Error("x"))).toBe(false);
    expect(PortalError.is({ code: "VG_ERR_SERVER" })).toBe(false);
    expect(PortalError.is(null)).toBe(false);
    expect(PortalError.is("VG_ERR_SERVER")).toBe(false);
  });

  it("treats the insecure-URL error as a client configuration error too", () => {
    const error = new PortalInsecureUrlError([{ option: "apiUrl", message: "plain http" }]);
    expect(PortalClientConfigError.is(error)).toBe(true);
    expect(PortalInsecureUrlError.is(error)).toBe(true);
    expect(PortalInsecureUrlError.is(new PortalClientConfigError([{ option: "x", message: "y" }]))).toBe(false);
    expect(error.code).toBe("VG_ERR_INSECURE_URL");
    expect(error.name).toBe("PortalInsecureUrlError");
  });
});

describe("error shape", () => {
  it("has a stable name and code, and prints them", () => {
    const error = new PortalNotFoundError("gone", { status: 404, method: "GET", path: "/v1/Accounts/x" });
    expect(error.name).toBe("PortalNotFoundError");
    expect(error.code).toBe("VG_ERR_NOT_FOUND");
    expect(String(error)).toBe("PortalNotFoundError: gone");
    expect(error.stack?.split("\n")[0]).toBe("PortalNotFoundError: gone");
  });

  it("serialises to JSON with its fields", () => {
    const error = errorFromResponse({ method: "GET", path: "/v1/Accounts/x", status: 404, body: "Not Found" });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({
      name: "PortalNotFoundError",
      code: "VG_ERR_NOT_FOUND",
      status: 404,
      method: "GET",
      path: "/v1/Accounts/x",
      serverMessage: "Not Found",
      bodyExcerpt: "Not Found",
    });
  });

  it("keeps undici's error as the cause of a network error", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED", syscall: "connect" });
    const error = networkError({
      method: "POST",
      path: "/v1/Accounts",
      origin: "http://127.0.0.1:9",
      cause,
      causeCode: "ECONNREFUSED",
      mayHaveReachedServer: false,
      attempts: 3,
    });
    expect(error).toBeInstanceOf(PortalNetworkError);
    expect(error.cause).toBe(cause);
    expect(error.causeCode).toBe("ECONNREFUSED");
    expect(error.mayHaveReachedServer).toBe(false);
    expect(error.message).toMatch(
      /Could not connect to the portal at http:\/\/127.0.0.1:9 for POST \/v1\/Accounts \(ECONNREFUSED\) \(3 attempts\)/,
    );
    expect(error.message).toMatch(/The request was not sent/);
  });

  it("warns that a broken write may have reached the portal", () => {
    const cause = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
    const error = networkError({ method: "POST", path: "/v1/ApiKeys", cause, causeCode: "UND_ERR_SOCKET", mayHaveReachedServer: true });
    expect(error.message).toMatch(/may have reached the portal and been applied/);
  });

  it("lets callers raise an unexpected-response error from a schema failure", () => {
    const zodLike = { issues: [{ path: ["account_sid"], message: "Invalid input: expected string, received number" }] };
    const error = unexpectedResponse({ method: "GET", path: "/v1/Accounts/x", status: 200, body: { account_sid: 1 }, cause: zodLike });
    expect(error.code).toBe("VG_ERR_UNEXPECTED_RESPONSE");
    expect(error.message).toMatch(/did not have the expected shape \(account_sid: Invalid input: expected string, received number\)/);
    expect(error.message).toMatch(/please report it/);
    expect(error.bodyExcerpt).toBe('{"account_sid":1}');
  });
});
