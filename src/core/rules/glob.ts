/**
 * Glob patterns as the rule language understands them: `*` matches any run of characters (also none,
 * also `/` and `:`), `?` exactly one character, everything else itself, case-insensitively. Used by the
 * `wildcard` operator, suppression principal/target patterns and `exclude.principals`.
 *
 * Matching is the iterative two-pointer algorithm with one backtrack point, so it never builds a
 * regular expression from user input and runs in O(pattern × text) at worst (no catastrophic backtracking).
 */

/** A compiled glob: true when the whole text matches the pattern. */
export type GlobMatcher = (text: string) => boolean;

/**
 * Compiles a glob once, for use on many texts.
 *
 * @example
 * const isRemediator = compileGlob('arn:aws:sts::*:assumed-role/iam-guard-remediator-*');
 * isRemediator('arn:aws:sts::111122223333:assumed-role/iam-guard-remediator-x/s'); // true
 */
export function compileGlob(pattern: string): GlobMatcher {
  const lowered = pattern.toLowerCase();
  if (!lowered.includes('*') && !lowered.includes('?')) {
    return (text) => text.length === lowered.length && text.toLowerCase() === lowered;
  }
  if (lowered === '*') return () => true;
  const firstWild = firstWildcardIndex(lowered);
  if (firstWild === lowered.length - 1 && lowered.endsWith('*')) {
    const head = lowered.slice(0, -1);
    return (text) => text.toLowerCase().startsWith(head);
  }
  return (text) => matchGlob(lowered, text.toLowerCase());
}

/**
 * The literal runs of a glob, between its wildcards, in order. A text matching the glob contains each
 * of them (case-insensitively); the raw-record pre-filter relies on that.
 */
export function globLiterals(pattern: string): readonly string[] {
  return pattern.split(/[*?]+/).filter((part) => part.length > 0);
}

function firstWildcardIndex(pattern: string): number {
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (c === '*' || c === '?') return i;
  }
  return -1;
}

function matchGlob(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const pc = pattern[p];
    if (pc === '*') {
      starP = p;
      starT = t;
      p += 1;
    } else if (pc !== undefined && (pc === '?' || pc === text[t])) {
      p += 1;
      t += 1;
    } else if (starP >= 0) {
      // Let the last star absorb one more character and retry from there.
      p = starP + 1;
      starT += 1;
      t = starT;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}
