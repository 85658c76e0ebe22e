import { inspect } from "node:util";
import { PortalError } from "../../../provider/src/core/client";
import { expectNoSecrets } from "../../unit/client/no-secrets";
import { ClientPool, type FakePortal, sendJson, sendText, startFakePortal } from "./portal-server";

// Secrets the client never sent or registered: only their shape can give them away.
const ACCOUNT_KEY = "QVpVUkVLRVktZWNob2VkLWJ5LXRoZS1wb3J0YWw=";
const SAS_SIGNATURE = "c2FzLXNpZ25hdHVyZS1lY2hvZWQ%3D";
const SAS = `sv=2022-11-02&ss=b&srt=co&sp=rwlac&se=2030-01-01T00:00:00Z&spr=https&sig=${SAS_SIGNATURE}`;
const KEY_LINES = [
  "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
  "MZnF4gBBpeUxMoL8E4ZzQ2rUNBhH6cb0jvmqLYqNQ8uTKX9AmKk5cQ0YUUpaAqzr",
];
const PEM = `-----BEGIN PRIVATE KEY-----\n${KEY_LINES.join("\n")}\n-----END PRIVATE KEY-----\n`;
const HOOK_PASSWORD = "echoed-hook-Pa55word";
// what must not appear: the secrets, and pieces of them long enough to matter
const FRAGMENTS = [
  ACCOUNT_KEY,
  ACCOUNT_KEY.slice(0, 16),
  SAS_SIGNATURE,
  "sp=rwlac",
  ...KEY_LINES,
  KEY_LINES[0]!.slice(0, 24),
  HOOK_PASSWORD,
];

const clients = new ClientPool();
let portal: FakePortal | undefined;

afterEach(async () => {
  await clients.closeAll();
  await portal?.close();
  portal = undefined;
});

async function failureFor(answer: Parameters<typeof startFakePortal>[0]): Promise<PortalError> {
  portal = await startFakePortal(answer);
  const client = clients.create(portal.origin);
  const error = await client.put(["Accounts", "8a4e0a6e-6f4e-4a59-a1ad-3b2f2f6f1f00"], { name: "acme" }).catch((e: unknown) => e);
  expect(PortalError.is(error)).toBe(true);
  return error as PortalError;
}

describe("portal errors whose body echoes secrets the client never saw", () => {
  it("keep no Azure key or shared access signature from a database message in plain text", async () => {
    const error = await failureFor((_request, res) =>
      sendText(
        res,
        500,
        `Data too long for column 'bucket_credential': DefaultEndpointsProtocol=https;AccountName=voicerec;AccountKey=${ACCOUNT_KEY};SharedAccessSignature=${SAS};EndpointSuffix=core.windows.net`,
      ),
    );
    expectNoSecrets(error, FRAGMENTS);
    expect(error.message).toContain("AccountName=voicerec;AccountKey=(redacted);SharedAccessSignature=(redacted);EndpointSuffix");
  });

  it("keep no private key from a JSON body, in the message or the body excerpt", async () => {
    const error = await failureFor((_request, res) => sendJson(res, 400, { msg: `invalid key file ${PEM}`, pem: PEM }));
    expectNoSecrets(error, FRAGMENTS);
    expect(error.serverMessage).toContain("-----BEGIN PRIVATE KEY-----");
    expect(error.bodyExcerpt).toContain('"pem":"-----BEGIN PRIVATE KEY-----(redacted)-----END PRIVATE KEY-----');
  });

  it("keep no private key cut off by the length limit of the server message", async () => {
    const error = await failureFor((_request, res) =>
      sendText(res, 422, `${"x".repeat(440)} -----BEGIN RSA PRIVATE KEY-----\n${KEY_LINES.join("\n")}`),
    );
    expect(error.serverMessage?.endsWith("…")).toBe(true);
    expectNoSecrets(error, FRAGMENTS);
    expect(error.message).toContain("-----BEGIN RSA PRIVATE KEY-----(redacted)");
  });

  it("keep a hook URL's user but not its password", async () => {
    const error = await failureFor((_request, res) =>
      sendJson(res, 500, { msg: `connect ECONNREFUSED https://hook-user:${HOOK_PASSWORD}@hooks.example.com/reg` }),
    );
    expectNoSecrets(error, FRAGMENTS);
    expect(error.message).toContain("https://hook-user:(redacted)@hooks.example.com/reg");
    expect(inspect(error, { depth: 10 })).toContain("hook-user");
  });
});
