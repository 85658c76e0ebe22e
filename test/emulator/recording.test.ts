import { type RunningEmulator } from "../../provider/src/emulator";
import { createAccount, getAccount, type Json, listedAccount, putAccount, start } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());

const aws = {
  vendor: "aws_s3",
  name: "recordings",
  region: "eu-west-1",
  access_key_id: "AKIAEXAMPLE",
  secret_access_key: "SuperSecretAccessKey123",
};
const azure = { vendor: "azure", name: "container", connection_string: "DefaultEndpointsProtocol=https;AccountKey=abc" };
const PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQ\n-----END PRIVATE KEY-----\n";
const google = { vendor: "google", name: "gcs", service_key: JSON.stringify({ client_email: "r@p.iam", private_key: PRIVATE_KEY }) };

async function storedCredential(sid: string): Promise<unknown> {
  return (await listedAccount(emu, sid)).bucket_credential;
}

describe("bucket_credential on PUT", () => {
  it("keeps only the fields of the vendor, and tags when given", async () => {
    const sid = await createAccount(emu);
    const tags = [{ Key: "team", Value: "voice" }];
    const noisy = { ...aws, endpoint: "ignored", connection_string: "ignored", tags };
    expect((await putAccount(emu, sid, { bucket_credential: noisy })).status).toBe(204);
    expect(await storedCredential(sid)).toEqual({ ...aws, tags });
    expect((await putAccount(emu, sid, { bucket_credential: aws })).status).toBe(204);
    expect(await storedCredential(sid)).not.toHaveProperty("tags");
  });

  it("keeps the optional region of an s3_compatible credential", async () => {
    const sid = await createAccount(emu);
    const credential = {
      vendor: "s3_compatible",
      endpoint: "https://minio.local",
      name: "b",
      access_key_id: "k",
      secret_access_key: "s3cretKey",
      region: "local-1",
    };
    expect((await putAccount(emu, sid, { bucket_credential: credential })).status).toBe(204);
    expect(await storedCredential(sid)).toEqual(credential);
  });

  it.each([
    ["aws_s3", "access_key_id", "invalid aws S3 bucket credential: access_key_id is required"],
    ["aws_s3", "secret_access_key", "invalid aws S3 bucket credential: secret_access_key is required"],
    ["aws_s3", "name", "invalid aws bucket name: name is required"],
    ["aws_s3", "region", "invalid aws bucket region: region is required"],
    ["s3_compatible", "endpoint", "invalid endpoint uri: endpoint is required"],
    ["google", "service_key", "invalid google cloud storage credential: service_key is required"],
    ["azure", "name", "invalid azure container name: name is required"],
    ["azure", "connection_string", "invalid azure cloud storage credential: connection_string is required"],
  ])("fails with 500 when a %s credential lacks %s", async (vendor, field, message) => {
    const complete: Json = {
      aws_s3: aws,
      s3_compatible: { vendor: "s3_compatible", endpoint: "https://s3.local", name: "b", access_key_id: "k", secret_access_key: "s" },
      google,
      azure,
    }[vendor] as Json;
    const { [field]: _dropped, ...credential } = complete;
    const sid = await createAccount(emu);
    const res = await putAccount(emu, sid, { bucket_credential: credential });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ msg: message });
  });

  it("fails with 400 for an unknown vendor", async () => {
    const sid = await createAccount(emu);
    const res = await putAccount(emu, sid, { bucket_credential: { vendor: "dropbox", name: "x" } });
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ msg: "unknown storage vendor: dropbox" });
  });

  it.each([
    ["null", null],
    ['{vendor:"none"}', { vendor: "none" }],
  ])("clears the credential with %s", async (_label, value) => {
    const sid = await createAccount(emu);
    await putAccount(emu, sid, { bucket_credential: aws });
    expect((await putAccount(emu, sid, { bucket_credential: value })).status).toBe(204);
    expect((await getAccount(emu, sid)).bucket_credential).toBeNull();
  });

  it("does not clear with {}, which reads back as {}", async () => {
    const sid = await createAccount(emu);
    await putAccount(emu, sid, { bucket_credential: aws });
    expect((await putAccount(emu, sid, { bucket_credential: {} })).status).toBe(204);
    expect((await getAccount(emu, sid)).bucket_credential).toEqual({});
  });

  it("stores an empty string and reads it back as an empty string", async () => {
    const sid = await createAccount(emu);
    expect((await putAccount(emu, sid, { bucket_credential: "" })).status).toBe(204);
    expect((await getAccount(emu, sid)).bucket_credential).toBe("");
    expect(await storedCredential(sid)).toBe("");
  });

  it("accepts record_all_calls without any credential", async () => {
    const sid = await createAccount(emu);
    expect((await putAccount(emu, sid, { record_all_calls: 1 })).status).toBe(204);
    expect(await getAccount(emu, sid)).toMatchObject({ record_all_calls: 1, bucket_credential: null });
  });
});

describe("masked secrets sent back on PUT", () => {
  it.each([
    ["aws_s3", aws, "secret_access_key"],
    ["azure", azure, "connection_string"],
  ])("keeps the stored %s secret when the masked value from GET comes back", async (_vendor, credential, field) => {
    const sid = await createAccount(emu);
    await putAccount(emu, sid, { bucket_credential: credential });
    const masked = (await getAccount(emu, sid)).bucket_credential as Json;
    expect(masked[field]).not.toBe((credential as Json)[field]);
    expect((await putAccount(emu, sid, { bucket_credential: { ...masked, name: "renamed" } })).status).toBe(204);
    expect(await storedCredential(sid)).toEqual({ ...credential, name: "renamed" });
  });

  it("keeps the stored Google service_key when the masked one comes back", async () => {
    const sid = await createAccount(emu);
    await putAccount(emu, sid, { bucket_credential: google });
    const masked = (await getAccount(emu, sid)).bucket_credential as Json;
    expect((await putAccount(emu, sid, { bucket_credential: masked })).status).toBe(204);
    expect(await storedCredential(sid)).toEqual(google);
  });

  it("stores the mask literally when no credential was stored before", async () => {
    const sid = await createAccount(emu);
    const maskedLooking = { ...aws, secret_access_key: "abcdXXXXXXXX" };
    expect((await putAccount(emu, sid, { bucket_credential: maskedLooking })).status).toBe(204);
    expect(((await storedCredential(sid)) as Json).secret_access_key).toBe("abcdXXXXXXXX");
  });

  it("drops secret_access_key when the vendor changes from azure to s3_compatible with a masked secret", async () => {
    const sid = await createAccount(emu);
    await putAccount(emu, sid, { bucket_credential: azure });
    const switched = {
      vendor: "s3_compatible",
      endpoint: "https://s3.local",
      name: "b",
      access_key_id: "k",
      secret_access_key: "abcdefXXXXXX",
    };
    expect((await putAccount(emu, sid, { bucket_credential: switched })).status).toBe(204);
    const stored = (await storedCredential(sid)) as Json;
    expect(stored).toEqual({ vendor: "s3_compatible", endpoint: "https://s3.local", name: "b", access_key_id: "k" });
  });
});

describe("credential size", () => {
  const withTags = (bytes: number): Json => {
    const base = JSON.stringify({ ...aws, tags: [{ Key: "k", Value: "" }] }).length;
    return { ...aws, tags: [{ Key: "k", Value: "v".repeat(bytes - base) }] };
  };

  it("accepts credential JSON of 4,060 bytes", async () => {
    const sid = await createAccount(emu);
    const credential = withTags(4060);
    expect(JSON.stringify(credential).length).toBe(4060);
    expect((await putAccount(emu, sid, { bucket_credential: credential })).status).toBe(204);
  });

  it("fails with 500 Data too long for credential JSON over the column limit", async () => {
    const sid = await createAccount(emu);
    const res = await putAccount(emu, sid, { bucket_credential: withTags(4100) });
    expect(res.status).toBe(500);
    expect(res.json()).toEqual({ msg: "Data too long for column 'bucket_credential' at row 1" });
  });
});
