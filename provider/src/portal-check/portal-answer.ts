import { type HttpMethod, type PortalClient, PortalError, PortalRouteNotFoundError, type RequestOptions } from "../core/client";

/**
 * A portal answer whatever its status: the probes look at statuses the provider's handlers treat as errors (a 500,
 * a 404), so a non-2xx answer is a result here, not a failure. Network failures still throw.
 */
export interface PortalAnswer {
  readonly status: number;
  /** The parsed body of a 2xx answer. */
  readonly body?: unknown;
  /** The client's (redacted) error for any other answer. */
  readonly error?: PortalError;
}

export async function answerOf(
  client: PortalClient,
  method: HttpMethod,
  segments: readonly string[],
  options: RequestOptions = {},
): Promise<PortalAnswer> {
  try {
    const response = await client.request(method, segments, options);
    return { status: response.status, body: response.body };
  } catch (error) {
    if (PortalError.is(error) && error.status !== undefined) return { status: error.status, error };
    throw error;
  }
}

export const succeeded = (answer: PortalAnswer): boolean => answer.status >= 200 && answer.status < 300;

/**
 * The answer in a few words: its status, "the route-not-found page" for Express's HTML 404 (a wrong URL, never
 * "gone"), and the portal's own message, cut short. Messages went through the client's redactor.
 */
export function describeAnswer(answer: PortalAnswer): string {
  if (PortalRouteNotFoundError.is(answer.error)) return `${answer.status} (the route-not-found page)`;
  const message = answer.error?.serverMessage?.trim();
  if (!message || message === "Not Found" || /^[\s{}]*$/.test(message)) return String(answer.status);
  return `${answer.status} "${message.length > 80 ? `${message.slice(0, 80)}…` : message}"`;
}
