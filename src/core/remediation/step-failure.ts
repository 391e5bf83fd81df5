/**
 * Turning a thrown error into the {@link StepFailure} the remediator reports. Adapters have already
 * translated SDK errors into `AwsError` (code, retryable); anything else is reported as it is.
 */
import { AwsError, IamGuardError } from '../errors.js';
import type { StepFailure } from './types.js';

/**
 * The failure to report for a thrown error.
 *
 * @example
 * toStepFailure(new AwsError('slow down', 'Throttled', { retryable: true })); // { code: 'Throttled', …, retryable: true }
 */
export function toStepFailure(error: unknown): StepFailure {
  if (error instanceof AwsError)
    return { code: error.code, message: error.message, retryable: error.retryable };
  if (error instanceof IamGuardError) return { code: error.code, message: error.message, retryable: false };
  return {
    code: 'UnexpectedError',
    message: error instanceof Error ? error.message : String(error),
    retryable: false,
  };
}
