import { describe, expect, it } from 'vitest';
import { anyOfOperator } from '../../../../src/core/rules/operators/any-of.js';
import { cidrOperator } from '../../../../src/core/rules/operators/cidr.js';
import { containsOperator } from '../../../../src/core/rules/operators/contains.js';
import { equalsOperator, scalarEquals } from '../../../../src/core/rules/operators/equals.js';
import { equalsFieldOperator } from '../../../../src/core/rules/operators/equals-field.js';
import { existsOperator } from '../../../../src/core/rules/operators/exists.js';
import { gtOperator } from '../../../../src/core/rules/operators/gt.js';
import { gteOperator } from '../../../../src/core/rules/operators/gte.js';
import { ltOperator } from '../../../../src/core/rules/operators/lt.js';
import { lteOperator } from '../../../../src/core/rules/operators/lte.js';
import { numericValue } from '../../../../src/core/rules/operators/numeric.js';
import { prefixOperator } from '../../../../src/core/rules/operators/prefix.js';
import { regexOperator } from '../../../../src/core/rules/operators/regex.js';
import { suffixOperator } from '../../../../src/core/rules/operators/suffix.js';
import { wildcardOperator } from '../../../../src/core/rules/operators/wildcard.js';

describe('equals', () => {
  it('compares strings exactly and case-sensitively', () => {
    // Prepare
    const test = equalsOperator.compile('Root');

    // Act / Assess
    expect([test('Root', {}), test('root', {}), test('Root ', {}), test(undefined, {})]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });

  it('lets a number or boolean equal its spelling as a string, as CloudTrail writes some of them', () => {
    // Prepare / Act / Assess
    expect(scalarEquals(false, 'false')).toBe(true);
    expect(scalarEquals(3600, '3600')).toBe(true);
    expect(scalarEquals('3600', 3600)).toBe(true);
    expect(scalarEquals(true, 'True')).toBe(false);
    expect(scalarEquals(1, true)).toBe(false);
  });
});

describe('anyOf', () => {
  it('holds when the value equals one of the listed scalars, whatever their types', () => {
    // Prepare
    const test = anyOfOperator.compile(['a', 7, true]);

    // Act / Assess
    expect([
      test('a', {}),
      test(7, {}),
      test('7', {}),
      test('true', {}),
      test('b', {}),
      test(null, {}),
    ]).toEqual([true, true, true, true, false, false]);
  });

  it('matches a number against a listed numeric string', () => {
    // Prepare / Act / Assess
    expect(anyOfOperator.compile(['3600'])(3600, {})).toBe(true);
  });
});

describe('prefix, suffix and contains', () => {
  it('accept one string or a list, and test strings only', () => {
    // Prepare
    const prefix = prefixOperator.compile(['ci-', 'build-']);
    const suffix = suffixOperator.compile('.amazonaws.com');
    const contains = containsOperator.compile('Admin');

    // Act / Assess
    expect([prefix('build-7', {}), prefix('alice', {}), prefix(12, {})]).toEqual([true, false, false]);
    expect([suffix('ec2.amazonaws.com', {}), suffix('AWS Internal', {})]).toEqual([true, false]);
    expect([contains('TeamAdminPolicy', {}), contains('teamadmin', {}), contains(null, {})]).toEqual([
      true,
      false,
      false,
    ]);
  });
});

describe('wildcard', () => {
  it('is case-insensitive and anchored at both ends', () => {
    // Prepare
    const test = wildcardOperator.compile('arn:aws*:iam::aws:policy/AdministratorAccess');

    // Act / Assess
    expect(test('arn:aws-us-gov:iam::aws:policy/administratoraccess', {})).toBe(true);
    expect(test('arn:aws:iam::aws:policy/AdministratorAccess-Amplify', {})).toBe(false);
  });
});

describe('regex', () => {
  it('matches unanchored JavaScript regular expressions against strings and numbers', () => {
    // Prepare
    const test = regexOperator.compile('^1[0-9]{2}$');

    // Act / Assess
    expect([test('123', {}), test(123, {}), test('1234', {}), test(true, {})]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('reports an expression that does not compile', () => {
    // Prepare / Act
    const problems = regexOperator.validate?.('([a-z]+') ?? [];

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('RuleInvalidRegex');
    expect(problems[0]?.message).toBe('invalid regular expression /([a-z]+/: Unterminated group');
  });
});

describe('exists', () => {
  it('treats null like absent, and sees a list as one value', () => {
    // Prepare
    const present = existsOperator.compile(true);
    const absent = existsOperator.compile(false);

    // Act / Assess
    expect([present('x', {}), present(null, {}), present(undefined, {}), present([], {})]).toEqual([
      true,
      false,
      false,
      true,
    ]);
    expect([absent(null, {}), absent(undefined, {}), absent(0, {})]).toEqual([true, true, false]);
    expect(existsOperator.wholeValue).toBe(true);
  });
});

describe('gt, gte, lt and lte', () => {
  it('compare numbers and numeric strings, and nothing else', () => {
    // Prepare
    const gt = gtOperator.compile(10);
    const gte = gteOperator.compile(10);
    const lt = ltOperator.compile(10);
    const lte = lteOperator.compile(10);

    // Act / Assess
    expect([gt(11, {}), gt('11', {}), gt(10, {}), gt('', {}), gt(true, {}), gt('eleven', {})]).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect([gte(10, {}), gte(9.99, {})]).toEqual([true, false]);
    expect([lt(9, {}), lt(10, {}), lt(null, {})]).toEqual([true, false, false]);
    expect([lte(10, {}), lte(' 10 ', {}), lte(11, {})]).toEqual([true, true, false]);
  });

  it('never take NaN or infinities for numbers', () => {
    // Prepare / Act / Assess
    expect([
      numericValue(Number.NaN),
      numericValue(Number.POSITIVE_INFINITY),
      numericValue('Infinity'),
    ]).toEqual([undefined, undefined, undefined]);
  });
});

describe('cidr', () => {
  it('reports blocks that are not CIDR', () => {
    // Prepare / Act
    const problems = cidrOperator.validate?.(['10.0.0.0/8', '10.0.0.0/33', 'corp-network']) ?? [];

    // Assess
    expect(problems.map((problem) => problem.code)).toEqual(['RuleInvalidCidr', 'RuleInvalidCidr']);
    expect(problems[0]?.message).toBe("'10.0.0.0/33' is not a CIDR block (e.g. 203.0.113.0/24)");
  });

  it('does not match service names CloudTrail puts in sourceIPAddress', () => {
    // Prepare
    const test = cidrOperator.compile('0.0.0.0/0');

    // Act / Assess
    expect([test('AWS Internal', {}), test('lambda.amazonaws.com', {}), test('192.0.2.1', {})]).toEqual([
      false,
      false,
      true,
    ]);
  });
});

describe('equalsField', () => {
  it('compares with the value at another path of the same record', () => {
    // Prepare
    const test = equalsFieldOperator.compile('userIdentity.userName');
    const record = { userIdentity: { userName: 'alice' } };

    // Act / Assess
    expect([test('alice', record), test('bob', record), test(undefined, record), test('alice', {})]).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });
});
