import { retrieveAccount } from "../account-records";
import { decryptBucketCredential } from "../bucket-credential";
import { isObscureKey } from "../masking";
import { parseAccountSid, serviceProviderFilter, validateAccountAccess } from "../permissions";
import { DbErrorBadRequest } from "../portal-errors";
import { emptyResponse, jsonResponse, type PortalResponse } from "../responses";
import { type RouteContext, type RouteDefinition } from "../route-context";
import { writeSampleObject } from "../storage-buckets";

const TESTABLE_VENDORS = new Set(["aws_s3", "s3_compatible", "google", "azure"]);

/**
 * portal-behaviour.md §3.6: always 200 with `{status:"ok"}` or `{status:"failed", reason}` - even a malformed SID or a permission
 * failure is a "failed" - except for a masked secret on a missing account, which is an empty 404.
 */
function testBucketCredential(ctx: RouteContext): PortalResponse {
  try {
    const sid = parseAccountSid(ctx);
    validateAccountAccess(ctx, sid);
    let credential: unknown = ctx.body;
    // portal-behaviour.md §3.6: a masked secret means "test what is stored", and then the whole stored credential is used.
    if (isObscureKey(ctx.body)) {
      const account = retrieveAccount(ctx.session.db, sid, serviceProviderFilter(ctx));
      if (!account) return emptyResponse(404);
      credential = decryptBucketCredential(account.bucket_credential, ctx.session.vault);
    }
    if (credential === null || credential === undefined) {
      throw new TypeError(`Cannot destructure property 'vendor' of 'req.body' as it is ${String(credential)}.`);
    }
    const { vendor } = credential as Record<string, unknown>;
    if (typeof vendor !== "string" || !TESTABLE_VENDORS.has(vendor)) {
      throw new DbErrorBadRequest(`Does not support test for ${String(vendor)}`);
    }
    writeSampleObject(ctx.session, credential as Record<string, unknown>, ctx.settings.bucketTestFailure);
    return jsonResponse(200, { status: "ok" });
  } catch (err) {
    return jsonResponse(200, { status: "failed", reason: err instanceof Error ? err.message : String(err) });
  }
}

export const bucketCredentialTestRoutes: readonly RouteDefinition[] = [
  { method: "POST", path: "/v1/Accounts/:sid/BucketCredentialTest", handler: testBucketCredential },
];
