import { type PortalFixture, portalEnv, startPortal } from "../support/portal";
import { describeWithTerraform, PROVIDER_BLOCK, TerraformWorkdir } from "../support/terraform-cli";

/** Looks like an API key; must never appear in any output. */
const KEY = "Bearer 6d2c1f9e-key-that-must-not-show";

const RESOURCE = `
resource "voicegateway_account" "a" {
  name = "provider-config-check"
}
`;

describeWithTerraform("provider block validation with real terraform", () => {
  let portal: PortalFixture;
  let tf: TerraformWorkdir;
  beforeAll(async () => {
    portal = await startPortal();
    tf = new TerraformWorkdir(portalEnv(portal));
    tf.write({ "main.tf": PROVIDER_BLOCK });
    await tf.init();
  });
  afterAll(async () => {
    tf.remove();
    await portal.close();
  });

  /** `terraform plan`, which must fail; returns its output with terraform's line wrapping undone. */
  async function failingPlan(provider: string, env: Record<string, string> = {}): Promise<string> {
    tf.write({ "main.tf": `${PROVIDER_BLOCK}\nprovider "voicegateway" {\n${provider}\n}\n${RESOURCE}` });
    portal.emulator.requests.clear();
    const result = await tf.expect(["plan", "-input=false"], 1, env);
    expect(portal.emulator.requests.count()).toBe(0);
    const output = result.output.replace(/\s+/g, " ");
    expect(output).not.toMatch(/Unexpected Provider Error|bug in the provider|rpc error/);
    expect(output).not.toContain("6d2c1f9e");
    return output;
  }

  it.each([
    [
      'api_url = "not a url"',
      'api_url: got "not a url", which is not an absolute URL; expected the API base URL, for example https://vg.example.com/api/v1',
    ],
    [
      'api_url = "ftp://vg.example.com/v1"',
      'api_url: got "ftp://vg.example.com/v1"; the scheme must be https (or http for a loopback host)',
    ],
    [
      'api_url = "http://vg.example.com/v1"',
      'api_url: got "http://vg.example.com/v1", which uses plain http to a host that is not loopback, so the API key would travel unencrypted',
    ],
  ])("fails at plan on %s, naming the attribute, the value and what is allowed", async (setting, message) => {
    const output = await failingPlan(`  ${setting}`);
    expect(output).toContain("Invalid api_url");
    expect(output).toContain(message);
  });

  it("accepts plain http to a host that is not loopback with insecure_http = true", async () => {
    tf.write({
      "main.tf": `${PROVIDER_BLOCK}\nprovider "voicegateway" {\n  api_url = "http://vg.example.com/v1"\n  insecure_http = true\n}\n`,
    });
    await tf.expect(["validate"], 0);
  });

  it("fails at plan on every bad number, key and SID at once, each with its attribute, and never shows the key", async () => {
    const output = await failingPlan(`
  api_key                    = "${KEY}"
  service_provider_sid       = "sp-1"
  max_retries                = 1.5
  request_timeout_secs       = 0.5
  rate_limit_requests        = 10.5
  rate_limit_window_secs     = 0
  rate_limit_reserve_percent = 95
`);
    expect(output).toContain('api_key: give the key itself, without the "Bearer " prefix (value not shown)');
    expect(output).toContain('service_provider_sid: "sp-1" must be a portal SID: an RFC 4122 UUID');
    expect(output).toContain("max_retries = 1.5 is not allowed: use a whole number from 0 to 20");
    expect(output).toContain("request_timeout_secs = 0.5 is not allowed: use a whole number from 1 to 600");
    expect(output).toContain("rate_limit_requests = 10.5 is not allowed: use a whole number from 1 to 1000000");
    expect(output).toContain("rate_limit_window_secs = 0 is not allowed: use a whole number from 1 to 86400");
    expect(output).toContain("rate_limit_reserve_percent = 95 is not allowed: use a whole number from 0 to 90");
    // Each diagnostic points at its attribute, and terraform quotes that line ("12: max_retries = 1.5"); the key's
    // points at the block instead, or terraform would quote the key.
    for (const attribute of [
      "service_provider_sid",
      "max_retries",
      "request_timeout_secs",
      "rate_limit_requests",
      "rate_limit_window_secs",
      "rate_limit_reserve_percent",
    ]) {
      expect(output).toMatch(new RegExp(`\\d+: ${attribute} +=`));
    }
    expect(output).not.toMatch(/\d+: api_key +=/);
  });

  it("checks the known values of a provider block whose other values are known only after apply", async () => {
    const output = await failingPlan(`
  api_url     = terraform_data.url.output
  max_retries = -1
}
resource "terraform_data" "url" {
  input = "${portal.emulator.apiUrl}"
`);
    expect(output).toContain("max_retries = -1 is not allowed: use a whole number from 0 to 20");
    expect(output).not.toContain("api_url:");
  });

  it("fails at plan on bad environment variables, naming the variable and never showing the key", async () => {
    const output = await failingPlan("", {
      VOICEGATEWAY_API_URL: "ftp://vg.example.com/v1",
      VOICEGATEWAY_API_KEY: KEY,
      VOICEGATEWAY_SERVICE_PROVIDER_SID: "sp-1",
    });
    expect(output).toContain("Error: Invalid VOICEGATEWAY_API_URL");
    expect(output).toContain('VOICEGATEWAY_API_URL: got "ftp://vg.example.com/v1"; the scheme must be https (or http for a loopback host)');
    expect(output).toContain("Error: Invalid VOICEGATEWAY_API_KEY");
    expect(output).toContain('VOICEGATEWAY_API_KEY: give the key itself, without the "Bearer " prefix (value not shown)');
    expect(output).toContain("Error: Invalid VOICEGATEWAY_SERVICE_PROVIDER_SID");
    expect(output).toContain('VOICEGATEWAY_SERVICE_PROVIDER_SID: "sp-1" must be a portal SID');
  });

  it("fails at plan when neither the block nor the environment gives the URL and key", async () => {
    const output = await failingPlan("", { VOICEGATEWAY_API_URL: "", VOICEGATEWAY_API_KEY: "" });
    expect(output).toContain("api_url or VOICEGATEWAY_API_URL: missing; expected the API base URL including its version path");
    expect(output).toContain("api_key or VOICEGATEWAY_API_KEY: missing; expected the portal API key");
  });
});
