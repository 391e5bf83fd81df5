/**
 * Suppressions compiled once: the rule pattern, principal and target globs, and the expiry instant.
 * A suppression covers a violation when the rule id or name matches, the caller matches one of the
 * principal patterns (when any are given), the target matches one of the target patterns (when any
 * are given), and it has not expired.
 */
import type { SourceLocation } from '../errors.js';
import { parseExpiry } from './expiry.js';
import { compileGlob, type GlobMatcher } from './glob.js';
import { principalArns } from './principal.js';
import type { CompiledSuppression, SuppressionSpec, TargetInfo, Violation } from './types.js';

/**
 * Compiles one suppression. The spec is schema-valid; an unreadable `expires` (which lint reports)
 * makes the suppression expired, so it never silences anything by accident.
 *
 * @example
 * const suppression = compileSuppression({ rule: 'IAM-004', targets: ['ci-*'], reason: '…', owner: '…' }, location);
 * suppression.covers(violation, new Date());
 */
export function compileSuppression(spec: SuppressionSpec, location: SourceLocation): CompiledSuppression {
  const rule = compileGlob(spec.rule);
  const principals = spec.principals?.map(compileGlob);
  const targets = spec.targets?.map(compileGlob);
  const expiresAt =
    spec.expires === undefined ? undefined : (parseExpiry(spec.expires) ?? new Date(Number.NaN));

  return {
    spec,
    location,
    ...(expiresAt ? { expiresAt } : {}),
    covers(violation: Violation, now: Date): boolean {
      if (expiresAt !== undefined && !(now.getTime() <= expiresAt.getTime())) return false;
      if (!rule(violation.ruleId) && !rule(violation.ruleName)) return false;
      if (principals && !principalArns(violation.principal).some((arn) => anyMatch(principals, arn)))
        return false;
      if (targets && !targetNames(violation.target).some((name) => anyMatch(targets, name))) return false;
      return true;
    },
  };
}

/** The names a target pattern may be meant to match: the target's name and the identifiers beside it. */
function targetNames(target: TargetInfo): readonly string[] {
  const identifiers = Object.entries(target.details)
    .filter(([key]) => !NOT_IDENTIFIERS.has(key))
    .map(([, value]) => value);
  return [target.name, ...identifiers].filter((name) => name.length > 0);
}

/** Target details that are flags, not names, and so never match a target pattern. */
const NOT_IDENTIFIERS: ReadonlySet<string> = new Set(['setAsDefault', 'status']);

function anyMatch(patterns: readonly GlobMatcher[], text: string): boolean {
  return patterns.some((matches) => matches(text));
}
