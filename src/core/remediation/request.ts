/**
 * Building a {@link RemediationRequest}: from the SQS message in Lambda, or from a `Violation` when the
 * CLI plans locally. Both give the planner the same fields, so a local dry-run plans what Lambda would.
 */
import type { RemediationMessage } from '../events.js';
import type { Violation } from '../rules/types.js';
import type { RemediationRequest } from './types.js';

/**
 * The request carried by a remediation message (already validated against `REMEDIATION_MESSAGE_SCHEMA`).
 *
 * @example
 * const request = requestFromMessage(JSON.parse(record.body));
 */
export function requestFromMessage(message: RemediationMessage): RemediationRequest {
  const { violation } = message;
  return {
    action: message.action,
    ruleId: violation.violation.rule_id,
    ruleName: violation.violation.rule_name,
    eventId: violation.eventId,
    correlationId: message.correlationId,
    account: violation.account,
    // `principal` is the caller's ARN, or its name when CloudTrail gave no ARN: only ARNs are kept.
    principal: {
      arn: violation.principal.startsWith('arn:') ? violation.principal : '',
      type: violation.principalType,
    },
    target: { type: violation.targetType, name: violation.target, details: violation.targetDetails },
  };
}

/**
 * The request for a violation found locally (`iam-guard remediate --dry-run`, `simulate`).
 *
 * @example
 * const request = requestFromViolation(violation, { correlationId: 'local-1' });
 */
export function requestFromViolation(
  violation: Violation,
  options: { readonly correlationId: string },
): RemediationRequest {
  return {
    action: violation.remediation ?? '',
    ruleId: violation.ruleId,
    ruleName: violation.ruleName,
    eventId: violation.eventId,
    correlationId: options.correlationId,
    account: violation.account,
    principal: { arn: violation.principal.arn, type: violation.principal.type },
    target: violation.target,
  };
}
