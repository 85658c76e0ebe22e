import { createBody, stateFromWire, updateBody } from "../../../provider/src/core/resources/account/mapping";
import { type AccountState, wireAccount } from "../../../provider/src/core/resources/account/schema";
import { credentialToWire, maskedCredential, vendorsFromWire } from "../../../provider/src/core/resources/account-recording/mapping";
import { type RecordingConfig } from "../../../provider/src/core/resources/account-recording/schema";

const SID = "2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c";
const base: RecordingConfig = { account_sid: SID, record_all_calls: false, record_format: "mp3", verify_bucket_credential: false };

describe("account mapping", () => {
  const prior: AccountState = {
    id: SID,
    name: "acme",
    service_provider_sid: SID,
    sip_realm: "Acme.example.com",
    registration_hook: { url: "https://h/reg", method: "post", password: "p" },
    enable_debug_log: false,
    webhook_secret: "wh_secret_x",
  };

  it("creates with the managed fields only, realm lower-cased and method upper-cased", () => {
    expect(
      createBody(
        { name: "acme", sip_realm: "ACME.example.com", registration_hook: { url: "https://h/reg", method: "get" }, enable_debug_log: true },
        SID,
      ),
    ).toEqual({
      name: "acme",
      service_provider_sid: SID,
      sip_realm: "acme.example.com",
      registration_hook: { url: "https://h/reg", method: "GET", username: null, password: null },
      enable_debug_log: true,
    });
  });

  it("updates only what changed, clears with null, and leaves equivalent hooks unsent", () => {
    const config = {
      ...prior,
      sip_realm: undefined,
      registration_hook: { url: "https://h/reg", method: "POST", password: "p" },
      siprec_application_sid: SID,
    };
    expect(updateBody(prior, config)).toEqual({ sip_realm: null, siprec_hook_sid: SID });
  });

  it("reads 0/1 flags as booleans and the SIPREC application from siprec_hook_sid, never keeping unknown fields", () => {
    const wire = wireAccount.parse({
      account_sid: SID,
      name: "acme",
      service_provider_sid: SID,
      sip_realm: "acme.example.com",
      registration_hook: { url: "https://h/reg", method: "POST", username: null, password: "p" },
      queue_event_hook: null,
      device_calling_application_sid: null,
      siprec_hook_sid: SID,
      webhook_secret: "wh_secret_x",
      enable_debug_log: 1,
      record_all_calls: 0,
      plan_type: "trial",
      subspace_client_secret: "leak",
    });
    const state = stateFromWire(wire, prior);
    expect(state).toEqual({ ...prior, enable_debug_log: true, siprec_application_sid: SID });
    expect(JSON.stringify(wire)).not.toContain("leak");
  });
});

describe("recording mapping", () => {
  it("writes tags as [{Key, Value}] and names the bucket `name`, per vendor", () => {
    expect(
      credentialToWire({
        ...base,
        azure_blob: { container: "rec", connection_string: "AccountName=a;AccountKey=b", tags: { team: "voice" } },
      }),
    ).toEqual({
      vendor: "azure",
      name: "rec",
      connection_string: "AccountName=a;AccountKey=b",
      tags: [{ Key: "team", Value: "voice" }],
    });
    expect(
      credentialToWire({ ...base, s3_compatible: { endpoint: "https://m", bucket: "rec", access_key_id: "k", secret_access_key: "s" } }),
    ).toEqual({
      vendor: "s3_compatible",
      endpoint: "https://m",
      name: "rec",
      access_key_id: "k",
      secret_access_key: "s",
    });
    expect(credentialToWire(base)).toBeNull();
  });

  it("sends a masked placeholder for an omitted secret, which the portal reads as 'keep the stored one'", () => {
    const wire = credentialToWire({
      ...base,
      aws_s3: { bucket: "rec", region: "us-east-1", access_key_id: "AKIAIOSFODNN7EXAMPLE", skip_region_validation: false },
    });
    expect(wire?.secret_access_key).toMatch(/^X+$/);
    const google = credentialToWire({ ...base, google_cloud_storage: { bucket: "rec" } });
    expect(JSON.parse(google!.service_key!).private_key).toMatch(/^-----BEGIN PRIVATE KEY-----\nX+$/);
  });

  it('reads null, "", {} and vendor none as no credential', () => {
    for (const raw of [null, "", {}, { vendor: "none" }]) expect(vendorsFromWire(raw)).toEqual({});
    expect(vendorsFromWire({ vendor: "google", name: "rec", service_key: "{}", tags: [{ Key: "a", Value: 1 }] })).toEqual({
      google_cloud_storage: { bucket: "rec", service_key: "{}", tags: { a: "1" } },
    });
  });

  it("masks every secret of a credential before it is measured or shown", () => {
    const masked = maskedCredential({ vendor: "aws_s3", secret_access_key: "wJalrXUtnFEMI/K7MDENG" });
    expect(masked.secret_access_key).toBe("wJalrXXXXXXXXXXXXXXXX");
  });
});
