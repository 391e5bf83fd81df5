import { describe, expect, it } from 'vitest';
import type { PolicyFinding } from '../../../../src/core/policy/types.js';
import { grantsFullAdminPredicate } from '../../../../src/core/rules/predicates/grants-full-admin.js';
import { grantsServiceWildcardPredicate } from '../../../../src/core/rules/predicates/grants-service-wildcard.js';
import { trustsUntrustedAccountPredicate } from '../../../../src/core/rules/predicates/trusts-untrusted-account.js';

const finding = (overrides: Partial<PolicyFinding> & Pick<PolicyFinding, 'type'>): PolicyFinding => ({
  message: `${overrides.type} finding`,
  key: overrides.type,
  ...overrides,
});

describe('grantsServiceWildcard', () => {
  it('keeps only service wildcards of the listed services, ignoring case', () => {
    // Prepare
    const test = grantsServiceWildcardPredicate.compile(['IAM', 'kms']);
    const findings = [
      finding({ type: 'service-wildcard', services: ['iam'] }),
      finding({ type: 'service-wildcard', services: ['s3'] }),
      finding({ type: 'full-admin' }),
    ];

    // Act
    const selected = test(findings, {});

    // Assess
    expect(selected.map((f) => f.services)).toEqual([['iam']]);
  });
});

describe('trustsUntrustedAccount', () => {
  it('drops trusts of listed accounts and of the policy’s own account', () => {
    // Prepare
    const test = trustsUntrustedAccountPredicate.compile(['444455556666']);
    const findings = [
      finding({ type: 'trusts-untrusted-account', principals: ['arn:aws:iam::444455556666:root'] }),
      finding({ type: 'trusts-untrusted-account', principals: ['111122223333'] }),
      finding({ type: 'trusts-untrusted-account', principals: ['arn:aws:iam::999988887777:role/ops'] }),
    ];

    // Act
    const selected = test(findings, { ownAccount: '111122223333' });

    // Assess
    expect(selected.map((f) => f.principals)).toEqual([['arn:aws:iam::999988887777:role/ops']]);
  });

  it('keeps a trust whose principal names no account it can read', () => {
    // Prepare
    const test = trustsUntrustedAccountPredicate.compile([]);

    // Act
    const selected = test(
      [
        finding({ type: 'trusts-untrusted-account' }),
        finding({ type: 'trusts-untrusted-account', principals: ['AIDAJQABLZS4A3QDU576Q'] }),
      ],
      {},
    );

    // Assess
    expect(selected).toHaveLength(2);
  });
});

describe('predicates with argument true', () => {
  it('select the findings of their type only', () => {
    // Prepare
    const test = grantsFullAdminPredicate.compile(true);

    // Act
    const selected = test([finding({ type: 'full-admin' }), finding({ type: 'allow-not-resource' })], {});

    // Assess
    expect(selected.map((f) => f.type)).toEqual(['full-admin']);
  });
});
