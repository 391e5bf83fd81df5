import { describe, expect, it } from 'vitest';
import { compileFieldPath, readString } from '../../../src/core/rules/field-path.js';

describe('compileFieldPath()', () => {
  it('reads a nested field', () => {
    // Prepare
    const read = compileFieldPath('userIdentity.sessionContext.sessionIssuer.arn');
    const record = {
      userIdentity: { sessionContext: { sessionIssuer: { arn: 'arn:aws:iam::111122223333:role/ops' } } },
    };

    // Act / Assess
    expect(read(record)).toEqual(['arn:aws:iam::111122223333:role/ops']);
  });

  it('follows every element of a list it crosses', () => {
    // Prepare
    const read = compileFieldPath('requestParameters.tags.key');
    const record = { requestParameters: { tags: [{ key: 'owner' }, { value: 'x' }, { key: 'team' }] } };

    // Act / Assess
    expect(read(record)).toEqual(['owner', 'team']);
  });

  it('reaches nothing, without throwing, through nulls, primitives and missing keys', () => {
    // Prepare
    const read = compileFieldPath('requestParameters.policyArn');
    const untidy = [
      undefined,
      null,
      42,
      'text',
      [],
      { requestParameters: null },
      { requestParameters: 'x' },
      { requestParameters: {} },
    ];

    // Act
    const results = untidy.map((record) => read(record));

    // Assess
    expect(results.every((values) => values.length === 0)).toBe(true);
  });

  it('keeps a null value it reaches, so exists can tell null from absent', () => {
    // Prepare / Act
    const values = compileFieldPath('responseElements')({ responseElements: null });

    // Assess
    expect(values).toEqual([null]);
  });

  it('reads own keys only, never inherited ones', () => {
    // Prepare
    const read = compileFieldPath('requestParameters.constructor');

    // Act / Assess
    expect(read({ requestParameters: {} })).toEqual([]);
    expect(compileFieldPath('__proto__')({})).toEqual([]);
  });
});

describe('readString()', () => {
  it('returns the first string, spells numbers out, and falls back otherwise', () => {
    // Prepare / Act / Assess
    expect(readString(compileFieldPath('a'), { a: 'x' })).toBe('x');
    expect(readString(compileFieldPath('a'), { a: 12 })).toBe('12');
    expect(readString(compileFieldPath('a'), { a: { b: 1 } }, '-')).toBe('-');
  });
});
