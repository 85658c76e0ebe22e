import {
  type HttpMethod,
  PortalClient,
  type PortalClientOptions,
  PortalForbiddenError,
  PortalNotFoundError,
  type PortalResponse,
  type RequestOptions,
} from "../../provider/src/core/client";

/** What a test run created in a real portal, by the collection it was created in. */
type Kind = "Accounts" | "ApiKeys" | "Applications" | "ServiceProviders";
const KINDS: readonly Kind[] = ["Accounts", "ApiKeys", "Applications", "ServiceProviders"];

/**
 * Everything the conformance tests create in a real portal, so it can be deleted after the suite: the emulator is
 * thrown away after a test, a real portal is not. Keys go first, then accounts (the portal cascades to their
 * applications, limits and keys; their application references are cleared first, as the provider does), then
 * what is left of applications, then service providers.
 */
export class CreatedObjects {
  readonly #sids = new Map<Kind, Set<string>>(KINDS.map((k) => [k, new Set<string>()]));

  add(kind: Kind, sid: string): void {
    this.#sids.get(kind)!.add(sid);
  }

  async deleteAll(client: PortalClient): Promise<void> {
    const left: string[] = [];
    const remove = async (kind: Kind, sid: string) => {
      try {
        if (kind === "Accounts")
          await client.put(["Accounts", sid], { device_calling_application_sid: null, siprec_hook_sid: null }).catch(() => undefined);
        await client.delete([kind, sid]);
      } catch (error) {
        if (!(await gone(client, kind, sid, error))) left.push(`${kind}/${sid}`);
      }
    };
    for (const kind of ["ApiKeys", "Accounts", "Applications", "ServiceProviders"] as const) {
      for (const sid of this.#sids.get(kind)!) await remove(kind, sid);
    }
    if (left.length > 0) throw new Error(`the conformance tests could not delete what they created in the portal: ${left.join(", ")}`);
  }
}

/** Already deleted: by the test itself, or with its account. */
async function gone(client: PortalClient, kind: Kind, sid: string, error: unknown): Promise<boolean> {
  if (PortalNotFoundError.is(error)) return true;
  if (kind === "ApiKeys") return false;
  try {
    await client.get([kind, sid]);
    return false;
  } catch (readError) {
    // The admin's DELETE of a missing account is a 500 and its GET a 404; other scopes get 403 for both.
    return PortalNotFoundError.is(readError) || PortalForbiddenError.is(readError);
  }
}

/** A client that notes the SID of everything it creates (a 201 to a POST on one of the collections). */
export class TrackingPortalClient extends PortalClient {
  constructor(
    private readonly created: CreatedObjects,
    options: PortalClientOptions,
  ) {
    super(options);
  }

  override async request<T = unknown>(
    method: HttpMethod,
    segments: readonly string[],
    options: RequestOptions<T> = {},
  ): Promise<PortalResponse<T>> {
    const response = await super.request(method, segments, options);
    const kind = segments.length === 1 ? KINDS.find((k) => k === segments[0]) : undefined;
    const sid = (response.body as { sid?: unknown } | undefined)?.sid;
    if (String(method).toUpperCase() === "POST" && kind && typeof sid === "string") this.created.add(kind, sid);
    return response;
  }
}
