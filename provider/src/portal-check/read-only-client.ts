import { type HttpMethod, PortalClient, type PortalResponse, type RequestOptions } from "../core/client";

const brand = Symbol.for("voicegateway.error.VG_ERR_CHECK_WRITE");

/** `--read-only` promises reads only; a probe that tries anything else is a bug and must not reach the portal. */
export class ReadOnlyCheckError extends Error {
  readonly code = "VG_ERR_CHECK_WRITE" as const;
  readonly [brand] = true;
  override readonly name = "ReadOnlyCheckError";
}

/** A client that sends GETs only, and not the webhook-secret GET either (it can regenerate the secret). */
export class ReadOnlyCheckClient extends PortalClient {
  override request<T = unknown>(
    method: HttpMethod,
    segments: readonly string[],
    options: RequestOptions<T> = {},
  ): Promise<PortalResponse<T>> {
    if (String(method).toUpperCase() !== "GET" || segments.includes("WebhookSecret")) {
      return Promise.reject(new ReadOnlyCheckError(`--read-only: refusing ${String(method)} /${segments.join("/")}`));
    }
    return super.request(method, segments, options);
  }
}
