import { z } from "zod";
import { type HandlerContext } from "../handler-context";
import { parseWire } from "../wire";
import { type WireBucketCredential } from "./schema";

/** Typed calls for the recording settings, which live on the account itself (portal-behaviour.md §3). */

export interface RecordingBody {
  record_all_calls: boolean;
  record_format: string;
  /** `{vendor:"none"}` clears; never `{}` or `""` (portal-behaviour.md §3.5). */
  bucket_credential: WireBucketCredential | { vendor: "none" };
}

/** Recording can only be set by PUT after the account exists: a POST corrupts the credential (portal-behaviour.md §2.3, §11.1). */
export async function putRecording(ctx: HandlerContext, accountSid: string, body: RecordingBody): Promise<void> {
  ctx.session?.reads.accountWritten(accountSid);
  await ctx.client.put(["Accounts", accountSid], body);
}

const testResult = z.object({ status: z.string(), reason: z.string().optional() });

/**
 * The portal's bucket "Test" (portal-behaviour.md §3.6). It writes `jambonz-sample.text` into the bucket, so it only runs on request.
 * A masked secret makes the portal test the stored credential instead of the body.
 */
export async function testBucketCredential(
  ctx: HandlerContext,
  accountSid: string,
  credential: WireBucketCredential,
): Promise<{ ok: boolean; reason?: string }> {
  const body = await ctx.client.post(["Accounts", accountSid, "BucketCredentialTest"], credential);
  const result = parseWire(testResult, body, "POST /Accounts/:sid/BucketCredentialTest");
  return { ok: result.status === "ok", ...(result.reason ? { reason: result.reason } : {}) };
}
