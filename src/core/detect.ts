/**
 * The detector's core: one CloudTrail record against a loaded ruleset. The same function runs in the
 * detector Lambda and in `iam-guard simulate`, so a rule behaves the same in both.
 *
 * Order: the monitor's own principals are skipped first (its remediation calls must never raise
 * violations), then only the rules indexed under the record's `eventSource#eventName` run (each
 * applies its outcome filter: failed calls raise nothing unless the rule says `outcome: any`), and
 * finally suppressions set aside the violations they cover. Every policy document is analysed at most
 * once per record, however many rules look at it.
 */
import type { CloudTrailRecord } from './cloudtrail/types.js';
import {
  createPolicyAnalysisCache,
  type PolicyAnalyser,
  type PolicyAnalysisMemo,
} from './rules/policy-cache.js';
import { principalOf } from './rules/principal.js';
import type {
  CompiledSuppression,
  Evaluation,
  EvaluationContext,
  Ruleset,
  Violation,
} from './rules/types.js';

/** Options for tests and tools; production callers pass none. */
export interface EvaluateOptions {
  /** The policy analyser to use. @default core/policy's analysePolicy/newFindings */
  readonly analyser?: PolicyAnalyser;
  /** Analyses kept across the records of one run (a replay), by document text. @default none */
  readonly memo?: PolicyAnalysisMemo;
}

/**
 * Evaluates one record. Never throws on untidy records; a rule that fails anyway (a defect) is
 * reported in `ruleErrors` and the other rules still run.
 *
 * @example
 * const { violations, suppressed, excluded } = evaluate(record, ruleset, { now: clock.now() });
 */
export function evaluate(
  record: CloudTrailRecord,
  ruleset: Ruleset,
  context: EvaluationContext,
  options: EvaluateOptions = {},
): Evaluation {
  if (typeof record !== 'object' || record === null) return EMPTY;
  if (ruleset.excludedPrincipals.length > 0 && ruleset.excludes(principalOf(record))) {
    return { violations: [], suppressed: [], excluded: true, ruleErrors: [] };
  }
  const source = typeof record.eventSource === 'string' ? record.eventSource : '';
  const name = typeof record.eventName === 'string' ? record.eventName : '';
  const rules = ruleset.rulesFor(source, name);
  if (rules.length === 0) return EMPTY;

  const policies = createPolicyAnalysisCache(options.analyser, options.memo);
  const violations: Violation[] = [];
  const suppressed: { violation: Violation; suppression: CompiledSuppression }[] = [];
  const ruleErrors: { ruleId: string; message: string }[] = [];
  for (const rule of rules) {
    let violation: Violation | undefined;
    try {
      violation = rule.evaluate(record, context, policies);
    } catch (error) {
      ruleErrors.push({
        ruleId: rule.spec.id,
        message: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    if (violation === undefined) continue;
    const suppression = ruleset.suppressions.find((candidate) => candidate.covers(violation, context.now));
    if (suppression) suppressed.push({ violation, suppression });
    else violations.push(violation);
  }
  return { violations, suppressed, excluded: false, ruleErrors };
}

const EMPTY: Evaluation = { violations: [], suppressed: [], excluded: false, ruleErrors: [] };
