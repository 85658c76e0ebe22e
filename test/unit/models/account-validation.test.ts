import { accountLimitsResource, accountResource, accountApiKeyResource } from "../../../provider/src/core/resources/catalog";
import { parseConfig, ResourceDefinition } from "../../../provider/src/core/resources/resource-definition";
import { checkAccountPlan } from "../../../provider/src/core/resources/account/handlers";
import { AccountConfig } from "../../../provider/src/core/resources/account/schema";
import { ValidationIssue } from "../../../provider/src/core/schema/issues";

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

  it.each([
    [{ unit: "hours" }, ["unit"], 'must be "sessions" or "minutes"'],
    [{ max: -1 }, ["max"], "must be 0 or more"],
    [{ licensed: 2.5 }, ["licensed"], "must be a whole number"],
  ])("fails on %j", (over, path, message) => {
    const issues = issuesOf(accountLimitsResource, { account_sid: SID, ...over });
    expect(issues).toEqual([expect.objectContaining({ path, message })]);
  });
});

describe("account_api_key validation", () => {
  it("needs the account SID", () => {
    expect(issuesOf(accountApiKeyResource, {})[0]?.path).toEqual(["account_sid"]);
  });
});
