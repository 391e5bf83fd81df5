/**
 * A rule compiled to a predicate: event match, outcome filter and condition tree are closures built
 * once at load; evaluating a record runs them and, on a match, builds the violation with its
 * evidence, principal, target and dedup key.
 */
import type { CloudTrailRecord } from '../cloudtrail/types.js';
import type { SourceLocation } from '../errors.js';
import { type CompiledCondition, compileCondition } from './condition.js';
import { parseDuration } from './duration.js';
import { compileKeyTemplate, type KeyTemplate } from './key-template.js';
import { createPolicyAnalysisCache } from './policy-cache.js';
import { principalOf } from './principal.js';
import { compileRawFilter, rawNeedOf } from './raw-prefilter.js';
import { targetOf } from './target.js';
import type { CompiledRule, EvaluationContext, PolicyAnalysisCache, RuleSpec, Violation } from './types.js';

/** `"*"` in `match.eventSource` / `match.eventName`: any value. */
export const ANY_EVENT = '*';

/** Where a rule sits: its file position, for diagnostics and result order. */
export interface RulePlace {
  readonly location: SourceLocation;
  readonly index: number;
}

/**
 * Compiles a schema-valid, semantically checked rule.
 *
 * @example
 * const rule = compileRule(spec, { location: { file: 'rules.yaml', line: 12 }, index: 0 });
 * rule.evaluate(record, { now: new Date('2025-01-01T00:00:00Z') });
 */
export function compileRule(spec: RuleSpec, place: RulePlace): CompiledRule {
  const sources = listOf(spec.match.eventSource);
  const names = listOf(spec.match.eventName);
  const anySource = sources.includes(ANY_EVENT);
  const anyName = names.includes(ANY_EVENT);
  const sourceSet = new Set(sources);
  const nameSet = new Set(names);
  const outcome = spec.match.outcome ?? 'success';
  const where: CompiledCondition | undefined = spec.where ? compileCondition(spec.where) : undefined;
  const dedupKey: KeyTemplate | undefined = spec.dedup ? compileKeyTemplate(spec.dedup.key) : undefined;
  const dedupWindowMs = spec.dedup ? parseDuration(spec.dedup.window) : undefined;
  const mayMatchRaw = compileRawFilter(rawNeedOf(spec.where));

  const evaluate = (
    record: CloudTrailRecord,
    context: EvaluationContext,
    policies?: PolicyAnalysisCache,
  ): Violation | undefined => {
    if (!anySource && !sourceSet.has(stringOf(record.eventSource))) return undefined;
    if (!anyName && !nameSet.has(stringOf(record.eventName))) return undefined;
    if (!outcomeConsidered(outcome, record)) return undefined;
    const ownAccount = accountOf(record);
    const result = where?.(record, {
      context,
      policies: policies ?? createPolicyAnalysisCache(),
      ...(ownAccount ? { ownAccount } : {}),
    });
    if (result !== undefined && !result.holds) return undefined;
    return {
      ruleId: spec.id,
      ruleName: spec.name,
      severity: spec.severity,
      description: spec.description,
      category: spec.category,
      action: spec.action,
      ...(spec.remediation !== undefined ? { remediation: spec.remediation } : {}),
      mitre: spec.mitre ?? [],
      ...(spec.runbook !== undefined ? { runbook: spec.runbook } : {}),
      ...(spec.reference !== undefined ? { reference: spec.reference } : {}),
      evidence: result?.evidence ?? [`${stringOf(record.eventName)} on ${stringOf(record.eventSource)}`],
      findings: result?.findings ?? [],
      ...(dedupKey ? { dedupKey: dedupKey(record) } : {}),
      ...(dedupWindowMs !== undefined ? { dedupWindowMs } : {}),
      principal: principalOf(record),
      target: targetOf(record),
      eventId: stringOf(record.eventID),
      eventTime: stringOf(record.eventTime),
      eventSource: stringOf(record.eventSource),
      eventName: stringOf(record.eventName),
      account: ownAccount,
      region: stringOf(record.awsRegion),
      sourceIPAddress: stringOf(record.sourceIPAddress),
      record,
    };
  };

  return { spec, location: place.location, index: place.index, evaluate, mayMatchRaw };
}

/** The values of a `string | string[]` match field. */
export function listOf(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}

/**
 * A call failed when CloudTrail recorded an `errorCode` (AccessDenied, NoSuchEntity…): it changed
 * nothing, so by default it raises nothing. `outcome: any` rules (root activity) see both.
 */
export function callFailed(record: CloudTrailRecord): boolean {
  const code = record.errorCode;
  return code !== undefined && code !== null && code !== '';
}

function outcomeConsidered(outcome: 'success' | 'failure' | 'any', record: CloudTrailRecord): boolean {
  if (outcome === 'any') return true;
  return callFailed(record) === (outcome === 'failure');
}

/** The account the call happened in: `recipientAccountId`, else the caller's account. */
function accountOf(record: CloudTrailRecord): string {
  const recipient = stringOf(record.recipientAccountId);
  if (recipient) return recipient;
  const identity = record.userIdentity;
  return typeof identity === 'object' && identity !== null ? stringOf(identity.accountId) : '';
}

function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
