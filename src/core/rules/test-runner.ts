/**
 * `iam-guard rules test`: runs every rule's `tests:` cases (Panther's per-rule positive and negative
 * tests). Each case names a CloudTrail file relative to the rules file; the caller reads it (core does
 * no I/O) and this module evaluates the chosen record against the rule the way the detector would:
 * excluded principals raise nothing, failed calls only for `outcome: any|failure` rules. Suppressions
 * do not apply: a test is about the rule.
 */
import type { CloudTrailRecord } from '../cloudtrail/types.js';
import type { SourceLocation } from '../errors.js';
import { callFailed, listOf } from './compile-rule.js';
import { createPolicyAnalysisCache } from './policy-cache.js';
import { principalOf } from './principal.js';
import type { CompiledRule, Ruleset, RuleTestSpec } from './types.js';

/**
 * Reads the records of a test's event file. `rulesPath` is the rules file the test is declared in,
 * `eventPath` the test's `event:` as written (relative to that file). Returns an error message
 * instead of throwing when the file cannot be read or parsed.
 */
export type TestEventLoader = (
  rulesPath: string,
  eventPath: string,
) => readonly CloudTrailRecord[] | { readonly error: string };

/** The outcome of one `tests:` case. */
export interface RuleTestCaseResult {
  /** The test's `name`, or its event path when unnamed. */
  readonly name: string;
  readonly event: string;
  readonly record: number;
  readonly expect: RuleTestSpec['expect'];
  readonly passed: boolean;
  /** Why the case failed, e.g. `expected a violation of IAM-004, got none`. */
  readonly reason?: string;
  /** What the rule matched on, when it matched. */
  readonly evidence: readonly string[];
}

/** The outcomes of one rule’s cases. */
export interface RuleTestResult {
  readonly ruleId: string;
  readonly ruleName: string;
  readonly location: SourceLocation;
  readonly passed: boolean;
  readonly cases: readonly RuleTestCaseResult[];
}

/** The outcomes of every rule’s cases, with totals. */
export interface RuleTestReport {
  readonly results: readonly RuleTestResult[];
  /** Cases that passed and failed, over all rules. */
  readonly passed: number;
  readonly failed: number;
}

/** Options of `runRuleTests`. */
export interface RunRuleTestsOptions {
  /** Only these rules (ids or names). @default every rule */
  readonly only?: readonly string[];
  /** The evaluation time. Rule tests do not depend on it; it is passed to rules for completeness. @default the epoch */
  readonly now?: Date;
}

/**
 * Runs the tests of every rule in the ruleset.
 *
 * @example
 * const report = runRuleTests(ruleset, (rulesPath, eventPath) => readRecords(resolve(dirname(rulesPath), eventPath)));
 * process.exitCode = report.failed > 0 ? 1 : 0;
 */
export function runRuleTests(
  ruleset: Ruleset,
  loadEvent: TestEventLoader,
  options: RunRuleTestsOptions = {},
): RuleTestReport {
  const files = new Map<string, ReturnType<TestEventLoader>>();
  const load = (rulesPath: string, eventPath: string) => {
    const key = `${rulesPath}\u0000${eventPath}`;
    let loaded = files.get(key);
    if (loaded === undefined) {
      loaded = loadEvent(rulesPath, eventPath);
      files.set(key, loaded);
    }
    return loaded;
  };
  const now = options.now ?? new Date(0);
  const only = options.only;
  const rules = only
    ? ruleset.rules.filter((rule) => only.includes(rule.spec.id) || only.includes(rule.spec.name))
    : ruleset.rules;

  const results = rules.map((rule): RuleTestResult => {
    const cases = (rule.spec.tests ?? []).map((test) => runCase({ rule, test, ruleset, now, load }));
    return {
      ruleId: rule.spec.id,
      ruleName: rule.spec.name,
      location: rule.location,
      passed: cases.every((result) => result.passed),
      cases,
    };
  });
  const all = results.flatMap((result) => result.cases);
  const passed = all.filter((result) => result.passed).length;
  return { results, passed, failed: all.length - passed };
}

interface CaseInput {
  readonly rule: CompiledRule;
  readonly test: RuleTestSpec;
  readonly ruleset: Ruleset;
  readonly now: Date;
  readonly load: (rulesPath: string, eventPath: string) => ReturnType<TestEventLoader>;
}

function runCase({ rule, test, ruleset, now, load }: CaseInput): RuleTestCaseResult {
  const index = test.record ?? 0;
  const base = { name: test.name ?? test.event, event: test.event, record: index, expect: test.expect };
  const fail = (reason: string, evidence: readonly string[] = []): RuleTestCaseResult => ({
    ...base,
    passed: false,
    reason,
    evidence,
  });

  const loaded = load(rule.location.file, test.event);
  if (!Array.isArray(loaded))
    return fail(`cannot read ${test.event}: ${(loaded as { error: string }).error}`);
  const records = loaded as readonly CloudTrailRecord[];
  const record = records[index];
  if (record === undefined) {
    return fail(
      `${test.event} holds ${records.length} record${records.length === 1 ? '' : 's'}; there is no record ${index}`,
    );
  }

  const excluded = ruleset.excludes(principalOf(record));
  let evidence: readonly string[] = [];
  let matched = false;
  if (!excluded) {
    try {
      const violation = rule.evaluate(record, { now }, createPolicyAnalysisCache());
      matched = violation !== undefined;
      evidence = violation?.evidence ?? [];
    } catch (error) {
      return fail(
        `the rule failed on this record: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  const id = rule.spec.id;
  if (test.expect === 'violation' && !matched) {
    return fail(`expected a violation of ${id}, got none${whyNot(rule, record, excluded)}`);
  }
  if (test.expect === 'none' && matched) {
    return fail(`expected no violation of ${id}, got one: ${evidence.join('; ')}`, evidence);
  }
  return { ...base, passed: true, evidence };
}

/** A hint at why a rule did not match, for the cases a rule author most often trips on. */
function whyNot(rule: CompiledRule, record: CloudTrailRecord, excluded: boolean): string {
  if (excluded) return ' (the caller matches exclude.principals)';
  const source = typeof record.eventSource === 'string' ? record.eventSource : '(no eventSource)';
  const name = typeof record.eventName === 'string' ? record.eventName : '(no eventName)';
  const sources = listOf(rule.spec.match.eventSource);
  const names = listOf(rule.spec.match.eventName);
  if (
    (!sources.includes('*') && !sources.includes(source)) ||
    (!names.includes('*') && !names.includes(name))
  ) {
    return ` (the record is ${source} ${name}; the rule matches ${sources.join(', ')} ${names.join(', ')})`;
  }
  const outcome = rule.spec.match.outcome ?? 'success';
  if (callFailed(record) && outcome === 'success') {
    return ` (the call failed with ${String(record.errorCode)}; the rule considers only successful calls)`;
  }
  if (!callFailed(record) && outcome === 'failure')
    return ' (the call succeeded; the rule considers only failed calls)';
  return ' (its conditions did not hold)';
}
