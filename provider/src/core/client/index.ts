export { PortalClient } from "./client";
export type { CallOptions, HttpMethod, PortalClientStats, PortalResponse, RequestOptions, ResponseSchema } from "./client";
export { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT, MAX_CONCURRENT_REQUESTS_VARIABLE, isLoopbackHost } from "./options";
export type { PortalClientOptions } from "./options";
export {
  PortalAuthError,
  PortalBadRequestError,
  PortalClientConfigError,
  PortalError,
  PortalForbiddenError,
  PortalInsecureUrlError,
  PortalNetworkError,
  PortalNotFoundError,
  PortalRateLimitError,
  PortalRouteNotFoundError,
  PortalServerError,
  PortalUnexpectedResponseError,
  bodyExcerptFrom,
  errorFromResponse,
  isRouteNotFoundBody,
  networkError,
  serverMessageFrom,
  unexpectedResponse,
} from "./errors";
export type {
  ClientConfigIssue,
  NetworkErrorInput,
  PortalErrorCode,
  PortalErrorDetails,
  HttpErrorDetails,
  ResponseErrorInput,
  UnexpectedResponseInput,
} from "./errors";
export { REDACTED, Redactor, isSecretKey } from "./redact";
export type { RedactorOptions } from "./redact";
export {
  DEFAULT_RETRY_POLICY,
  backoffDelayMs,
  classifyNetworkError,
  decideRetry,
  retryPolicyProblems,
  serverWaitMs,
} from "./retry-policy";
export type { RetryDecision, RetryEnvironment, RetryOutcome, RetryPolicy, RetryRequest } from "./retry-policy";
export { DEFAULT_RATE_LIMIT, RateLimiter, rateLimitProblems } from "./rate-limiter";
export type { RateLimitOptions, RateLimiterSnapshot } from "./rate-limiter";
export { headerValue, parseRateLimitHeaders, parseRetryAfter } from "./headers";
export type { HeaderMap, RateLimitHeaders } from "./headers";
export { queryString, requestPath } from "./path";
export type { QueryParams } from "./path";
export { systemClock } from "./clock";
export type { Clock } from "./clock";
export { noopLogger } from "./logger";
export type { PortalLogger } from "./logger";
export { Semaphore } from "./concurrency";
