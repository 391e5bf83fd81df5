/**
 * The fields a notification can show, by name: the vocabulary of `fields:` and of the `{field}`
 * placeholders in subject templates of rules/notification-config.yaml. Each field reads its value from a
 * violation event, or from a remediation status event (through the violation it quotes), and says how
 * it is laid out (`short` side by side, `long` on its own, `context` in the footer line).
 */
import type { RemediationStatusDetail, RemediationStatusEvent, ViolationEvent } from '../events.js';
import { VIOLATION_EVENT_SOURCE } from '../events.js';
import { restoreCommand } from '../remediation/removed-document.js';
import type { RemovedDocument } from '../remediation/types.js';

/** The events notifications are sent for. */
export type NotifiableEvent = ViolationEvent | RemediationStatusEvent;

/** A field's value: one text, several (evidence, restore commands), or nothing to show. */
export type FieldValue = string | readonly string[] | null;

/** One event seen the same way whichever kind it is. */
interface EventView {
  readonly violation: RemediationStatusDetail['originalViolation'];
  readonly remediation: RemediationStatusDetail['remediation'] | null;
  readonly details: RemediationStatusDetail['remediation']['details'];
  /** When the violation was detected, or when the remediator acted. */
  readonly timestamp: string;
  readonly correlationId: string;
}

/** How a field is laid out in a Slack message. */
export type FieldLayout = 'short' | 'long' | 'context';

export interface NotificationField {
  readonly label: string;
  readonly layout: FieldLayout;
  readonly read: (view: EventView) => FieldValue;
}

const text = (value: string | null | undefined): FieldValue =>
  value === undefined || value === '' ? null : value;
const list = (values: readonly string[]): FieldValue => (values.length === 0 ? null : values);

function restoreCommands(details: EventView['details']): readonly string[] {
  const removed = details.removedDocuments;
  if (!Array.isArray(removed)) return [];
  return removed.filter(isRemovedDocument).map(restoreCommand);
}

function isRemovedDocument(value: unknown): value is RemovedDocument {
  if (typeof value !== 'object' || value === null) return false;
  const doc = value as Record<string, unknown>;
  if (doc.kind === 'inline-policy') {
    const principal = doc.principal as Record<string, unknown> | null | undefined;
    return (
      typeof doc.policyName === 'string' &&
      typeof principal?.name === 'string' &&
      ['user', 'role', 'group'].includes(String(principal?.kind))
    );
  }
  return (
    doc.kind === 'policy-version' && typeof doc.policyArn === 'string' && typeof doc.isDefault === 'boolean'
  );
}

/** The last segment of an ARN (`…:user/Alice` → `Alice`, `…:assumed-role/Admin/alice` → `alice`). */
function shortName(arn: string): string {
  return arn.split(/[/:]/).at(-1) || arn;
}

/** Every field, in the order the default configuration shows them. */
export const NOTIFICATION_FIELDS = {
  severity: {
    label: 'Severity',
    layout: 'short',
    read: (v) => v.remediation?.severity ?? v.violation.violation.severity,
  },
  status: { label: 'Remediation status', layout: 'short', read: (v) => text(v.remediation?.status) },
  rule_id: { label: 'Rule', layout: 'short', read: (v) => text(v.violation.violation.rule_id) },
  rule_name: { label: 'Rule name', layout: 'short', read: (v) => text(v.violation.violation.rule_name) },
  category: { label: 'Category', layout: 'short', read: (v) => text(v.violation.violation.category) },
  description: { label: 'Description', layout: 'long', read: (v) => text(v.violation.violation.description) },
  result: { label: 'Result', layout: 'long', read: (v) => text(v.remediation?.description) },
  error: { label: 'Error', layout: 'long', read: (v) => text(v.remediation?.error) },
  principal: { label: 'Principal', layout: 'short', read: (v) => text(v.violation.principal) },
  principal_name: {
    label: 'Principal name',
    layout: 'short',
    read: (v) => text(shortName(v.violation.principal)),
  },
  principal_type: { label: 'Principal type', layout: 'short', read: (v) => text(v.violation.principalType) },
  target: { label: 'Target', layout: 'short', read: (v) => text(v.violation.target) },
  target_type: { label: 'Target type', layout: 'short', read: (v) => text(v.violation.targetType) },
  account: { label: 'Account', layout: 'short', read: (v) => text(v.violation.account) },
  region: { label: 'Region', layout: 'short', read: (v) => text(v.violation.region) },
  event_name: { label: 'API call', layout: 'short', read: (v) => text(v.violation.eventName) },
  event_source: { label: 'Event source', layout: 'short', read: (v) => text(v.violation.eventSource) },
  event_time: { label: 'Call time', layout: 'short', read: (v) => text(v.violation.eventTime) },
  detected_at: { label: 'Reported at', layout: 'short', read: (v) => text(v.timestamp) },
  source_ip: { label: 'Source IP', layout: 'short', read: (v) => text(v.violation.sourceIPAddress) },
  rule_action: { label: 'Rule action', layout: 'short', read: (v) => text(v.violation.violation.action) },
  remediation_action: {
    label: 'Remediation',
    layout: 'short',
    read: (v) => text(v.remediation?.action ?? v.violation.violation.remediation),
  },
  mitre: { label: 'MITRE ATT&CK', layout: 'short', read: (v) => list(v.violation.violation.mitre) },
  evidence: { label: 'Evidence', layout: 'long', read: (v) => list(v.violation.violation.evidence) },
  runbook: { label: 'Runbook', layout: 'long', read: (v) => text(v.violation.violation.runbook) },
  reference: { label: 'Reference', layout: 'long', read: (v) => text(v.violation.violation.reference) },
  restore: { label: 'To restore', layout: 'long', read: (v) => list(restoreCommands(v.details)) },
  event_id: { label: 'CloudTrail event', layout: 'context', read: (v) => text(v.violation.eventId) },
  correlation_id: { label: 'Correlation id', layout: 'context', read: (v) => text(v.correlationId) },
} as const satisfies Readonly<Record<string, NotificationField>>;

export type NotificationFieldName = keyof typeof NOTIFICATION_FIELDS;

/** The field names, in registry order: the schema's enum and the order `fields:` is documented in. */
export const NOTIFICATION_FIELD_NAMES = Object.keys(NOTIFICATION_FIELDS) as readonly NotificationFieldName[];

function viewOf(event: NotifiableEvent): EventView {
  if (event.source === VIOLATION_EVENT_SOURCE) {
    const { originalEvent: _original, ...violation } = event.detail;
    return {
      violation,
      remediation: null,
      details: {},
      timestamp: event.detail.timestamp,
      correlationId: event.detail.correlationId,
    };
  }
  const d = event.detail;
  return {
    violation: d.originalViolation,
    remediation: d.remediation,
    details: d.remediation.details,
    timestamp: d.timestamp,
    correlationId: d.correlationId,
  };
}

/**
 * The value of field `name` for `event`; `null` when the event has nothing to show for it (a violation
 * has no remediation `status`, a rule without runbook has no `runbook`).
 *
 * @example
 * fieldValue(event, 'principal_name'); // 'Alice' for arn:aws:iam::111122223333:user/Alice
 */
export function fieldValue(event: NotifiableEvent, name: NotificationFieldName): FieldValue {
  return NOTIFICATION_FIELDS[name].read(viewOf(event));
}

/** The severity of either kind of event (a status event repeats its violation's). */
export function eventSeverity(event: NotifiableEvent): ViolationEvent['detail']['violation']['severity'] {
  return event.source === VIOLATION_EVENT_SOURCE
    ? event.detail.violation.severity
    : event.detail.remediation.severity;
}
