import { accountFields } from "../../../provider/src/core/resources/account/mapping";
import { recordingFields } from "../../../provider/src/core/resources/account-recording/fields";
import { withPriorForOmitted } from "../../../provider/src/core/schema/omitted";
import { reconcile } from "../../../provider/src/core/schema/reconcile";

describe("reading back without false drift", () => {
  it("keeps the configured realm and hook method when the portal only changed their case", () => {
    const prior = { name: "a", sip_realm: "ACME.example.com", registration_hook: { url: "https://h/x", method: "post" } };
    const remote = { name: "a", sip_realm: "acme.example.com", registration_hook: { url: "https://h/x", method: "POST" } };
    expect(reconcile(accountFields, prior, remote)).toEqual(prior);
  });

  it("shows a real change", () => {
    const prior = { name: "a", sip_realm: "acme.example.com" };
    expect(reconcile(accountFields, prior, { name: "b", sip_realm: "other.example.com" })).toEqual({
      name: "b",
      sip_realm: "other.example.com",
    });
  });

  it("keeps a configured secret whose mask matches the portal's, and shows the mask when it does not", () => {
    const prior = { azure_blob: { container: "rec", connection_string: "AccountName=a;AccountKey=k" } };
    const same = { azure_blob: { container: "rec", connection_string: "AccounXXXXXXXXXXXXXXXXXXXX" } };
    const rotated = { azure_blob: { container: "rec", connection_string: "AccounXXXXXXXXXXXXXXXXXXXXXXX" } };
    expect(reconcile(recordingFields, prior, same)).toEqual(prior);
    expect(reconcile(recordingFields, prior, rotated)).toEqual(rotated);
  });

  it("fills omitted computed fields from the prior state, but not plain optional ones", () => {
    const prior = { name: "a", service_provider_sid: "sp", sip_realm: "r.example.com" };
    expect(withPriorForOmitted(accountFields, { name: "b" }, prior)).toEqual({ name: "b", service_provider_sid: "sp" });
  });
});
