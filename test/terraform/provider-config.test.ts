import { dataSources } from "../../provider/src/core/data-sources/catalog";
import { resources } from "../../provider/src/core/resources/catalog";
import { UNKNOWN } from "../../provider/src/core/schema/unknown";
import { encodeDynamicValue } from "../../provider/src/terraform/protocol/dynamic-value";
import { createLogger } from "../../provider/src/terraform/protocol/log";
import { ProviderDispatcher } from "../../provider/src/terraform/protocol/rpc";
import { providerConfigProblems, resolveProviderSettings } from "../../provider/src/terraform/provider-config";
import { VoiceGatewayProvider } from "../../provider/src/terraform/provider-service";
import { providerSchema, resourceSchema } from "../../provider/src/terraform/schema";

const KEY = "5f0c3a8e-0b1d-4c9a-9e77-2b6f1d0a9c31";
const URL = "https://vg.example.com/api/v1";
const ENV = { VOICEGATEWAY_API_URL: URL, VOICEGATEWAY_API_KEY: KEY };

describe("provider block settings", () => {
  it("turns a valid block into client settings in the client's units", () => {
    const resolved = resolveProviderSettings(
      {
        api_url: URL,
        api_key: KEY,
        request_timeout_secs: 10,
        max_retries: 0,
        rate_limit_requests: 100,
        rate_limit_window_secs: 60,
        rate_limit_reserve_percent: 25,
      },
      {},
    );
    expect(resolved).toEqual({
      problems: [],
      unknown: false,
      settings: expect.objectContaining({
        apiUrl: URL,
        apiKey: KEY,
        insecureHttp: false,
        timeoutMs: 10_000,
        maxRetries: 0,
        rateLimit: { requests: 100, windowMs: 60_000, reserve: 0.25 },
      }),
    });
  });

  it("falls back to the environment, and names the variable when its value is bad", () => {
    expect(
      resolveProviderSettings({}, { ...ENV, VOICEGATEWAY_SERVICE_PROVIDER_SID: "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c" }).settings,
    ).toMatchObject({
      apiUrl: URL,
      serviceProviderSid: "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c",
    });
    const { problems } = resolveProviderSettings({}, { ...ENV, VOICEGATEWAY_API_URL: "http://vg.example.com/v1" });
    expect(problems).toEqual([
      {
        summary: "Invalid VOICEGATEWAY_API_URL",
        detail: expect.stringMatching(/^VOICEGATEWAY_API_URL: got "http:\/\/vg\.example\.com\/v1", which uses plain http/),
      },
    ]);
  });

  it("prefers the block to the environment", () => {
    const { problems } = resolveProviderSettings({ api_url: "ftp://x/v1" }, ENV);
    expect(problems).toEqual([
      { attribute: "api_url", summary: "Invalid api_url", detail: expect.stringContaining('api_url: got "ftp://x/v1"') },
    ]);
  });

  it("at validation, leaves out what the environment may still give and what is not known yet", () => {
    expect(providerConfigProblems({})).toEqual([]);
    expect(providerConfigProblems({ api_url: UNKNOWN, api_key: UNKNOWN, insecure_http: UNKNOWN, max_retries: UNKNOWN })).toEqual([]);
    // plain http cannot be refused until insecure_http is known
    expect(providerConfigProblems({ api_url: "http://vg.example.com/v1", insecure_http: UNKNOWN })).toEqual([]);
    expect(providerConfigProblems({ api_url: "http://vg.example.com/v1", insecure_http: false })).toHaveLength(1);
  });

  it("reports unknown values at configure as not known yet, with the problems of the known ones", () => {
    expect(resolveProviderSettings({ api_url: UNKNOWN, max_retries: 2.5 }, ENV)).toEqual({
      unknown: true,
      problems: [
        expect.objectContaining({ attribute: "max_retries", detail: "max_retries = 2.5 is not allowed: use a whole number from 0 to 20." }),
      ],
    });
  });

  it("wants whole numbers in range, and says so with the value", () => {
    const problems = providerConfigProblems({
      max_retries: 10n ** 30n,
      request_timeout_secs: 1.5,
      rate_limit_window_secs: 86_401,
      rate_limit_reserve_percent: -1,
      rate_limit_requests: 0,
    });
    expect(problems.map((p) => p.detail)).toEqual([
      "request_timeout_secs = 1.5 is not allowed: use a whole number from 1 to 600.",
      "max_retries = 1000000000000000000000000000000 is not allowed: use a whole number from 0 to 20.",
      "rate_limit_requests = 0 is not allowed: use a whole number from 1 to 1000000.",
      "rate_limit_window_secs = 86401 is not allowed: use a whole number from 1 to 86400.",
      "rate_limit_reserve_percent = -1 is not allowed: use a whole number from 0 to 90.",
    ]);
  });

  it("names a missing URL and key with both ways to give them", () => {
    const { problems } = resolveProviderSettings({}, {});
    expect(problems).toEqual([
      {
        summary: "Missing api_key",
        detail: expect.stringMatching(/^api_key or VOICEGATEWAY_API_KEY: missing; expected the portal API key/),
      },
      { summary: "Missing api_url", detail: expect.stringMatching(/^api_url or VOICEGATEWAY_API_URL: missing; expected the API base URL/) },
    ]);
  });

  it("never shows the key, nor points terraform at a line that may hold a secret", () => {
    const problems = [
      ...providerConfigProblems({ api_key: `Bearer ${KEY}` }),
      ...providerConfigProblems({ api_key: `${KEY} x` }),
      ...providerConfigProblems({ api_url: "https://user:hunter2@vg.example.com/v1", api_key: KEY }),
      ...providerConfigProblems({ api_url: `https://vg.example.com/v1?key=${KEY}`, api_key: KEY }),
      ...resolveProviderSettings({}, { VOICEGATEWAY_API_URL: URL, VOICEGATEWAY_API_KEY: `Bearer ${KEY}` }).problems,
    ];
    expect(problems).toHaveLength(5);
    for (const problem of problems) {
      expect(problem.attribute).toBeUndefined();
      expect(JSON.stringify(problem)).not.toContain(KEY);
      expect(JSON.stringify(problem)).not.toContain("hunter2");
    }
    expect(problems[0]!.detail).toBe('api_key: give the key itself, without the "Bearer " prefix (value not shown)');
    expect(problems[2]!.detail).toMatch(/^api_url: must not contain credentials/);
  });

  it("checks the service provider SID", () => {
    expect(providerConfigProblems({ service_provider_sid: "sp-1" })).toEqual([
      {
        attribute: "service_provider_sid",
        summary: "Invalid service_provider_sid",
        detail: expect.stringContaining('service_provider_sid: "sp-1" must be a portal SID'),
      },
    ]);
  });
});

describe("a resource call the provider cannot serve for want of settings", () => {
  const provider = new VoiceGatewayProvider(resources, dataSources, {});
  const dispatcher = new ProviderDispatcher(provider, createLogger({ level: "off" }));
  const schema = resourceSchema(resources.find((r) => r.name === "account")!);
  const deleteAccount = {
    type_name: "voicegateway_account",
    prior_state: encodeDynamicValue({ id: "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c", name: "acme" }, schema),
    planned_state: encodeDynamicValue(null, schema),
    config: encodeDynamicValue(null, schema),
  };

  it("answers with the user's problem, not a provider bug, before ConfigureProvider", async () => {
    const { diagnostics } = await dispatcher.dispatch("ApplyResourceChange", deleteAccount);
    expect(diagnostics).toEqual([
      expect.objectContaining({ summary: "Provider Not Configured", detail: expect.stringContaining("VOICEGATEWAY_API_URL") }),
    ]);
    expect(JSON.stringify(diagnostics)).not.toContain("bug");
  });

  it("answers with the user's problem when the provider block is known only after apply", async () => {
    provider.configureProvider({
      config: encodeDynamicValue({ api_url: UNKNOWN }, providerSchema([], []).provider),
      terraform_version: "1.11.4",
    });
    const { diagnostics } = await dispatcher.dispatch("ApplyResourceChange", deleteAccount);
    expect(diagnostics).toEqual([expect.objectContaining({ summary: "Provider Configuration Not Known Yet" })]);
  });
});
