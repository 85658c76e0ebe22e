import { type RunningEmulator } from "../../provider/src/emulator";
import { call, createAccount, createAccountWithKey, MISSING_SID, putAccount, start } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await start();
});
afterAll(() => emu.close());
afterEach(() => emu.failBucketTests(null));

const aws = { vendor: "aws_s3", name: "rec-bucket", region: "us-east-1", access_key_id: "AKIA", secret_access_key: "SecretAccessKey99" };

async function testCredential(sid: string, body: unknown, token?: string) {
  return call(emu, "POST", `/v1/Accounts/${sid}/BucketCredentialTest`, token === undefined ? { body } : { body, token });
}

describe("POST /Accounts/:sid/BucketCredentialTest", () => {
  it("answers ok and writes jambonz-sample.text into the bucket named by vendor and bucket name", async () => {
    const sid = await createAccount(emu);
    const res = await testCredential(sid, aws);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: "ok" });
    const objects = await emu.bucketObjects();
    expect(objects).toContainEqual(
      expect.objectContaining({ vendor: "aws_s3", bucket: "rec-bucket", key: "jambonz-sample.text", body: "Hello From Jambonz" }),
    );
  });

  it("answers 200 failed with the configured reason and writes nothing", async () => {
    const sid = await createAccount(emu);
    emu.failBucketTests("Access Denied");
    const res = await testCredential(sid, { ...aws, name: "denied-bucket" });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: "failed", reason: "Access Denied" });
    expect((await emu.bucketObjects()).some((o) => o.bucket === "denied-bucket")).toBe(false);
  });

  it("answers failed when a field the upload needs is missing", async () => {
    const sid = await createAccount(emu);
    const res = await testCredential(sid, { vendor: "azure", name: "c" });
    expect(res.json()).toEqual({ status: "failed", reason: "azure bucket credential is missing connection_string" });
  });

  it("answers failed for a vendor it cannot test", async () => {
    const sid = await createAccount(emu);
    const res = await testCredential(sid, { vendor: "ftp", name: "x" });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: "failed", reason: "Does not support test for ftp" });
  });

  it("tests the whole stored credential when the body carries a masked secret", async () => {
    const sid = await createAccount(emu);
    await putAccount(emu, sid, { bucket_credential: { ...aws, name: "stored-bucket" } });
    const res = await testCredential(sid, { ...aws, name: "body-bucket", secret_access_key: "Secret" + "X".repeat(11) });
    expect(res.json()).toEqual({ status: "ok" });
    const buckets = (await emu.bucketObjects()).map((o) => o.bucket);
    expect(buckets).toContain("stored-bucket");
    expect(buckets).not.toContain("body-bucket");
  });

  it("answers an empty 404 for a masked secret on a missing account", async () => {
    const res = await testCredential(MISSING_SID, { ...aws, secret_access_key: "SecretXXXXXXXX" });
    expect(res.status).toBe(404);
    expect(res.text).toBe("");
  });

  it("reports permission failures and malformed SIDs as 200 failed", async () => {
    const other = await createAccountWithKey(emu);
    const sid = await createAccount(emu);
    const denied = await testCredential(sid, aws, other.token);
    expect(denied.status).toBe(200);
    expect(denied.json()).toEqual({ status: "failed", reason: "insufficient permissions" });
    const malformed = await testCredential("not-a-sid", aws);
    expect(malformed.status).toBe(200);
    expect(malformed.json()).toEqual({ status: "failed", reason: "invalid AccountsSid format" });
  });
});
