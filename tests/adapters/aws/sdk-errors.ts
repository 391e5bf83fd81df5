/**
 * SDK errors as the clients throw them, for adapter tests: modelled exceptions are built with their
 * own classes by the tests; these build the unmodelled ones (throttling, access denied) the way the
 * SDK does, as the service's base exception with the error code as `name`.
 */
import { IAMServiceException } from '@aws-sdk/client-iam';

type ServiceExceptionClass<T> = new (options: {
  name: string;
  $fault: 'client' | 'server';
  $metadata: { httpStatusCode?: number };
  message: string;
}) => T;

/** An unmodelled service error: `name` is the error code, e.g. `Throttling` or `AccessDenied`. */
export function serviceError<T>(
  base: ServiceExceptionClass<T>,
  name: string,
  options: { readonly status?: number; readonly message?: string } = {},
): T {
  const status = options.status ?? 400;
  return new base({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: options.message ?? name,
  });
}

export const iamThrottling = () =>
  serviceError(IAMServiceException, 'Throttling', { message: 'Rate exceeded' });
export const iamAccessDenied = () =>
  serviceError(IAMServiceException, 'AccessDenied', {
    status: 403,
    message: 'User: arn:aws:sts::123456789012:assumed-role/iam-guard-remediator/x is not authorized',
  });
