import { type Database } from "./database";
import { type Principal } from "./principal";
import { type PortalResponse, statusTextResponse } from "./responses";

export type AuthResult = { readonly principal: Principal } | { readonly response: PortalResponse };

const CHALLENGE = 'Bearer realm="Users"';

/**
 * passport-http-bearer against the `api_keys` table (portal-behaviour.md §1.1, §0.1). JWTs are not emulated: every token is an API key.
 * - no usable token: 401 `Unauthorized`, no content type, a bare challenge;
 * - unknown token: the same with `error="invalid_token"`;
 * - an Authorization header that is not two space-separated parts: 400 `Bad Request`.
 */
export function authenticate(authorization: string | undefined, db: Database): AuthResult {
  let token: string | undefined;
  if (authorization !== undefined) {
    const parts = authorization.split(" ");
    if (parts.length !== 2) return { response: { status: 400, headers: {}, body: "Bad Request" } };
    const [scheme = "", credentials = ""] = parts;
    if (/^Bearer$/i.test(scheme)) token = credentials;
  }
  if (!token) return { response: unauthorized(CHALLENGE) };

  // The lookup is a plain `WHERE token = ?`, so the case-insensitive collation applies to tokens too.
  const key = db.findBy("api_keys", "token", token);
  if (!key) return { response: unauthorized(`${CHALLENGE}, error="invalid_token"`) };

  const accountSid = typeof key.account_sid === "string" ? key.account_sid : null;
  const serviceProviderSid = typeof key.service_provider_sid === "string" ? key.service_provider_sid : null;
  const apiKeySid = String(key.api_key_sid);
  if (serviceProviderSid !== null) {
    // portal-behaviour.md §1.1: a service-provider SID wins even when the key also names an account.
    return { principal: { scope: "service_provider", apiKeySid, accountSid: null, serviceProviderSid } };
  }
  if (accountSid !== null) {
    const account = db.findBy("accounts", "account_sid", accountSid);
    const accountSp = typeof account?.service_provider_sid === "string" ? account.service_provider_sid : null;
    return { principal: { scope: "account", apiKeySid, accountSid, serviceProviderSid: accountSp } };
  }
  return { principal: { scope: "admin", apiKeySid, accountSid: null, serviceProviderSid: null } };
}

function unauthorized(challenge: string): PortalResponse {
  // passport writes the reason phrase without a content type.
  const { body } = statusTextResponse(401);
  return { status: 401, headers: { "www-authenticate": challenge }, body: body ?? "Unauthorized" };
}
