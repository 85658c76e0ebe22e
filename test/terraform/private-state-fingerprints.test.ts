import { createHash } from "node:crypto";
import { dataSources } from "../../provider/src/core/data-sources/catalog";
import { accountResource, resources } from "../../provider/src/core/resources/catalog";
import { SecretFingerprinter } from "../../provider/src/core/secrets/fingerprint";
import { terraformAttributes } from "../../provider/src/terraform/attributes";
import { decodeDynamicValue, encodeDynamicValue } from "../../provider/src/terraform/protocol/dynamic-value";
import { createLogger } from "../../provider/src/terraform/protocol/log";
import { VoiceGatewayProvider } from "../../provider/src/terraform/provider-service";
import { resourceSchema } from "../../provider/src/terraform/schema";
import { fromModel } from "../../provider/src/terraform/values";
import { type PortalFixture, portalEnv, startPortal, uniqueName } from "../support/portal";

/**
 * Issue 12: fingerprints in private state written before they were keyed (a bare SHA-256), or under another API key,
 * are still honoured: compared once, then replaced by a keyed fingerprint under the current key. Driven through the
 * provider's own ReadResource, as terraform calls it on refresh.
 */

const PASSWORD = "hook-password-of-an-older-state";
const schema = resourceSchema(accountResource);
const attributes = terraformAttributes(accountResource.fields);
const rpc = { signal: new AbortController().signal, shutdownSignal: new AbortController().signal, log: createLogger({ level: "off" }) };

describe("private state fingerprints from earlier releases and other API keys", () => {
  let portal: PortalFixture;
  let provider: VoiceGatewayProvider;
  let accountSid: string;
  let current: Buffer;

  beforeAll(async () => {
    portal = await startPortal();
    provider = new VoiceGatewayProvider(resources, dataSources, portalEnv(portal));
    expect(
      provider.configureProvider({ terraform_version: "1.11.4", config: encodeDynamicValue({}, { block: { attributes: {} } }) })
        .diagnostics,
    ).toEqual([]);
    const name = uniqueName("legacy");
    const hook = { url: "https://hooks.example.com/reg", method: "POST", username: "u" };
    accountSid = (
      (await portal.admin("POST", "/Accounts", {
        name,
        service_provider_sid: portal.emulator.serviceProviderSid,
        registration_hook: { ...hook, password: PASSWORD },
      })) as { sid: string }
    ).sid;
    const webhookSecret = ((await portal.admin("GET", `/Accounts/${accountSid}`)) as { webhook_secret: string }).webhook_secret;
    // The state terraform holds for a password given write-only: no password, a version.
    const state = fromModel(attributes, {
      id: accountSid,
      name,
      service_provider_sid: portal.emulator.serviceProviderSid,
      registration_hook: hook,
      enable_debug_log: false,
      webhook_secret: webhookSecret,
    });
    state.registration_hook = { ...(state.registration_hook as object), password_wo_version: "1" };
    current = Buffer.from(encodeDynamicValue(state, schema).msgpack!);
  });
  afterAll(() => portal.close());

  const read = (fingerprint: string) =>
    provider.readResource(
      {
        type_name: "voicegateway_account",
        current_state: { msgpack: current },
        private: Buffer.from(JSON.stringify({ fingerprints: { "registration_hook.password": fingerprint } })),
      },
      rpc,
    );
  const hookOf = (response: Awaited<ReturnType<typeof read>>) =>
    (decodeDynamicValue(response.new_state, schema) as { registration_hook: Record<string, unknown> }).registration_hook;
  const printOf = (response: Awaited<ReturnType<typeof read>>) =>
    (JSON.parse(Buffer.from(response.private!).toString("utf8")) as { fingerprints: Record<string, string> }).fingerprints[
      "registration_hook.password"
    ]!;
  it("issue 12: an unkeyed fingerprint that still matches is replaced by a keyed one, and nothing is reported", async () => {
    const response = await read(createHash("sha256").update(PASSWORD).digest("hex"));
    expect(response.diagnostics).toEqual([]);
    expect(hookOf(response)).toMatchObject({ password: null, password_wo_version: "1" });
    expect(printOf(response)).toBe(new SecretFingerprinter(portal.emulator.adminKey).of(PASSWORD));
  });

  it("issue 12: an unkeyed fingerprint that no longer matches shows the change", async () => {
    const response = await read(createHash("sha256").update("the password written back then").digest("hex"));
    expect(hookOf(response)).toMatchObject({ password: null, password_wo_version: "changed-outside-terraform" });
  });

  it("issue 12: a fingerprint made under another API key is not taken for a change: a warning, then re-keyed", async () => {
    const response = await read(new SecretFingerprinter("an-api-key-since-rotated").of("whatever was written"));
    expect(hookOf(response)).toMatchObject({ password: null, password_wo_version: "1" });
    expect(response.diagnostics).toEqual([expect.objectContaining({ summary: "Secret Not Compared" })]);
    expect(printOf(response)).toBe(new SecretFingerprinter(portal.emulator.adminKey).of(PASSWORD));
    expect(JSON.stringify(response)).not.toContain(PASSWORD);
  });
});
