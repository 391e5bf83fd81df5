/**
 * The per-rule semantic checks: what the JSON Schema cannot express. Each is a named `RuleCheck`;
 * `RULE_CHECKS` lists them in the order their diagnostics are reported.
 */
import { walkCondition } from '../condition-form.js';
import { MAX_DEDUP_WINDOW_MS, parseDuration } from '../duration.js';
import { templateProblems } from '../key-template.js';
import { operatorNamed } from '../operators/index.js';
import type { RuleSpec } from '../types.js';
import { checkEventNames } from './event-names.js';
import { diagnostic, type RuleCheck } from './types.js';

/** Operator arguments the schema cannot judge: regular expressions that do not compile, bad CIDR blocks. */
export const checkOperatorArguments: RuleCheck = (rule, context) => {
  const diagnostics: ReturnType<RuleCheck> = [];
  if (rule.where === undefined) return diagnostics;
  walkCondition(rule.where, (form, path) => {
    if (form.form !== 'field') return;
    const operator = operatorNamed(form.operator);
    for (const problem of operator?.validate?.(form.arg) ?? []) {
      diagnostics.push(
        diagnostic('error', problem.code, problem.message, context.at(['where', ...path, form.operator])),
      );
    }
  });
  return diagnostics;
};

/** HIGH and CRITICAL rules wake people up: they must say what to do (runbook) and where to read more (reference). */
export const checkRunbookAndReference: RuleCheck = (rule, context) => {
  if (rule.severity !== 'HIGH' && rule.severity !== 'CRITICAL') return [];
  const diagnostics: ReturnType<RuleCheck> = [];
  if (rule.runbook === undefined) {
    diagnostics.push(
      diagnostic(
        'error',
        'RuleMissingRunbook',
        `${rule.severity} rules need a runbook: what the person alerted should do`,
        context.at(['runbook']),
      ),
    );
  }
  if (rule.reference === undefined) {
    diagnostics.push(
      diagnostic(
        'error',
        'RuleMissingReference',
        `${rule.severity} rules need a reference: a URL explaining the risk`,
        context.at(['reference']),
      ),
    );
  }
  return diagnostics;
};

/** `action: remediate` needs a remediation action; one given to an alert-only rule is never used. */
export const checkRemediation: RuleCheck = (rule, context) => {
  if (rule.action === 'remediate' && rule.remediation === undefined) {
    return [
      diagnostic(
        'error',
        'RuleMissingRemediation',
        "'action: remediate' needs 'remediation:' naming the action to take",
        context.at(['action']),
      ),
    ];
  }
  if (rule.action === 'alert' && rule.remediation !== undefined) {
    return [
      diagnostic(
        'warning',
        'RuleRemediationUnused',
        `'remediation: ${rule.remediation}' is ignored because 'action' is alert`,
        context.at(['remediation']),
      ),
    ];
  }
  return [];
};

/** Every rule proves itself: at least one test expecting a violation and one expecting none. */
export const checkTests: RuleCheck = (rule, context) => {
  const tests = rule.tests ?? [];
  const missing: string[] = [];
  if (!tests.some((test) => test.expect === 'violation')) missing.push("one with 'expect: violation'");
  if (!tests.some((test) => test.expect === 'none')) missing.push("one with 'expect: none'");
  if (missing.length === 0) return [];
  return [
    diagnostic(
      'error',
      'RuleMissingTests',
      `the rule needs tests: at least ${missing.join(' and ')}`,
      context.at(['tests']),
    ),
  ];
};

/** `dedup.window` is a duration of at most a day; `dedup.key` a template of `{{field.path}}` placeholders. */
export const checkDedup: RuleCheck = (rule, context) => {
  if (rule.dedup === undefined) return [];
  const diagnostics: ReturnType<RuleCheck> = [];
  const windowMs = parseDuration(rule.dedup.window);
  if (windowMs === undefined) {
    diagnostics.push(
      diagnostic(
        'error',
        'RuleInvalidDedupWindow',
        `'${rule.dedup.window}' is not a duration: write a number and s, m, h or d (30s, 15m, 1h)`,
        context.at(['dedup', 'window']),
      ),
    );
  } else if (windowMs > MAX_DEDUP_WINDOW_MS) {
    diagnostics.push(
      diagnostic(
        'error',
        'RuleInvalidDedupWindow',
        `'${rule.dedup.window}' is longer than a day, the longest dedup window`,
        context.at(['dedup', 'window']),
      ),
    );
  }
  for (const problem of templateProblems(rule.dedup.key)) {
    diagnostics.push(diagnostic('error', 'RuleInvalidDedupKey', problem, context.at(['dedup', 'key'])));
  }
  return diagnostics;
};

/** A rule on every event of every service with no condition would alert on everything. */
export const checkMatchesEverything: RuleCheck = (rule, context) => {
  const everything = (value: RuleSpec['match']['eventSource']) =>
    value === '*' || (Array.isArray(value) && value.includes('*'));
  if (!everything(rule.match.eventSource) || !everything(rule.match.eventName) || rule.where !== undefined)
    return [];
  return [
    diagnostic(
      'warning',
      'RuleMatchesEverything',
      "the rule matches every record: add 'where:' or name the events",
      context.at(['match']),
    ),
  ];
};

/** The per-rule checks, in reporting order. */
export const RULE_CHECKS: readonly RuleCheck[] = [
  checkOperatorArguments,
  checkRunbookAndReference,
  checkRemediation,
  checkTests,
  checkDedup,
  checkEventNames,
  checkMatchesEverything,
];
