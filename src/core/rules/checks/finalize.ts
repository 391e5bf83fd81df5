/**
 * Checks across rules and files, run once after every rule passed its own checks: duplicate ids and
 * names, suppressions naming no rule, expired or unreadable suppression dates.
 */
import { formatLocation } from '../../errors.js';
import { closest } from '../../policy/catalogue/suggest.js';
import { parseExpiry } from '../expiry.js';
import { compileGlob } from '../glob.js';
import type { Diagnostic, RuleSpec, SuppressionSpec } from '../types.js';
import type { YamlSource } from '../yaml-source.js';
import { diagnostic } from './types.js';

/** A schema-valid rule and its position in `rules:`. */
export interface PlacedRule {
  readonly spec: RuleSpec;
  readonly index: number;
}

/** What the cross-rule checks see. */
export interface FinalizeInput {
  /** The rules that passed the schema (others are already reported). */
  readonly rules: readonly PlacedRule[];
  readonly rulesSource: YamlSource;
  readonly suppressions: readonly SuppressionSpec[];
  /** Present when a suppressions file was given. */
  readonly suppressionsSource?: YamlSource;
  readonly now: Date;
}

/** One check across the whole rule pack. */
export type FinalizeCheck = (input: FinalizeInput) => Diagnostic[];

/** Ids are how alerts, suppressions and runbooks refer to rules: each must be unique. */
export const checkDuplicateIds: FinalizeCheck = (input) => duplicates(input, 'id', 'RuleDuplicateId');

/** Names appear in alerts and may be used in suppressions: each must be unique. */
export const checkDuplicateNames: FinalizeCheck = (input) => duplicates(input, 'name', 'RuleDuplicateName');

/** A suppression whose rule pattern matches no rule id or name suppresses nothing: stale, or a typo. */
export const checkSuppressionRules: FinalizeCheck = (input) => {
  const { suppressionsSource } = input;
  if (suppressionsSource === undefined) return [];
  const candidates = input.rules.flatMap(({ spec }) => [spec.id, spec.name]);
  const diagnostics: Diagnostic[] = [];
  input.suppressions.forEach((suppression, index) => {
    const matches = compileGlob(suppression.rule);
    if (candidates.some((candidate) => matches(candidate))) return;
    const suggestion = closest(suppression.rule, candidates);
    diagnostics.push(
      diagnostic(
        'warning',
        'SuppressionUnknownRule',
        `'${suppression.rule}' names no rule, so this suppression has no effect${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
        suppressionsSource.locate(['suppressions', index, 'rule']),
      ),
    );
  });
  return diagnostics;
};

/** Expired suppressions stop applying; lint says so, so they get renewed or removed on purpose. */
export const checkSuppressionExpiry: FinalizeCheck = (input) => {
  const { suppressionsSource } = input;
  if (suppressionsSource === undefined) return [];
  const diagnostics: Diagnostic[] = [];
  input.suppressions.forEach((suppression, index) => {
    if (suppression.expires === undefined) return;
    const location = suppressionsSource.locate(['suppressions', index, 'expires']);
    const expiresAt = parseExpiry(suppression.expires);
    if (expiresAt === undefined) {
      diagnostics.push(
        diagnostic(
          'error',
          'SuppressionInvalidExpiry',
          `'${suppression.expires}' is not a real date`,
          location,
        ),
      );
    } else if (expiresAt.getTime() < input.now.getTime()) {
      diagnostics.push(
        diagnostic(
          'warning',
          'SuppressionExpired',
          `expired on ${suppression.expires}, no longer applies`,
          location,
        ),
      );
    }
  });
  return diagnostics;
};

/** The cross-rule checks, in reporting order. */
export const FINALIZE_CHECKS: readonly FinalizeCheck[] = [
  checkDuplicateIds,
  checkDuplicateNames,
  checkSuppressionRules,
  checkSuppressionExpiry,
];

function duplicates(input: FinalizeInput, key: 'id' | 'name', code: string): Diagnostic[] {
  const first = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  for (const { spec, index } of input.rules) {
    const value = spec[key];
    const earlier = first.get(value);
    if (earlier === undefined) {
      first.set(value, index);
      continue;
    }
    const where = formatLocation(input.rulesSource.locate(['rules', earlier, key]));
    diagnostics.push(
      diagnostic(
        'error',
        code,
        `duplicate rule ${key} '${value}' (first used at ${where})`,
        input.rulesSource.locate(['rules', index, key]),
      ),
    );
  }
  return diagnostics;
}
