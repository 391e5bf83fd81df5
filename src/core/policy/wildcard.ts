/**
 * IAM wildcards: `*` matches any run of characters (also none, also across `:`), `?` exactly one
 * character, everything else itself, case-insensitively (IAM compares actions case-insensitively).
 *
 * Patterns are compiled once into a matcher that never uses a backtracking regular expression: a
 * pattern from an untrusted policy such as `*a*a*a*a*a*b` cannot make matching slow (the greedy
 * two-pointer algorithm below is O(pattern × value) in the worst case and linear in practice).
 */

const STAR = 42; // '*'
const QUESTION = 63; // '?'

/** A compiled wildcard pattern. */
export interface WildcardMatcher {
  /** The pattern as written. */
  readonly pattern: string;
  /** The pattern lowercased, with runs of `*` collapsed. */
  readonly normalised: string;
  /** True when the pattern matches every string (it is made only of `*`). */
  readonly matchesEverything: boolean;
  /** The lowercased pattern when it has no wildcard at all (an exact name), else undefined. */
  readonly literal: string | undefined;
  /** Case-insensitive test of any string. */
  test(value: string): boolean;
  /** Same as `test` for a value that is already lowercase (saves a `toLowerCase` in hot loops). */
  testLower(lowerValue: string): boolean;
}

/** True when the text contains an IAM wildcard character (`*` or `?`). */
export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

/**
 * Greedy glob match with single-star backtracking. Both arguments must already be lowercase.
 * Exported for tests; use `compileWildcard` in code.
 */
export function globMatchLower(pattern: string, value: string): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let resume = 0;
  const pl = pattern.length;
  const vl = value.length;
  while (v < vl) {
    const pc = p < pl ? pattern.charCodeAt(p) : -1;
    if (pc === STAR) {
      star = p++;
      resume = v;
    } else if (pc !== -1 && (pc === QUESTION || pc === value.charCodeAt(v))) {
      p++;
      v++;
    } else if (star !== -1) {
      p = star + 1;
      v = ++resume;
    } else {
      return false;
    }
  }
  while (p < pl && pattern.charCodeAt(p) === STAR) p++;
  return p === pl;
}

/**
 * Compiles an IAM wildcard pattern (an `Action`/`NotAction` entry, or a rule's action pattern).
 *
 * @example
 * compileWildcard('iam:*Policy*').test('IAM:PutRolePolicy'); // true
 * compileWildcard('s3:Get?bject').test('s3:GetObject');      // true
 */
export function compileWildcard(pattern: string): WildcardMatcher {
  const normalised = pattern.toLowerCase().replace(/\*{2,}/g, '*');
  const matchesEverything = normalised === '*';
  const literal = hasWildcard(normalised) ? undefined : normalised;
  let testLower: (lowerValue: string) => boolean;
  if (matchesEverything) {
    testLower = () => true;
  } else if (literal !== undefined) {
    testLower = (lowerValue) => lowerValue === literal;
  } else if (normalised.indexOf('*') === normalised.length - 1 && !normalised.includes('?')) {
    const prefix = normalised.slice(0, -1);
    testLower = (lowerValue) => lowerValue.startsWith(prefix);
  } else {
    testLower = (lowerValue) => globMatchLower(normalised, lowerValue);
  }
  return {
    pattern,
    normalised,
    matchesEverything,
    literal,
    testLower,
    test: (value) => testLower(value.toLowerCase()),
  };
}
