/**
 * Translation of AWS SDK errors into `AwsError` at the edge: a stable `code` and a `retryable` flag, so
 * that core never matches SDK exception names. Adapters first map the outcomes a caller plans for
 * (NoSuchEntity, NoSuchKey, 304…) and pass everything else through {@link toAwsError}.
 *
 * The SDK has already retried throttling and transient errors (standard retry mode, 3 attempts) when
 * one reaches us; `retryable: true` tells the caller that a later attempt (an SQS redelivery) may work.
 */
import { AwsError } from '../../core/errors.js';

/** What the SDK attaches to a service error (`ServiceException`) and to its own client errors. */
interface SdkErrorShape {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

// Throttling error names across services (the SDK's own list, without IAM's LimitExceededException,
// which reports an account quota, not a rate).
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ProvisionedThroughputExceededException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'PriorRequestNotComplete',
]);
const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'AuthorizationError',
  'AuthorizationErrorException',
  'UnauthorizedOperation',
  'NotAuthorizedForSourceException',
]);
const CREDENTIALS_INVALID = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);
const TRANSIENT = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ServiceUnavailable',
  'InternalFailure',
]);
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function shapeOf(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
}

/** The SDK error's name, e.g. `NoSuchEntityException`; empty when it has none. */
export function sdkErrorName(error: unknown): string {
  const { name } = shapeOf(error);
  return typeof name === 'string' ? name : '';
}

/** The HTTP status of the response that failed, when there was one. */
export function httpStatusOf(error: unknown): number | undefined {
  return shapeOf(error).$metadata?.httpStatusCode;
}

/** `DeleteConflictException` → `DeleteConflict`: a stable PascalCase code. */
function codeFromName(name: string): string {
  const trimmed = name.replace(/Exception$/, '');
  return /^[A-Z][A-Za-z0-9]*$/.test(trimmed) ? trimmed : 'AwsCallFailed';
}

/**
 * Translates any error thrown by an SDK call into an `AwsError` naming the call.
 *
 * @example
 * try { await client.send(command); } catch (error) { throw toAwsError(error, 'iam:DeletePolicy'); }
 */
export function toAwsError(error: unknown, call: string): AwsError {
  if (error instanceof AwsError) return error;
  const shape = shapeOf(error);
  const name = sdkErrorName(error);
  const status = shape.$metadata?.httpStatusCode;
  const detail =
    typeof shape.message === 'string' && shape.message !== '' ? shape.message : name || 'unknown error';
  const options = { cause: error };
  if (THROTTLING.has(name) || status === 429 || shape.$retryable?.throttling === true) {
    return new AwsError(`${call} was throttled: ${detail}`, 'Throttled', { ...options, retryable: true });
  }
  if (ACCESS_DENIED.has(name) || (status === 403 && !CREDENTIALS_INVALID.has(name))) {
    return new AwsError(`${call} was denied: ${detail}`, 'AccessDenied', options);
  }
  if (CREDENTIALS_INVALID.has(name)) {
    return new AwsError(
      `${call}: the AWS credentials are not valid: ${detail}`,
      'CredentialsInvalid',
      options,
    );
  }
  if (name === 'CredentialsProviderError') {
    return new AwsError(`${call}: no AWS credentials found: ${detail}`, 'CredentialsMissing', options);
  }
  const networkCode = typeof shape.code === 'string' && NETWORK_CODES.has(shape.code);
  if (
    TRANSIENT.has(name) ||
    networkCode ||
    shape.$retryable !== undefined ||
    (status !== undefined && status >= 500)
  ) {
    return new AwsError(`${call} failed, AWS may be unavailable: ${detail}`, 'ServiceUnavailable', {
      ...options,
      retryable: true,
    });
  }
  return new AwsError(`${call} failed: ${detail}`, codeFromName(name), options);
}
