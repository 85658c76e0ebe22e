import { inspect } from "node:util";
import {
  errorFromResponse,
  isSecretKey,
  networkError,
  PortalError,
  PortalServerError,
  REDACTED,
  Redactor,
  unexpectedResponse,
} from "../../../provider/src/core/client";
import { expectNoSecrets } from "./no-secrets";

const TOKEN = "0b5f8c52-3b1e-4b7a-9a57-6a2e2f3c9d11";
const BUCKET_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const HOOK_PASSWORD = 'pa"ss wörd\\42';

describe("isSecretKey", () => {
  it.each([
    "secret_access_key",
    "SECRET_ACCESS_KEY",
    "connection_string",
    "service_key",
    "private_key",
    "password",
    "Password",
    "token",
    "webhook_secret",
    "api_key",
    "apiKey",
    "x-api-key",
    "Authorization",
    "client_secret",
    "access_token",
  ])("treats %s as secret", (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(["access_key_id", "api_key_sid", "account_sid", "name", "token_count", "vendor", "username", "private_key_id", ""])(
    "leaves %p visible",
    (key) => {
      expect(isSecretKey(key)).toBe(false);
    },
  );
});

describe("Redactor with registered values", () => {
  it("replaces a registered value wherever it appears", () => {
    const redactor = new Redactor({ secrets: [TOKEN] });
    expect(redactor.redact(`token ${TOKEN} and again ${TOKEN}.`)).toBe(`token ${REDACTED} and again ${REDACTED}.`);
  });

  it("also finds the JSON-escaped and URL-encoded forms of a value", () => {
    const redactor = new Redactor().addSecret(HOOK_PASSWORD).addSecret(BUCKET_SECRET);
    expect(redactor.redact(JSON.stringify({ note: HOOK_PASSWORD }))).toBe(`{"note":"${REDACTED}"}`);
    expect(redactor.redact(`/x?q=${encodeURIComponent(BUCKET_SECRET)}`)).toBe(`/x?q=${REDACTED}`);
  });

  it("removes the longer of two overlapping secrets whole", () => {
    const redactor = new Redactor({ secrets: ["abcd", "abcdefgh"] });
    expect(redactor.redact("xabcdefghx")).toBe(`x${REDACTED}x`);
  });

  it("ignores empty, missing, non-string and very short values", () => {
    const redactor = new Redactor({ secrets: ["", undefined, null, "abc"] }).addSecret(42).addSecret({});
    expect(redactor.size).toBe(0);
    expect(redactor.redact("abc")).toBe("abc");
  });

  it("registers the secrets found in a request body by key name", () => {
    const redactor = new Redactor().addSecretsFrom({
      name: "acme",
      bucket_credential: { vendor: "aws_s3", access_key_id: "AKIAEXAMPLE", secret_access_key: BUCKET_SECRET },
      registration_hook: { url: "https://hooks.example.com", username: "bob", password: HOOK_PASSWORD },
      service_key: { private_key: "-----BEGIN PRIVATE KEY-----\nMIIabc\n-----END PRIVATE KEY-----\n", client_email: "x@y.iam" },
    });
    expect(redactor.isSecret(BUCKET_SECRET)).toBe(true);
    expect(redactor.isSecret(HOOK_PASSWORD)).toBe(true);
    expect(redactor.isSecret("AKIAEXAMPLE")).toBe(false);
    expect(redactor.isSecret("acme")).toBe(false);
    expect(redactor.redact("-----BEGIN PRIVATE KEY-----\nMIIabc\n-----END PRIVATE KEY-----\n")).not.toContain("MIIabc");
  });

  it("shows nothing of its secrets when inspected or serialised", () => {
    const redactor = new Redactor({ secrets: [TOKEN] });
    expect(inspect(redactor, { showHidden: true, depth: 5 })).not.toContain(TOKEN);
    expect(JSON.stringify(redactor)).not.toContain(TOKEN);
  });
});

describe("Redactor by key name", () => {
  const redactor = new Redactor();

  it("redacts secret keys in objects, case-insensitively, and keeps the rest", () => {
    const account = {
      account_sid: "a1",
      webhook_secret: "wh_secret_abc",
      bucket_credential: { vendor: "aws_s3", access_key_id: "AKIA", SECRET_ACCESS_KEY: "s3cr3t", tags: [{ Key: "k", Value: "v" }] },
      registration_hook: { url: "https://h", username: "u", Password: "p4ss" },
      api_keys: [{ api_key_sid: "k1", token: "t0k3n" }],
      cleared: { password: null, token: "" },
    };
    expect(redactor.redactJson(account)).toEqual({
      account_sid: "a1",
      webhook_secret: REDACTED,
      bucket_credential: { vendor: "aws_s3", access_key_id: "AKIA", SECRET_ACCESS_KEY: REDACTED, tags: [{ Key: "k", Value: "v" }] },
      registration_hook: { url: "https://h", username: "u", Password: REDACTED },
      api_keys: [{ api_key_sid: "k1", token: REDACTED }],
      cleared: { password: null, token: "" },
    });
  });

  it("does not modify its input", () => {
    const input = { password: "p4ss" };
    redactor.redactJson(input);
    expect(input.password).toBe("p4ss");
  });

  it("redacts JSON text and JSON embedded in string values", () => {
    expect(redactor.redact('{"name":"x","connection_string":"DefaultEndpointsProtocol=https;AccountKey=abc"}')).toBe(
      `{"name":"x","connection_string":"${REDACTED}"}`,
    );
    expect(redactor.redactJson({ note: '{"password":"hunter22"}' })).toEqual({ note: `{"password":"${REDACTED}"}` });
  });

  it("redacts a secret in truncated JSON", () => {
    expect(redactor.redact('[{"api_key_sid":"k1","token":"0b5f8c52-3b1e-4b7a')).toBe(`[{"api_key_sid":"k1","token":"${REDACTED}"`);
  });

  it("redacts a private key inside a service key sent as an escaped JSON string", () => {
    const serviceKey = JSON.stringify({
      type: "service_account",
      private_key: "-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----\n",
      client_email: "a@b",
    });
    const body = JSON.stringify({ bucket_credential: { vendor: "google", name: "b", key_file: serviceKey } });
    const out = redactor.redact(body);
    expect(out).not.toContain("MIIEv");
    expect(out).toContain("client_email");
  });

  it("redacts secret query parameters and auth headers in text", () => {
    expect(redactor.redact("/v1/Things?token=abc123&name=x")).toBe(`/v1/Things?token=${REDACTED}&name=x`);
    expect(redactor.redact("Authorization: Bearer abc.def")).toBe(`Authorization: ${REDACTED}`);
    expect(redactor.redact("sent Bearer abc.def-ghi")).toBe(`sent Bearer ${REDACTED}`);
    expect(redactor.redact('Bearer realm="Users"')).toBe('Bearer realm="Users"');
  });
});

describe("errors never contain the token or a registered secret", () => {
  const redactor = (): Redactor => new Redactor({ secrets: [TOKEN, BUCKET_SECRET, HOOK_PASSWORD] });
  const secrets = [TOKEN, BUCKET_SECRET, HOOK_PASSWORD, encodeURIComponent(BUCKET_SECRET)];

  it("for a 401 whose body echoes the token", () => {
    const error = errorFromResponse({
      status: 401,
      method: "GET",
      path: "/v1/Accounts",
      body: `Unauthorized: Bearer ${TOKEN}`,
      headers: { "www-authenticate": 'Bearer realm="Users", error="invalid_token"' },
      redactor: redactor(),
    });
    expect(error.code).toBe("VG_ERR_UNAUTHORIZED");
    expectNoSecrets(error, secrets);
  });

  it("for a 500 carrying a list response with plaintext secrets", () => {
    const body = [
      {
        account_sid: "a1",
        bucket_credential: { vendor: "aws_s3", secret_access_key: "UNREGISTERED-PLAINTEXT-SECRET" },
        registration_hook: { password: HOOK_PASSWORD },
      },
    ];
    const error = errorFromResponse({ status: 500, method: "GET", path: "/v1/Accounts", body, redactor: redactor() });
    expectNoSecrets(error, [...secrets, "UNREGISTERED-PLAINTEXT-SECRET"]);
    expect(error.bodyExcerpt).toContain("a1");
  });

  it("for a server message that repeats a registered secret", () => {
    const error = errorFromResponse({
      status: 400,
      method: "PUT",
      path: "/v1/Accounts/a1",
      body: { msg: `bad secret ${BUCKET_SECRET}` },
      redactor: redactor(),
    });
    expect(error.serverMessage).toBe(`bad secret ${REDACTED}`);
    expectNoSecrets(error, secrets);
  });

  it("for a path whose query carries a secret", () => {
    const error = errorFromResponse({
      status: 404,
      method: "GET",
      path: `/v1/Things?api_key=${TOKEN}&password=p4ssw0rd`,
      body: "",
      redactor: redactor(),
    });
    expect(error.path).toBe(`/v1/Things?api_key=${REDACTED}&password=${REDACTED}`);
    expectNoSecrets(error, [...secrets, "p4ssw0rd"]);
  });

  it("for a network failure whose cause mentions secrets, keeping the cause's code", () => {
    const cause = Object.assign(new Error(`proxy refused Authorization: Bearer ${TOKEN} with ${BUCKET_SECRET}`), {
      code: "UND_ERR_SOCKET",
      detail: `pw=${HOOK_PASSWORD}`,
      cause: new Error(`inner ${TOKEN}`),
    });
    const error = networkError({
      method: "POST",
      path: "/v1/Accounts",
      cause,
      causeCode: "UND_ERR_SOCKET",
      mayHaveReachedServer: true,
      redactor: redactor(),
    });
    expectNoSecrets(error, secrets);
    expect((error.cause as { code?: string }).code).toBe("UND_ERR_SOCKET");
    expect((error.cause as Error).name).toBe("Error");
  });

  it("keeps a harmless cause as the very same object", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const error = networkError({
      method: "GET",
      path: "/v1/Accounts",
      cause,
      causeCode: "ECONNREFUSED",
      mayHaveReachedServer: false,
      redactor: redactor(),
    });
    expect(error.cause).toBe(cause);
  });

  it("for an unexpected response whose body holds secrets", () => {
    const error = unexpectedResponse({
      method: "GET",
      path: "/v1/Accounts/a1/ApiKeys",
      status: 200,
      body: [{ token: TOKEN, api_key_sid: "k1" }],
      problem: "0.expires_at: expected string",
      redactor: redactor(),
    });
    expectNoSecrets(error, secrets);
  });

  it("for an error constructed directly with a secret in its message", () => {
    const error = new PortalServerError(`failed with ${TOKEN}`, { status: 500, redactor: redactor(), cause: `text cause ${TOKEN}` });
    expect(PortalError.is(error)).toBe(true);
    expectNoSecrets(error, secrets);
  });

  it("even without a redactor, for a bearer token and secret JSON keys", () => {
    const error = errorFromResponse({ status: 400, method: "POST", path: "/v1/ApiKeys", body: `{"token":"${TOKEN}"} Bearer ${TOKEN}` });
    expectNoSecrets(error, [TOKEN]);
  });
});

describe("Redactor on prose", () => {
  const redactor = new Redactor();

  it("leaves ordinary sentences about tokens and schemes alone", () => {
    const text = "The token was rejected. Basic authentication is not supported; send a Bearer token.";
    expect(redactor.redact(text)).toBe(text);
  });
});

describe("Redactor by shape, for secrets it was never told about", () => {
  const redactor = new Redactor();
  const ACCOUNT_KEY = "QVpVUkVLRVktNGQxZjk0YjEyMzQ1Njc4OTA=";
  const SAS = "sv=2022-11-02&ss=b&srt=co&sp=rwlac&se=2030-01-01T00:00:00Z&spr=https&sig=Zm9vYmFyMTIzNDU2Nzg5MA%3D%3D";
  const PEM_BODY_LINES = [
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
    "MZnF4gBBpeUxMoL8E4ZzQ2rUNBhH6cb0jvmqLYqNQ8uTKX9AmKk5cQ0YUUpaAqzr",
  ];
  const PEM = `-----BEGIN PRIVATE KEY-----\n${PEM_BODY_LINES.join("\n")}\nK0kQ==\n-----END PRIVATE KEY-----\n`;

  it.each([
    [
      "an Azure AccountKey inside a connection string",
      `bad value DefaultEndpointsProtocol=https;AccountName=voicerec;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net`,
      [ACCOUNT_KEY, "QVpVUkVL"],
      ["AccountName=voicerec", "EndpointSuffix=core.windows.net"],
    ],
    [
      "an AccountKey right after a quote",
      `invalid "AccountKey=${ACCOUNT_KEY};AccountName=voicerec"`,
      [ACCOUNT_KEY],
      ["AccountName=voicerec"],
    ],
    [
      "a SharedAccessSignature, & and = included",
      `BlobEndpoint=https://voicerec.blob.core.windows.net;SharedAccessSignature=${SAS};x=1`,
      ["sig=", "Zm9vYmFy", "sp=rwlac"],
      ["BlobEndpoint=https://voicerec.blob.core.windows.net", ";x=1"],
    ],
    [
      "a SAS signature in a URL query",
      `PUT https://voicerec.blob.core.windows.net/rec/a.mp3?${SAS} failed`,
      ["Zm9vYmFy"],
      ["https://voicerec.blob.core.windows.net/rec/a.mp3?sv=2022-11-02", " failed"],
    ],
    [
      "a SharedAccessKey of a Service Bus connection string",
      `Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=root;SharedAccessKey=${ACCOUNT_KEY}`,
      [ACCOUNT_KEY],
      ["SharedAccessKeyName=root"],
    ],
    [
      "a whole PEM private key",
      `Data too long: ${PEM} end`,
      PEM_BODY_LINES,
      ["-----BEGIN PRIVATE KEY-----", "-----END PRIVATE KEY-----", " end"],
    ],
    [
      "a PEM private key cut off in the middle",
      `key was -----BEGIN RSA PRIVATE KEY-----\n${PEM_BODY_LINES[0]}\nMZnF4gBBpe`,
      [PEM_BODY_LINES[0]!, "MZnF4gBBpe"],
      ["key was -----BEGIN RSA PRIVATE KEY-----"],
    ],
    [
      "a JSON-escaped PEM private key, cut off",
      JSON.stringify({ msg: `bad key ${PEM}` }).slice(0, 150),
      [PEM_BODY_LINES[0]!.slice(0, 40)],
      ['{"msg":"bad key -----BEGIN PRIVATE KEY-----'],
    ],
    [
      "a doubly escaped PEM key inside a JSON string",
      JSON.stringify(JSON.stringify({ pem: PEM })).slice(0, 120),
      [PEM_BODY_LINES[0]!.slice(0, 40)],
      ["BEGIN PRIVATE KEY"],
    ],
    [
      "an encrypted legacy PEM key, headers and all",
      "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,9A1B2C3D4E5F60718293A4B5C6D7E8F9\n\nc2VjcmV0LWVuY3J5cHRlZC1rZXktbWF0ZXJpYWwtMDAwMDAw",
      ["9A1B2C3D4E5F", "c2VjcmV0"],
      ["-----BEGIN RSA PRIVATE KEY-----"],
    ],
    [
      "a base64 key excerpt without its armour",
      `value starts "\\n${PEM_BODY_LINES.join("\\n")}\\nK0kQ==" and more`,
      PEM_BODY_LINES,
      ["value starts", "and more"],
    ],
    [
      "the password of a URL, keeping the user",
      "POST https://bob:s3cr3t-Pa55@hooks.example.com/reg failed",
      ["s3cr3t-Pa55"],
      ["https://bob:", "@hooks.example.com/reg failed"],
    ],
    [
      "a URL password holding a raw @ and :",
      "url https://bob:p@ss:w0rd@hooks.example.com:8443/x",
      ["p@ss:w0rd", "ss:w0rd"],
      ["https://bob:", "@hooks.example.com:8443/x"],
    ],
    ["a URL password with no user", "redis://:hunter2-hunter2@cache.internal:6379", ["hunter2"], ["redis://:", "@cache.internal:6379"]],
    ["a URL password with JSON-escaped slashes", '{"url":"https:\\/\\/bob:s3cr3t-Pa55@hooks.example.com"}', ["s3cr3t-Pa55"], ["bob:"]],
    [
      "the password of a SIP URI",
      "REGISTER sip:alice:s1p-pa55word@sip.example.com failed",
      ["s1p-pa55word"],
      ["sip:alice:", "@sip.example.com"],
    ],
    [
      "a JSON Web Token",
      "session eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbiIsImV4cCI6MX0.c2lnbmF0dXJlLXNpZ25hdHVyZQ expired",
      ["eyJzdWIi", "c2lnbmF0dXJl"],
      ["session ", " expired"],
    ],
  ])("removes %s", (_what, text, gone, kept) => {
    const out = redactor.redact(text);
    for (const fragment of gone) expect(out).not.toContain(fragment);
    for (const fragment of kept) expect(out).toContain(fragment);
    expect(out).toContain(REDACTED);
    expect(redactor.redact(out)).toBe(out);
  });

  it("also in values of a JSON body, whatever their key", () => {
    const body = { msg: "failed", detail: { note: `AccountKey=${ACCOUNT_KEY}`, hook: "https://bob:s3cr3t-Pa55@hooks.example.com" } };
    const text = JSON.stringify(redactor.redactJson(body));
    expect(text).not.toContain(ACCOUNT_KEY);
    expect(text).not.toContain("s3cr3t-Pa55");
    expect(text).toContain("https://bob:");
  });

  it.each([
    "Account 2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c not found; api_key_sid=8a4e0a6e-6f4e-4a59-a1ad-3b2f2f6f1f00",
    "Cannot GET /v1/Accounts/2f1e2a6c-9d3b-4c55-8a51-3f0a8e6d1b7c/Limits?category=voice_call_session",
    "POST https://hooks.example.com:8443/reg?user=bob&next=a@b.example.com returned 502",
    "mail bob@example.com or call sip:alice@sip.example.com:5060;transport=tls",
    "Time 12:30:45, see http://127.0.0.1:3000/v1 and https://[::1]:8443/x",
    "The signature is invalid; the account key was rejected; use a shared access signature.",
    "AccountName=voicerec;EndpointSuffix=core.windows.net;BlobEndpoint=https://voicerec.blob.core.windows.net",
    "Duplicate entry 'acme.sip.example.com' for key 'sip_realm'",
    "A PRIVATE KEY must be PEM; MIIE is how it starts.",
  ])("leaves %p as it is", (text) => {
    expect(redactor.redact(text)).toBe(text);
  });
});
