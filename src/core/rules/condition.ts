/**
 * Conditions compiled to closures, once at load. Evaluating a condition reads the record only through
 * compiled field paths and returns whether it holds plus the evidence that decided it (matched field
 * values, policy finding messages), which ends up in the alert.
 *
 * The input is a schema-valid condition: evaluation never re-validates.
 */
import type { CloudTrailRecord } from '../cloudtrail/types.js';
import type { PolicyFinding } from '../policy/types.js';
import { type ConditionForm, conditionForm } from './condition-form.js';
import { compileFieldPath } from './field-path.js';
import { operatorNamed } from './operators/index.js';
import type { OperatorDefinition } from './operators/types.js';
import { predicateNamed } from './predicates/index.js';
import type { PredicateDefinition } from './predicates/types.js';
import type { ConditionSpec, EvaluationContext, PolicyAnalysisCache } from './types.js';

/** What a condition needs besides the record. */
export interface ConditionScope {
  readonly context: EvaluationContext;
  readonly policies: PolicyAnalysisCache;
  /** The account the record's documents live in (`recipientAccountId`). */
  readonly ownAccount?: string;
}

/** Whether a condition holds, and why. */
export interface ConditionOutcome {
  readonly holds: boolean;
  readonly evidence: readonly string[];
  readonly findings: readonly PolicyFinding[];
}

/** A compiled condition: evaluates one record, never throws. */
export type CompiledCondition = (record: CloudTrailRecord, scope: ConditionScope) => ConditionOutcome;

const FAILS: ConditionOutcome = { holds: false, evidence: [], findings: [] };
const MAX_VALUE_LENGTH = 160;

/**
 * Compiles a condition tree.
 *
 * @example
 * const isRoot = compileCondition({ field: 'userIdentity.type', equals: 'Root' });
 * isRoot(record, scope).holds;
 */
export function compileCondition(spec: ConditionSpec): CompiledCondition {
  const form = conditionForm(spec);
  switch (form.form) {
    case 'all':
      return compileAll(form.children.map(compileCondition));
    case 'any':
      return compileAny(form.children.map(compileCondition));
    case 'not':
      return compileNot(compileCondition(form.child), describeCondition(form.child));
    case 'field':
      return compileField(form.path, form.operator, form.arg);
    case 'policy':
      return compilePolicy(form);
    default:
      return () => FAILS;
  }
}

/** One line describing a condition, used as evidence when a `not` holds. */
export function describeCondition(spec: ConditionSpec): string {
  const form = conditionForm(spec);
  switch (form.form) {
    case 'all':
      return `all of (${form.children.map(describeCondition).join('; ')})`;
    case 'any':
      return `any of (${form.children.map(describeCondition).join('; ')})`;
    case 'not':
      return `not ${describeCondition(form.child)}`;
    case 'field':
      return `${form.path} ${operatorNamed(form.operator)?.verb ?? form.operator} ${formatValue(form.arg)}`;
    case 'policy':
      return `${form.path} ${form.predicate}${form.arg === true ? '' : ` ${formatValue(form.arg)}`}`;
    default:
      return 'an empty condition';
  }
}

function compileAll(children: readonly CompiledCondition[]): CompiledCondition {
  return (record, scope) => {
    const evidence: string[] = [];
    const findings: PolicyFinding[] = [];
    for (const child of children) {
      const outcome = child(record, scope);
      if (!outcome.holds) return FAILS;
      evidence.push(...outcome.evidence);
      findings.push(...outcome.findings);
    }
    return { holds: true, evidence, findings };
  };
}

function compileAny(children: readonly CompiledCondition[]): CompiledCondition {
  return (record, scope) => {
    for (const child of children) {
      const outcome = child(record, scope);
      if (outcome.holds) return outcome;
    }
    return FAILS;
  };
}

function compileNot(child: CompiledCondition, description: string): CompiledCondition {
  const holds: ConditionOutcome = { holds: true, evidence: [`not: ${description}`], findings: [] };
  return (record, scope) => (child(record, scope).holds ? FAILS : holds);
}

function compileField(path: string, name: string, arg: unknown): CompiledCondition {
  const operator: OperatorDefinition | undefined = operatorNamed(name);
  if (operator === undefined) return () => FAILS;
  const read = compileFieldPath(path);
  const test = operator.compile(arg);
  const wholeValue = operator.wholeValue === true;

  return (record) => {
    const values = read(record);
    if (values.length === 0) {
      return test(undefined, record) ? { holds: true, evidence: [`${path} is absent`], findings: [] } : FAILS;
    }
    for (const value of values) {
      if (!wholeValue && Array.isArray(value)) {
        for (const element of value) {
          if (test(element, record)) return fieldHolds(path, operator, element);
        }
      } else if (test(value, record)) {
        return fieldHolds(path, operator, value);
      }
    }
    return FAILS;
  };
}

function fieldHolds(path: string, operator: OperatorDefinition, value: unknown): ConditionOutcome {
  const evidence =
    value === undefined || value === null
      ? `${path} is absent`
      : `${path} = ${formatValue(value)} (${operator.name})`;
  return { holds: true, evidence: [evidence], findings: [] };
}

function compilePolicy(form: Extract<ConditionForm, { form: 'policy' }>): CompiledCondition {
  const predicate: PredicateDefinition | undefined = predicateNamed(form.predicate);
  if (predicate === undefined) return () => FAILS;
  const read = compileFieldPath(form.path);
  const test = predicate.compile(form.arg);
  const kind = predicate.kind;
  const compareToBaseline = form.compareToBaseline;

  return (record, scope) => {
    const findings: PolicyFinding[] = [];
    const options = { kind, ...(scope.ownAccount ? { ownAccount: scope.ownAccount } : {}) };
    const baseline = scope.context.baselinePolicyDocument;
    for (const document of read(record)) {
      if (document === undefined || document === null) continue;
      const candidates =
        compareToBaseline && baseline !== undefined
          ? scope.policies.newFindings(document, baseline, options)
          : scope.policies.analyse(document, options).findings;
      findings.push(...test(candidates, scope));
    }
    if (findings.length === 0) return FAILS;
    return { holds: true, evidence: findings.map((finding) => finding.message), findings };
  };
}

function formatValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}
