/**
 * Request paths. Callers give the exact casing (`Accounts`, `ApiKeys`; portal-behaviour.md §0: the server reads SIDs
 * with a case-sensitive regex) as an array of segments, and every segment is encoded with encodeURIComponent, so a
 * value containing `/` or `?` stays one segment. The path is passed to undici as is, never through `new URL`,
 * which would fold `..` segments.
 */

/** Query values; `undefined` and `null` entries are left out. */
export type QueryParams = Readonly<Record<string, string | number | boolean | null | undefined>>;

/**
 * Joins the API base path (`/api/v1`, already URL-normalised) with encoded segments and, only when one is given
 * and non-empty, a query string. A query on `GET /Accounts/:sid` breaks it (portal-behaviour.md §2.1), so nothing is
 * ever appended by default.
 */
export function requestPath(basePath: string, segments: readonly string[], query?: QueryParams): string {
  if (!Array.isArray(segments) || segments.length === 0) {
    throw new TypeError('PortalClient: a request needs at least one path segment, for example ["Accounts"]');
  }
  const encoded = segments.map((segment, index) => {
    if (typeof segment !== "string") {
      throw new TypeError(`PortalClient: path segment ${index} is ${typeof segment}; segments must be strings`);
    }
    if (segment.length === 0) {
      // an empty SID would turn GET /Accounts/:sid into GET /Accounts, the list with plaintext secrets
      throw new TypeError(
        `PortalClient: path segment ${index} is empty (after ${JSON.stringify(segments.slice(0, index).join("/"))}); an object SID is probably missing`,
      );
    }
    if (segment === "." || segment === "..") {
      throw new TypeError(`PortalClient: path segment ${index} is ${JSON.stringify(segment)}; dot segments are not allowed`);
    }
    return encodeURIComponent(segment);
  });
  const base = basePath.replace(/\/+$/, "");
  return `${base}/${encoded.join("/")}${queryString(query)}`;
}

/** `?a=1&b=2` (each key and value encoded with encodeURIComponent), or "" when there is nothing to send. */
export function queryString(query: QueryParams | undefined): string {
  if (query === undefined || query === null) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  }
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}
