/**
 * The e-mail a violation becomes when the event bus would not take it: the detector then publishes it
 * straight to the alerts topic, so the people on call still hear of it. It says plainly that the bus
 * failed (the notification, audit and metrics functions never saw this violation), gives the facts a
 * responder needs first, and ends with the whole violation event as JSON so nothing is lost.
 */
import type { ViolationEvent } from '../events.js';
import type { Notification } from '../ports.js';

/** Why the bus did not take the event, as `PutEventResult` reports it. */
export interface BusFailure {
  readonly code: string;
  readonly message: string;
}

/**
 * The SNS notification for a violation the bus refused.
 *
 * @example
 * fallbackNotification(event, { code: 'ThrottlingException', message: 'Rate exceeded' }).subject;
 * // 'iam-guard HIGH: AdminManagedPolicyAttached (IAM-001) [event bus unavailable]'
 */
export function fallbackNotification(event: ViolationEvent, failure: BusFailure): Notification {
  const detail = event.detail;
  const rule = detail.violation;
  const target = detail.target === '' ? '(none named)' : `${detail.targetType} ${detail.target}`;
  const lines = [
    `iam-guard could not put this violation on its event bus (${failure.code}: ${failure.message}), so it is sent here directly.`,
    'The notification, audit and metrics functions did not receive it; check the detector logs.',
    '',
    `Rule:        ${rule.rule_id} ${rule.rule_name} (${rule.severity}, ${rule.category})`,
    `Description: ${rule.description}`,
    `Principal:   ${detail.principal} (${detail.principalType})`,
    `Target:      ${target}`,
    `Call:        ${detail.eventSource} ${detail.eventName} at ${detail.eventTime} from ${detail.sourceIPAddress}`,
    `Account:     ${detail.account} ${detail.region}`,
    `Event id:    ${detail.eventId}`,
    `Correlation: ${detail.correlationId}`,
    ...(rule.evidence.length > 0 ? ['', 'Evidence:', ...rule.evidence.map((line) => `- ${line}`)] : []),
    ...(rule.runbook === null ? [] : ['', `Runbook: ${rule.runbook}`]),
    '',
    'Violation event (JSON):',
    JSON.stringify({ source: event.source, 'detail-type': event.detailType, detail }),
  ];
  return {
    subject: `iam-guard ${rule.severity}: ${rule.rule_name} (${rule.rule_id}) [event bus unavailable]`,
    message: lines.join('\n'),
  };
}
