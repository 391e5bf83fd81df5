/**
 * The e-mail an SNS subscriber reads for a violation or a remediation result: a subject from the
 * channel's template (one line, at most 99 characters, as SNS requires) and a plain-text body with the
 * channel's fields, one `Label: value` line each, lists as indented items.
 */
import { VIOLATION_EVENT_SOURCE } from '../events.js';
import type { Notification } from '../ports.js';
import type { ChannelConfig } from './notification-config.js';
import { fieldValue, NOTIFICATION_FIELDS, type NotifiableEvent } from './notification-fields.js';
import { renderTemplate } from './subject-template.js';

/** SNS: subjects are "less than 100 characters long". */
export const SNS_SUBJECT_MAX_LENGTH = 99;

/**
 * One line, no control characters, at most `max` characters (cut at a character boundary with `...`).
 *
 * @example
 * fitSubjectLine('IAM alert:\n  admin policy attached'); // 'IAM alert: admin policy attached'
 */
export function fitSubjectLine(subject: string, max = SNS_SUBJECT_MAX_LENGTH): string {
  const oneLine = subject
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(oneLine);
  if (chars.length <= max) return oneLine;
  return `${chars
    .slice(0, max - 3)
    .join('')
    .trimEnd()}...`;
}

function headline(event: NotifiableEvent): string {
  if (event.source === VIOLATION_EVENT_SOURCE) {
    const v = event.detail.violation;
    return `iam-guard detected a ${v.severity} violation of ${v.rule_id} ${v.rule_name}.`;
  }
  const r = event.detail.remediation;
  return `iam-guard remediation ${r.status} for ${event.detail.originalViolation.violation.rule_id} ${r.rule_name}.`;
}

/**
 * The notification for `event` on an SNS channel.
 *
 * @example
 * const { subject, message } = renderSnsMessage(event, config.channels.sns);
 * await notifier.publish({ subject, message });
 */
export function renderSnsMessage(event: NotifiableEvent, channel: ChannelConfig): Notification {
  const template =
    event.source === VIOLATION_EVENT_SOURCE ? channel.subject.violation : channel.subject.remediation;
  const lines = [headline(event), ''];
  for (const name of channel.fields) {
    const value = fieldValue(event, name);
    if (value === null) continue;
    const { label } = NOTIFICATION_FIELDS[name];
    if (typeof value === 'string') lines.push(`${label}: ${value}`);
    else lines.push(`${label}:`, ...value.map((item) => `  - ${item}`));
  }
  return { subject: fitSubjectLine(renderTemplate(template, event)), message: `${lines.join('\n')}\n` };
}
