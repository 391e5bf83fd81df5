import { IAMServiceException } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { toAwsError } from '../../../src/adapters/aws/errors.js';
import { AwsError } from '../../../src/core/errors.js';
import { serviceError } from './sdk-errors.js';

describe('toAwsError()', () => {
  it.each([
    ['Throttling', 400, 'Throttled', true],
    ['TooManyRequestsException', 400, 'Throttled', true],
    ['Whatever', 429, 'Throttled', true],
    ['AccessDenied', 403, 'AccessDenied', false],
    ['AccessDeniedException', 400, 'AccessDenied', false],
    ['ExpiredToken', 403, 'CredentialsInvalid', false],
    ['InvalidClientTokenId', 403, 'CredentialsInvalid', false],
    ['ServiceFailure', 500, 'ServiceUnavailable', true],
    ['DeleteConflictException', 409, 'DeleteConflict', false],
    ['LimitExceededException', 409, 'LimitExceeded', false],
  ] as const)('maps %s (HTTP %i) to %s, retryable %s', (name, status, code, retryable) => {
    // Prepare
    const error = serviceError(IAMServiceException, name, { status, message: 'detail' });

    // Act
    const translated = toAwsError(error, 'iam:DeletePolicy');

    // Assess
    expect(translated).toBeInstanceOf(AwsError);
    expect(translated).toMatchObject({ code, retryable, kind: 'aws', cause: error });
  });

  it('recognises missing credentials and network failures', () => {
    // Prepare
    const missing = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    const network = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4566'), { code: 'ECONNREFUSED' });

    // Act
    const translated = [toAwsError(missing, 'sts:GetCallerIdentity'), toAwsError(network, 'sqs:SendMessage')];

    // Assess
    expect(translated[0]).toMatchObject({ code: 'CredentialsMissing', retryable: false });
    expect(translated[1]).toMatchObject({ code: 'ServiceUnavailable', retryable: true });
    expect(translated[1]?.message).toBe(
      'sqs:SendMessage failed, AWS may be unavailable: connect ECONNREFUSED 127.0.0.1:4566',
    );
  });

  it('keeps an AwsError as it is and gives anything else a generic code', () => {
    // Prepare
    const already = new AwsError('x', 'Throttled', { retryable: true });

    // Act
    const kept = toAwsError(already, 'iam:DeletePolicy');
    const odd = toAwsError('a string was thrown', 'iam:DeletePolicy');

    // Assess
    expect(kept).toBe(already);
    expect(odd).toMatchObject({
      code: 'AwsCallFailed',
      message: 'iam:DeletePolicy failed: unknown error',
      retryable: false,
    });
  });
});
