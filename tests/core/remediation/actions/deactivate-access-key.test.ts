import { describe, expect, it } from 'vitest';
import { deactivateAccessKey } from '../../../../src/core/remediation/actions/deactivate-access-key.js';

describe('action: deactivate_access_key', () => {
  it('deactivates the key named in a CreateAccessKey target', () => {
    // Prepare
    const target = {
      type: 'access-key',
      name: 'AKIAIOSFODNN7EXAMPLE',
      details: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', userName: 'bob' },
    } as const;

    // Act
    const steps = deactivateAccessKey.steps(target);

    // Assess
    expect(steps).toEqual([
      { op: 'deactivate-access-key', userName: 'bob', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    ]);
    expect(deactivateAccessKey.permissions).toEqual(['iam:UpdateAccessKey']);
  });

  it('requires the user name, since without it IAM would act on the caller', () => {
    // Prepare
    const target = {
      type: 'access-key',
      name: 'AKIAIOSFODNN7EXAMPLE',
      details: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    } as const;

    // Act
    const problems = deactivateAccessKey.validate(target);

    // Assess
    expect(problems).toEqual(['target names no user (details.userName)']);
  });

  it('rejects temporary STS keys and strings that are not key ids', () => {
    // Prepare
    const temporary = {
      type: 'access-key',
      name: 'ASIAIOSFODNN7EXAMPLE',
      details: { userName: 'bob' },
    } as const;
    const garbage = { type: 'access-key', name: 'not-a-key', details: { userName: 'bob' } } as const;

    // Act
    const problems = [...deactivateAccessKey.validate(temporary), ...deactivateAccessKey.validate(garbage)];

    // Assess
    expect(problems).toEqual([
      "'ASIAIOSFODNN7EXAMPLE' is a temporary (STS) key, which IAM cannot deactivate",
      "'not-a-key' is not an access key id",
    ]);
  });
});
