import { checkAccountPlan } from "../../../provider/src/core/resources/account/handlers";
import { type AccountConfig } from "../../../provider/src/core/resources/account/schema";
import { accountApiKeyResource, accountLimitsResource, accountResource } from "../../../provider/src/core/resources/catalog";
import { parseConfig, type ResourceDefinition } from "../../../provider/src/core/resources/resource-definition";
import { describeIssue, type ValidationIssue } from "../../../provider/src/core/schema/issues";

const SID = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c";

function issuesOf(definition: ResourceDefinition, raw: Record<string, unknown>): ValidationIssue[] {
  const result = parseConfig(definition, raw);
  return result.ok ? [] : result.issues;
}

describe("account validation", () => {
  it("accepts a full account and defaults the hook method to POST and the debug log to off", () => {
    const result = parseConfig<AccountConfig>(accountResource, {
      name: "acme",
      sip_realm: "ACME.sip.example.com",
      registration_hook: { url: "https://hooks.example.com/reg", method: "get", username: "u", password: "p" },
      queue_event_hook: { url: "https://hooks.example.com/queue" },
      device_calling_application_sid: null,
    });
    expect(result).toMatchObject({
      ok: true,
      config: { enable_debug_log: false, queue_event_hook: { method: "POST" }, registration_hook: { method: "get" } },
    });
  });

  it.each([
    [{ name: "" }, ["name"], /must not be empty/],
    [{ name: "x".repeat(65) }, ["name"], /at most 64/],
    [{ name: "a", sip_realm: "acme_sip.example.com" }, ["sip_realm"], /DNS name/],
    [{ name: "a", sip_realm: "-acme.example.com" }, ["sip_realm"], /DNS name/],
    [{ name: "a", registration_hook: { url: "/relative" } }, ["registration_hook", "url"], /absolute URL/],
    [{ name: "a", queue_event_hook: { url: "https://q.example.com", method: "PUT" } }, ["queue_event_hook", "method"], /GET or POST/],
    [{ name: "a", device_calling_application_sid: "app-1" }, ["device_calling_application_sid"], /RFC 4122 UUID/],
    [{ name: "a", siprec_application_sid: "" }, ["siprec_application_sid"], /RFC 4122 UUID/],
    [{ name: "a", service_provider_sid: "sp" }, ["service_provider_sid"], /RFC 4122 UUID/],
  ])("fails on %j at the field's path", (raw, path, message) => {
    const issues = issuesOf(accountResource, raw);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(path);
    expect(issues[0]!.message).toMatch(message);
  });

  it("shows the bad value of a non-secret field", () => {
    const [issue] = issuesOf(accountResource, { name: "a", sip_realm: "bad realm" });
    expect(issue?.shownValue).toBe('"bad realm"');
  });

  it("fails a new account that names an application, since none can belong to it yet", () => {
    const config = { name: "a", enable_debug_log: false, device_calling_application_sid: SID } as AccountConfig;
    expect(checkAccountPlan(config, null)[0]).toMatchObject({ path: ["device_calling_application_sid"] });
    expect(checkAccountPlan(config, { ...config, id: SID, webhook_secret: "s" })).toEqual([]);
  });
});

describe("account_limits validation", () => {
  it("defaults the unit to sessions", () => {
    expect(parseConfig(accountLimitsResource, { account_sid: SID, max: 10 })).toMatchObject({ config: { unit: "sessions", max: 10 } });
  });

  it("fails on a unit other than sessions or minutes", () => {
    expect(issuesOf(accountLimitsResource, { account_sid: SID, unit: "hours" })).toEqual([
      expect.objectContaining({ path: ["unit"], message: 'must be "sessions" or "minutes"' }),
    ]);
  });

  // The portal's quantity column is a signed 32-bit INTEGER; Terraform sends integers beyond 2^53 as bigint.
  it.each([
    ["max", -1, "-1"],
    ["licensed", 2.5, "2.5"],
    ["max", 2_147_483_648, "2147483648"],
    ["max", 3_000_000_000, "3000000000"],
    ["licensed", 99999999999999999999n, "99999999999999999999"],
    ["max", -(2n ** 70n), "-1180591620717411303424"],
    ["licensed", Number.NaN, "NaN"],
    ["max", 1e21, "1e+21"],
  ])("fails %s = %p, showing the value and the range", (name, value, shown) => {
    const issues = issuesOf(accountLimitsResource, { account_sid: SID, [name]: value });
    expect(issues).toEqual([{ path: [name], shownValue: shown, message: "must be a whole number from 0 to 2147483647" }]);
    expect(describeIssue(issues[0]!)).toBe(`${name}: ${shown} must be a whole number from 0 to 2147483647`);
  });

  it.each([0, 2_147_483_647, 7n])("accepts %p", (value) => {
    expect(parseConfig(accountLimitsResource, { account_sid: SID, max: value, licensed: value })).toMatchObject({
      ok: true,
      config: { max: Number(value), licensed: Number(value) },
    });
  });
});

describe("account_api_key validation", () => {
  it("needs the account SID", () => {
    expect(issuesOf(accountApiKeyResource, {})[0]?.path).toEqual(["account_sid"]);
  });
});
