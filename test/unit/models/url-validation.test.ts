import { accountRecordingResource, accountResource } from "../../../provider/src/core/resources/catalog";
import { parseConfig, type ResourceDefinition } from "../../../provider/src/core/resources/resource-definition";
import { describeIssue, type ValidationIssue } from "../../../provider/src/core/schema/issues";
import { httpUrlProblem } from "../../../provider/src/core/validation/formats";
import { shownUrl } from "../../../provider/src/core/validation/shown-url";

const SID = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c";
const HOOK = { credentials: "set the hook's username and password instead (the password is sensitive, the URL is not)" };
const PASSWORD = "s3cr3t-Pa55";

function issuesOf(definition: ResourceDefinition, raw: Record<string, unknown>): ValidationIssue[] {
  const result = parseConfig(definition, raw);
  return result.ok ? [] : result.issues;
}

describe("httpUrlProblem", () => {
  it.each([
    "https://hooks.example.com/reg",
    "http://127.0.0.1:3000/hook?x=1&y=a%20b#frag",
    "https://hooks.example.com/path?email=bob@example.com",
    "https://[2001:db8::1]:8443/x",
    "https://bücher.example/straße",
  ])("accepts %p", (url) => {
    expect(httpUrlProblem(url, HOOK)).toBeUndefined();
  });

  it.each([
    [`https://bob:${PASSWORD}@hooks.example.com/x`],
    ["https://bob@hooks.example.com/x"],
    [`https://:${PASSWORD}@hooks.example.com/x`],
    [`https://bob:p@ss@hooks.example.com/x`],
    ["https://@hooks.example.com/x"],
  ])("refuses credentials in %p, pointing at where they belong", (url) => {
    const problem = httpUrlProblem(url, HOOK);
    expect(problem).toBe(
      "must not hold a user name or password: set the hook's username and password instead (the password is sensitive, the URL is not)",
    );
    expect(problem).not.toContain(PASSWORD);
  });

  it.each([
    ["https://hooks.example.com/a b", "a space (U+0020) at character 28"],
    ["https://hooks.example.com/x\n", "a line break (U+000A) at character 28"],
    [" https://hooks.example.com/x", "a space (U+0020) at character 1"],
    ["https://hooks.exa\tmple.com/x", "a tab (U+0009) at character 18"],
    ["https://hooks.example.com/\u0000x", "the control character U+0000 at character 27"],
    ["https://hooks.example.com/\u007fx", "the control character U+007F at character 27"],
    ["https://hooks.example.com/x\u00a0", "the white-space character U+00A0 at character 28"],
    ["https://hooks.example\u200b.com/x", "the invisible character U+200B at character 22"],
    ["https://hooks.example.com/\u202ex", "the invisible character U+202E at character 27"],
  ])("refuses %j: %s", (url, found) => {
    expect(httpUrlProblem(url, HOOK)).toBe(
      `must not contain white space or control characters (found ${found}); remove it, or percent-encode it (a space is %20)`,
    );
  });

  it.each([
    ['https://hooks.example.com/"x"', '"', "%22", 27],
    ["https://hooks.example.com/<x>", "<", "%3C", 27],
    ["https://hooks.example.com\\x", "\\", "%5C", 26],
    ["https://hooks.example.com/x?a={b}", "{", "%7B", 31],
    ["https://hooks.example.com/x|y", "|", "%7C", 28],
    ["https://hooks.example.com/x^y", "^", "%5E", 28],
    ["https://hooks.example.com/x`y", "`", "%60", 28],
  ])("refuses a raw %j", (url, char, escape, at) => {
    expect(httpUrlProblem(url, HOOK)).toBe(`must not contain a raw "${char}" (character ${at}); percent-encode it as ${escape}`);
  });

  it("refuses a % that starts no percent-escape", () => {
    expect(httpUrlProblem("https://hooks.example.com/x?discount=50%", HOOK)).toBe(
      'has a "%" that starts no percent-escape (character 40); write a literal % as %25',
    );
    expect(httpUrlProblem("https://hooks.example.com/%zz", HOOK)).toMatch(/^has a "%" that starts no percent-escape \(character 27\)/);
  });

  it("keeps its other checks", () => {
    expect(httpUrlProblem("hooks.example.com", HOOK)).toMatch(/must be an absolute URL/);
    expect(httpUrlProblem("ftp://hooks.example.com", HOOK)).toBe("must use http or https (got ftp)");
    expect(httpUrlProblem(`https://hooks.example.com/${"x".repeat(1100)}`, HOOK)).toBe("must be at most 1024 characters (got 1126)");
  });
});

describe("shownUrl", () => {
  it.each([
    [`https://bob:${PASSWORD}@hooks.example.com/x`, '"https://bob:(redacted)@hooks.example.com/x"'],
    [`https://bob:p@ss w@hooks.example.com/x?u=a@b`, '"https://bob:(redacted)@hooks.example.com/x?u=a@b"'],
    [`https://:${PASSWORD}@hooks.example.com`, '"https://:(redacted)@hooks.example.com"'],
    ["https://bob@hooks.example.com/x", '"https://bob@hooks.example.com/x"'],
    ["https://hooks.example.com/x?next=a:b@c", '"https://hooks.example.com/x?next=a:b@c"'],
    ["https://hooks.example.com/a b\n", '"https://hooks.example.com/a b\\n"'],
    ["https://hooks.example\u200b.com/\u202ex", '"https://hooks.example\\u200b.com/\\u202ex"'],
    ["not a url at all", '"not a url at all"'],
  ])("shows %j as %s", (url, shown) => {
    expect(shownUrl(url)).toBe(shown);
  });
});

describe("URL fields of the models", () => {
  it("refuse a hook URL with credentials, showing it with the password redacted", () => {
    const issues = issuesOf(accountResource, { name: "a", registration_hook: { url: `https://bob:${PASSWORD}@hooks.example.com/reg` } });
    expect(issues).toEqual([
      {
        path: ["registration_hook", "url"],
        shownValue: '"https://bob:(redacted)@hooks.example.com/reg"',
        message:
          "must not hold a user name or password: set the hook's username and password instead (the password is sensitive, the URL is not)",
      },
    ]);
    expect(describeIssue(issues[0]!)).not.toContain(PASSWORD);
  });

  it("refuse control characters in the queue event hook", () => {
    const [issue] = issuesOf(accountResource, { name: "a", queue_event_hook: { url: "https://hooks.example.com/q\r\nX-Injected: 1" } });
    expect(issue).toMatchObject({ path: ["queue_event_hook", "url"], shownValue: '"https://hooks.example.com/q\\r\\nX-Injected: 1"' });
    expect(issue?.message).toMatch(
      /^must not contain white space or control characters \(found a carriage return \(U\+000D\) at character 28\)/,
    );
  });

  it("refuse credentials in an S3-compatible endpoint, pointing at the access key attributes", () => {
    const [issue] = issuesOf(accountRecordingResource, {
      account_sid: SID,
      s3_compatible: {
        endpoint: `https://minio:${PASSWORD}@minio.example.com`,
        bucket: "rec",
        access_key_id: "minio",
        secret_access_key: "minio-secret",
      },
    });
    expect(issue).toMatchObject({
      path: ["s3_compatible", "endpoint"],
      shownValue: '"https://minio:(redacted)@minio.example.com"',
      message:
        "must not hold a user name or password: set access_key_id and secret_access_key instead (the secret is sensitive, the endpoint is not)",
    });
  });
});
