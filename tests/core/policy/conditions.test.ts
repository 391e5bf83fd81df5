import { describe, expect, it } from 'vitest';
import {
  callerRestriction,
  claimValueRestricts,
  isRestrictiveOperator,
} from '../../../src/core/policy/conditions.js';

describe('isRestrictiveOperator()', () => {
  it.each([
    ['StringEquals', true],
    ['stringlike', true],
    ['ArnLike', true],
    ['ForAnyValue:StringEquals', true],
    ['ForAllValues:StringEquals', false],
    ['StringEqualsIfExists', false],
    ['StringNotEquals', false],
    ['Bool', false],
  ])('%s → %s', (operator, expected) => {
    // Act
    const result = isRestrictiveOperator(operator);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('callerRestriction()', () => {
  it('names the key that restricts the caller', () => {
    // Prepare
    const conditions = [
      { operator: 'StringEquals', key: 'sts:ExternalId', values: ['x'] },
      { operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: ['o-abc'] },
    ];

    // Act
    const key = callerRestriction(conditions);

    // Assess
    expect(key).toBe('aws:PrincipalOrgID');
  });

  it('ignores a clause when one of its values admits anyone', () => {
    // Prepare
    const conditions = [
      { operator: 'StringLike', key: 'aws:PrincipalAccount', values: ['111122223333', '*'] },
    ];

    // Act
    const key = callerRestriction(conditions);

    // Assess
    expect(key).toBeUndefined();
  });
});

describe('claimValueRestricts()', () => {
  it.each([
    ['repo:octo-org/octo-repo:ref:refs/heads/main', true],
    ['repo:octo-org/*', true],
    ['repository_owner_id:123:repository_id:456', true],
    ['repo:*', false],
    ['*', false],
    ['', false],
    ['*:ref:refs/heads/main', false],
  ])('%j → %s', (value, expected) => {
    // Act
    const result = claimValueRestricts(value);

    // Assess
    expect(result).toBe(expected);
  });
});
