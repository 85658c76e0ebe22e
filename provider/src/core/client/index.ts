export type { CallOptions, HttpMethod, PortalClientStats, PortalResponse, RequestOptions, ResponseSchema } from "./client";
export { PortalClient } from "./client";
export type { Clock } from "./clock";
export { systemClock } from "./clock";
export { Semaphore } from "./concurrency";
export type {
  ClientConfigIssue,
  HttpErrorDetails,
  NetworkErrorInput,
  PortalErrorCode,
  PortalErrorDetails,
  ResponseErrorInput,
  UnexpectedResponseInput,
} from "./errors";
export {
  bodyExcerptFrom,
  errorFromResponse,
  isRouteNotFoundBody,
  networkError,
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
  serverMessageFrom,
  unexpectedResponse,
} from "./errors";
export type { HeaderMap, RateLimitHeaders } from "./headers";
export { headerValue, parseRateLimitHeaders, parseRetryAfter } from "./headers";
export type { PortalLogger } from "./logger";
export { noopLogger } from "./logger";
export type { PortalClientOptions } from "./options";
export { DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT, isLoopbackHost, MAX_CONCURRENT_REQUESTS_VARIABLE } from "./options";
export type { QueryParams } from "./path";
export { queryString, requestPath } from "./path";
export type { RateLimiterSnapshot, RateLimitOptions } from "./rate-limiter";
export { DEFAULT_RATE_LIMIT, RateLimiter, rateLimitProblems } from "./rate-limiter";
export type { RedactorOptions } from "./redact";
export { isSecretKey, REDACTED, Redactor } from "./redact";
export type { RetryDecision, RetryEnvironment, RetryOutcome, RetryPolicy, RetryRequest } from "./retry-policy";
export {
  backoffDelayMs,
  classifyNetworkError,
  DEFAULT_RETRY_POLICY,
  decideRetry,
  retryPolicyProblems,
  serverWaitMs,
} from "./retry-policy";
