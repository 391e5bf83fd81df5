/**
 * How `iam-guard remediate` shows a plan: the violation it answers, the IAM calls in order with each
 * step's verdict, and every safety check with its result (passed, failed and why, or not reached
 * because an earlier one failed). Pure: plans in, text or JSON out.
 */
import type { RemediationMessage } from '../../../core/events.js';
import { findRemediationAction } from '../../../core/remediation/actions/index.js';
import type { RemediationPlan, SkipReason, Verdict } from '../../../core/remediation/types.js';
import type { OutputFormat } from '../../context.js';
import { NO_PAINT, type Paint } from '../../io/io.js';
import { paintSeverity } from '../../render/violations.js';

/** A plan with what it answers. */
export interface PlanView {
  /** Where the violation was read, `file#index`. */
  readonly source: string;
  readonly message: RemediationMessage;
  readonly plan: RemediationPlan;
}

/** The safety checks, in the order `plan()` applies them (core/remediation/plan.ts, safety.ts). */
export const SAFETY_CHECKS: readonly { readonly reason: SkipReason; readonly check: string }[] = [
  { reason: 'unknown-action', check: 'the remediation action exists' },
  { reason: 'invalid-target', check: 'the target names what the action needs' },
  { reason: 'root', check: 'root is not involved (never touched)' },
  { reason: 'protected-role', check: 'no protected role is changed' },
  { reason: 'excluded-principal', check: 'no excluded principal is involved' },
  { reason: 'excluded-policy', check: 'no excluded policy is involved' },
  { reason: 'action-not-allowed', check: 'the action is in allowedActions' },
  { reason: 'blast-radius', check: 'the caller is under the hourly action limit' },
  { reason: 'unresolved', check: "the policy's attachments and versions were read from IAM" },
];

/** One check's result. */
export interface CheckResult {
  readonly check: string;
  readonly reason: SkipReason;
  readonly result: 'passed' | 'failed' | 'not-reached';
  readonly message?: string;
}

/**
 * The result of every safety check for a plan. A plan stops at its most fundamental failure, so the
 * checks before it passed and those after it were not reached; a step's own failure (another role
 * protected, another policy excluded) is shown on that step.
 */
export function safetyChecks(plan: RemediationPlan): readonly CheckResult[] {
  const verdict = plan.verdict;
  // Only actions that read a managed policy's usage have the last check.
  const checks = findRemediationAction(plan.request.action)?.needsPolicyUsage
    ? SAFETY_CHECKS
    : SAFETY_CHECKS.filter((check) => check.reason !== 'unresolved');
  const failedAt =
    verdict.kind === 'skipped' ? checks.findIndex((check) => check.reason === verdict.reason) : -1;
  return checks.map(({ reason, check }, index) => {
    if (failedAt === -1 || index < failedAt) return { check, reason, result: 'passed' };
    if (index === failedAt && verdict.kind === 'skipped') {
      return { check, reason, result: 'failed', message: verdict.message };
    }
    return { check, reason, result: 'not-reached' };
  });
}

function describeVerdict(verdict: Verdict): string {
  return verdict.kind === 'would-act'
    ? 'would act'
    : `skipped because ${verdict.message} (${verdict.reason})`;
}

/** The JSON shape of a plan (`--output json`). */
export function planData(view: PlanView): Readonly<Record<string, unknown>> {
  const { plan, message } = view;
  return {
    source: view.source,
    correlationId: message.correlationId,
    ruleId: message.violation.violation.rule_id,
    ruleName: message.violation.violation.rule_name,
    severity: message.violation.violation.severity,
    action: message.action,
    account: message.violation.account,
    principal: message.violation.principal,
    title: plan.title,
    verdict: plan.verdict,
    complete: plan.complete,
    steps: plan.steps.map((step) => ({
      calls: step.calls,
      description: step.description,
      verdict: step.verdict,
    })),
    checks: safetyChecks(plan),
  };
}

/**
 * The plans as text for a person, or JSON/NDJSON for programs.
 *
 * @example
 * io.result(formatPlans(views, { output: 'table', paint: io.paint }));
 */
export function formatPlans(
  views: readonly PlanView[],
  options: { readonly output: OutputFormat; readonly paint?: Paint },
): string {
  if (options.output === 'json') return JSON.stringify(views.map(planData), null, 2);
  if (options.output === 'ndjson') return views.map((view) => JSON.stringify(planData(view))).join('\n');
  const paint = options.paint ?? NO_PAINT;
  return views.map((view, index) => formatOne(view, index + 1, paint)).join('\n\n');
}

function formatOne(view: PlanView, number: number, paint: Paint): string {
  const { plan, message } = view;
  const v = message.violation;
  const severity = paintSeverity(v.violation.severity, v.violation.severity, paint);
  const verdict =
    plan.verdict.kind === 'would-act'
      ? paint.green('would act')
      : paint.yellow(describeVerdict(plan.verdict));
  const lines = [
    paint.bold(`[${number}] ${v.violation.rule_id} ${v.violation.rule_name} (${severity}) — ${view.source}`),
    `    caller ${v.principal || '(unknown)'} in account ${v.account || '(unknown)'}; correlation id ${message.correlationId}`,
    `    Plan: ${plan.title} (${message.action})`,
    `    Verdict: ${verdict}`,
  ];
  if (plan.steps.length > 0) {
    lines.push('    IAM calls, in order:');
    const width = Math.max(...plan.steps.map((step) => step.calls.join(', ').length));
    plan.steps.forEach((step, index) => {
      const stepVerdict =
        step.verdict.kind === 'would-act'
          ? 'would act'
          : `skipped (${step.verdict.reason}${step.verdict.reason === 'blocked' ? '' : `: ${step.verdict.message}`})`;
      lines.push(
        `      ${index + 1}. ${step.calls.join(', ').padEnd(width)}  ${step.description}  ${paint.dim(`→ ${stepVerdict}`)}`,
      );
    });
  }
  lines.push('    Safety checks:');
  for (const check of safetyChecks(plan)) {
    if (check.result === 'passed') lines.push(`      ${paint.green('✓')} ${check.check}`);
    else if (check.result === 'failed')
      lines.push(`      ${paint.red('✗')} ${check.check}: ${check.message ?? ''}`);
    else lines.push(paint.dim(`      · ${check.check} (not reached)`));
  }
  return lines.join('\n');
}
