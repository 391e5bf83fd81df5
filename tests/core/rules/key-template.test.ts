import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/core/rules/duration.js';
import { compileKeyTemplate, templateProblems } from '../../../src/core/rules/key-template.js';

describe('compileKeyTemplate()', () => {
  it('fills each placeholder with the first value of its path, empty when missing', () => {
    // Prepare
    const render = compileKeyTemplate(
      '{{ eventName }}|{{requestParameters.userName}}{{requestParameters.roleName}}',
    );

    // Act / Assess
    expect(render({ eventName: 'AttachUserPolicy', requestParameters: { userName: 'bob' } })).toBe(
      'AttachUserPolicy|bob',
    );
    expect(render({ requestParameters: null })).toBe('|');
  });

  it('keeps text without placeholders as it is', () => {
    // Prepare / Act / Assess
    expect(compileKeyTemplate('constant')({})).toBe('constant');
  });
});

describe('templateProblems()', () => {
  it('finds unbalanced braces and placeholders that are not paths', () => {
    // Prepare / Act / Assess
    expect(templateProblems('{{a.b}}|{{c}}')).toEqual([]);
    expect(templateProblems('{{a.b}')).toEqual(['unbalanced {{ }} in the template']);
    expect(templateProblems('{{a b}}')).toEqual([
      "'{{a b}}' is not a field path (e.g. {{requestParameters.userName}})",
    ]);
  });
});

describe('parseDuration()', () => {
  it('reads seconds, minutes, hours and days', () => {
    // Prepare / Act / Assess
    expect(['30s', '15m', '1h', '1d'].map(parseDuration)).toEqual([30_000, 900_000, 3_600_000, 86_400_000]);
  });

  it('rejects anything else', () => {
    // Prepare / Act / Assess
    expect(['0m', '15', '15 m', '1.5h', '-1h', 'PT15M', '15M', ''].map(parseDuration)).toEqual(
      new Array(8).fill(undefined),
    );
  });
});
