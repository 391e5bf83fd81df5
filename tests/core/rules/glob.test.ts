import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, globLiterals } from '../../../src/core/rules/glob.js';

/** The obvious (regex-based) reading of a glob, to compare the two-pointer matcher against. */
function reference(pattern: string): (text: string) => boolean {
  const source = [...pattern]
    .map((c) =>
      c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
    )
    .join('');
  const regex = new RegExp(`^${source}$`);
  return (text) => regex.test(text.toLowerCase());
}

const patternChars = fc.constantFrom('a', 'B', 'c', '/', ':', '*', '?', '-');
const textChars = fc.constantFrom('a', 'b', 'C', '/', ':', '-', '*');
const patterns = fc.array(patternChars, { maxLength: 10 }).map((chars) => chars.join(''));
const texts = fc.array(textChars, { maxLength: 14 }).map((chars) => chars.join(''));
const literals = fc
  .array(fc.constantFrom('a', 'b', 'Z', '/', ':', '.', '-'), { maxLength: 8 })
  .map((c) => c.join(''));

describe('compileGlob()', () => {
  it('agrees with a regular-expression reading of the glob on every pattern and text', () => {
    fc.assert(
      fc.property(patterns, texts, (pattern, text) => {
        // Prepare
        const matches = compileGlob(pattern);

        // Act / Assess
        expect(matches(text)).toBe(reference(pattern.toLowerCase())(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches a pattern without wildcards exactly, ignoring case', () => {
    fc.assert(
      fc.property(literals, literals, (literal, other) => {
        // Prepare
        const matches = compileGlob(literal);

        // Act / Assess
        expect(matches(literal.toUpperCase())).toBe(true);
        expect(matches(other)).toBe(other.toLowerCase() === literal.toLowerCase());
      }),
    );
  });

  it('lets a star stand for any run of characters', () => {
    fc.assert(
      fc.property(literals, fc.string(), literals, (head, middle, tail) => {
        // Prepare
        const matches = compileGlob(`${head}*${tail}`);

        // Act / Assess
        expect(matches(`${head}${middle}${tail}`)).toBe(true);
      }),
    );
  });

  it('lets a question mark stand for exactly one character', () => {
    // Prepare
    const matches = compileGlob('user/?');

    // Act / Assess
    expect([matches('user/a'), matches('user/'), matches('user/ab')]).toEqual([true, false, false]);
  });

  it('matches the ARN globs the default rule pack uses', () => {
    // Prepare
    const remediator = compileGlob('arn:aws*:sts::*:assumed-role/iam-guard-remediator*/*');

    // Act / Assess
    expect(remediator('arn:aws:sts::111122223333:assumed-role/iam-guard-remediator-role/1718000000000')).toBe(
      true,
    );
    expect(remediator('arn:aws:sts::111122223333:assumed-role/deployer/iam-guard-remediator')).toBe(false);
  });

  it('stays fast on patterns built to make backtracking explode', () => {
    // Prepare
    const matches = compileGlob(`${'*a'.repeat(30)}b`);
    const text = 'a'.repeat(5000);

    // Act
    const started = performance.now();
    const result = matches(text);

    // Assess
    expect(result).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('globLiterals()', () => {
  it('returns text every matching string contains', () => {
    fc.assert(
      fc.property(patterns, texts, (pattern, text) => {
        // Prepare
        fc.pre(compileGlob(pattern)(text));

        // Act
        const parts = globLiterals(pattern.toLowerCase());

        // Assess
        for (const part of parts) expect(text.toLowerCase()).toContain(part);
      }),
    );
  });
});
