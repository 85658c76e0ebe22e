import { request } from "undici";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../provider/src/emulator";

export type Json = Record<string, unknown>;

export interface HttpResult {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly text: string;
  json<T = Json>(): T;
}

export interface CallOptions {
  /** Bearer token; `null` sends no Authorization header. Defaults to the admin key. */
  readonly token?: string | null;
  readonly body?: unknown;
  /** Sent verbatim instead of `body`. */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One real HTTP request on loopback; `path` is appended to the emulator's origin (e.g. `/v1/Accounts`). */
export async function call(emu: RunningEmulator, method: string, path: string, options: CallOptions = {}): Promise<HttpResult> {
  const token = options.token === undefined ? emu.adminKey : options.token;
  const headers: Record<string, string> = { ...options.headers };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && headers["content-type"] === undefined) headers["content-type"] = "application/json";
  const res = await request(`${emu.url}${path}`, { method: method as "GET", headers, body });
  const text = await res.body.text();
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(res.headers)) flat[name] = Array.isArray(value) ? value.join(", ") : value;
  return {
    status: res.statusCode,
    headers: flat,
    text,
    json: <T>() => JSON.parse(text) as T,
  };
}

export function start(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ rateLimit: false, ...options });
}

let counter = 0;
export function uniqueName(prefix = "acct"): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}`;
}

function expectStatus(res: HttpResult, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.text}`);
}

/** POST /Accounts with the admin key under the seeded SP unless the body says otherwise. */
export async function createAccount(emu: RunningEmulator, body: Json = {}, token?: string): Promise<string> {
  const res = await call(emu, "POST", "/v1/Accounts", {
    token: token ?? emu.adminKey,
    body: { name: uniqueName(), service_provider_sid: emu.serviceProviderSid, ...body },
  });
  expectStatus(res, 201, "create account");
  return res.json<{ sid: string }>().sid;
}

export async function getAccount(emu: RunningEmulator, sid: string, token?: string): Promise<Json> {
  const res = await call(emu, "GET", `/v1/Accounts/${sid}`, { token: token ?? emu.adminKey });
  expectStatus(res, 200, "get account");
  return res.json();
}

export async function putAccount(emu: RunningEmulator, sid: string, body: Json, token?: string): Promise<HttpResult> {
  return call(emu, "PUT", `/v1/Accounts/${sid}`, { token: token ?? emu.adminKey, body });
}

/** The unmasked copy of an account, from the list endpoint (portal-behaviour.md §3.2). */
export async function listedAccount(emu: RunningEmulator, sid: string): Promise<Json> {
  const res = await call(emu, "GET", "/v1/Accounts");
  expectStatus(res, 200, "list accounts");
  const found = res.json<Json[]>().find((a) => a.account_sid === sid);
  if (!found) throw new Error(`account ${sid} not listed`);
  return found;
}

export async function createApiKey(emu: RunningEmulator, body: Json, token?: string): Promise<{ sid: string; token: string }> {
  const res = await call(emu, "POST", "/v1/ApiKeys", { token: token ?? emu.adminKey, body });
  expectStatus(res, 201, "create api key");
  return res.json();
}

/** A new service provider plus an SP-scope key for it. */
export async function createServiceProvider(emu: RunningEmulator): Promise<{ sid: string; token: string }> {
  const res = await call(emu, "POST", "/v1/ServiceProviders", { body: { name: uniqueName("sp") } });
  expectStatus(res, 201, "create service provider");
  const sid = res.json<{ sid: string }>().sid;
  const key = await createApiKey(emu, { service_provider_sid: sid });
  return { sid, token: key.token };
}

/** An account under the seeded SP plus an account-scope key for it. */
export async function createAccountWithKey(emu: RunningEmulator, body: Json = {}): Promise<{ sid: string; token: string; keySid: string }> {
  const sid = await createAccount(emu, body);
  const key = await createApiKey(emu, { account_sid: sid });
  return { sid, token: key.token, keySid: key.sid };
}

export async function createApplication(emu: RunningEmulator, accountSid: string, body: Json = {}, token?: string): Promise<string> {
  const res = await call(emu, "POST", "/v1/Applications", {
    token: token ?? emu.adminKey,
    body: {
      name: uniqueName("app"),
      account_sid: accountSid,
      call_hook: { url: "https://example.com/call" },
      call_status_hook: { url: "https://example.com/status" },
      ...body,
    },
  });
  expectStatus(res, 201, "create application");
  return res.json<{ sid: string }>().sid;
}

export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
export const MISSING_SID = "9d1c3c0e-1f4b-4c2a-9e55-0a5f2b7c1d00";
