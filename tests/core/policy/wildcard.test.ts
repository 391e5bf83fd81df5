import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionCatalogue } from '../../../src/core/policy/catalogue/catalogue.js';
import { compileWildcard, globMatchLower, hasWildcard } from '../../../src/core/policy/wildcard.js';

/** The obvious, independent reading of an IAM wildcard: a case-insensitive anchored regex. */
function bruteForceRegex(pattern: string): RegExp {
  const source = [...pattern]
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'is');
}

const ALL_ACTIONS = actionCatalogue.services().flatMap((s) => actionCatalogue.actionsOf(s));

/** Pieces of real names, so generated patterns hit actions often, plus wildcards and odd characters. */
const FRAGMENTS = [
  'iam',
  's3',
  'ec2',
  'sts',
  'lambda',
  'kms',
  'glue',
  'sns',
  'sqs',
  ':',
  'Put',
  'Get',
  'List',
  'Create',
  'Delete',
  'Policy',
  'Role',
  'User',
  'Object',
  'Bucket',
  'Describe',
  'Instance',
  'Assume',
  'Function',
  'Pass',
  'Tag',
  'a',
  'e',
  'o',
  'i',
  'P',
  '-',
  '2',
];
const token = fc.oneof(
  fc.constant('*'),
  fc.constant('?'),
  fc.constantFrom(...FRAGMENTS),
  fc.stringMatching(/^[a-zA-Z:]{1,2}$/),
);
/** Free-form patterns (colons anywhere, or none) and `service:action` shaped ones that match more often. */
const patternArbitrary = fc.oneof(
  fc.array(token, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')),
  fc
    .tuple(
      fc.constantFrom('iam', 'IAM', 's3', 'ec2', 'lambda', 'kms', '*', 'i*', 's?s', '?3', 'e*2'),
      fc.array(token, { minLength: 0, maxLength: 4 }),
    )
    .map(([service, parts]) => `${service}:${parts.join('')}`),
);

describe('compileWildcard()', () => {
  it.each([
    ['iam:*Policy*', 'iam:PutRolePolicy', true],
    ['iam:*Policy*', 'IAM:PUTROLEPOLICY', true],
    ['iam:*Policy*', 'iam:PassRole', false],
    ['iam:Put*', 'iam:PutUserPolicy', true],
    ['iam:Put*', 'iam:AttachUserPolicy', false],
    ['*', 'anything:AtAll', true],
    ['*:*', 's3:GetObject', true],
    ['s3:Get?bject', 's3:GetObject', true],
    ['s3:Get?bject', 's3:GetObjectAcl', false],
    ['s3:GetObject', 's3:getobject', true],
    ['i*Role', 'iam:PassRole', true],
    ['iam:PassRole', 'iam:PassRoles', false],
    ['', '', true],
    ['', 'iam:PassRole', false],
  ])('%j matches %j: %s', (pattern, value, expected) => {
    // Prepare
    const matcher = compileWildcard(pattern);

    // Act
    const result = matcher.test(value);

    // Assess
    expect(result).toBe(expected);
  });

  it('knows when a pattern matches everything or is an exact name', () => {
    // Act
    const star = compileWildcard('***');
    const exact = compileWildcard('IAM:PassRole');
    const glob = compileWildcard('iam:Pass*');

    // Assess
    expect(star.matchesEverything).toBe(true);
    expect(exact.literal).toBe('iam:passrole');
    expect(glob.literal).toBeUndefined();
    expect(glob.matchesEverything).toBe(false);
  });

  it('stays fast on patterns that make backtracking regexes explode', () => {
    // Prepare
    const matcher = compileWildcard(`${'*a'.repeat(25)}*b`);
    const value = 'a'.repeat(200);
    const started = performance.now();

    // Act
    const result = matcher.test(value);

    // Assess
    expect(result).toBe(false);
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('hasWildcard()', () => {
  it.each([
    ['iam:*', true],
    ['s3:Get?bject', true],
    ['iam:PassRole', false],
  ])('%j → %s', (text, expected) => {
    // Act
    const result = hasWildcard(text);

    // Assess
    expect(result).toBe(expected);
  });
});

describe('globMatchLower() (property)', () => {
  it('agrees with a regex reading of the pattern on arbitrary strings', () => {
    // Prepare
    const text = fc.stringMatching(/^[a-c:?*]{0,8}$/);

    // Act / Assess
    fc.assert(
      fc.property(text, fc.stringMatching(/^[a-c:]{0,10}$/), (pattern, value) => {
        expect(globMatchLower(pattern, value)).toBe(bruteForceRegex(pattern).test(value));
      }),
      { numRuns: 500 },
    );
  });
});

describe('compiled matcher and expand() (property over the whole catalogue)', () => {
  it('select exactly the catalogue actions a brute-force regex match selects', () => {
    // Prepare
    expect(ALL_ACTIONS.length).toBeGreaterThan(20_000);

    // Act / Assess
    fc.assert(
      fc.property(patternArbitrary, (pattern) => {
        const regex = bruteForceRegex(pattern);
        const matcher = compileWildcard(pattern);
        const expected = ALL_ACTIONS.filter((action) => regex.test(action));
        expect(ALL_ACTIONS.filter((action) => matcher.test(action))).toEqual(expected);
        expect([...actionCatalogue.expand(pattern)].sort()).toEqual([...expected].sort());
      }),
      { numRuns: 40 },
    );
  });
});
