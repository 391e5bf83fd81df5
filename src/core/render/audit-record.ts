/**
 * The audit trail's record: one flat JSON object per bus event, written by the audit-logger as one
 * line to `audit-logs/year=YYYY/month=MM/day=DD/hour=HH/<id>.json`, partitioned by the record's
 * `event_time`. The columns are plain strings (or null) so the Athena table (JSON SerDe) and DuckDB's
 * `read_json` declare them as-is; `detail` keeps the whole event detail as a JSON string, so nothing
 * is lost (a removed policy document lives in a remediation record's `detail`).
 *
 * Which time is `event_time`:
 * - violation: the CloudTrail `eventTime` of the API call (when the change happened), falling back to
 *   the detection `timestamp` when CloudTrail gave none;
 * - remediation: the status event's `timestamp` (when the remediator acted).
 * It is always normalised to `YYYY-MM-DDTHH:mm:ss.sssZ`, so string order is time order and the
 * analytics views can bucket by prefix.
 */
import { IamGuardError } from '../errors.js';
import { type RemediationStatusEvent, VIOLATION_EVENT_SOURCE, type ViolationEvent } from '../events.js';

/** The two kinds of record in the audit trail. */
export const AUDIT_RECORD_TYPES = ['violation', 'remediation'] as const;
export type AuditRecordType = (typeof AUDIT_RECORD_TYPES)[number];

/** One line of the audit trail. Column order here is the table's column order. */
export interface AuditRecord {
  readonly record_type: AuditRecordType;
  /** ISO 8601 UTC with milliseconds; see the module comment for which time it is. */
  readonly event_time: string;
  /** Joins a violation to its remediation status records. */
  readonly correlation_id: string;
  /** The CloudTrail `eventID` of the call that caused the violation. */
  readonly event_id: string;
  readonly rule_id: string;
  readonly rule_name: string;
  readonly severity: string;
  readonly category: string;
  /** The rule's action: `alert` or `remediate`. */
  readonly action: string;
  readonly principal: string;
  readonly principal_type: string;
  readonly target: string;
  readonly target_type: string;
  readonly account: string;
  readonly region: string;
  readonly source_ip: string;
  readonly event_source: string;
  readonly event_name: string;
  /** The rule's description (violation) or what the remediator did or why not (remediation). */
  readonly description: string;
  /** `SUCCESS | FAILED | SKIPPED | DRY_RUN` for remediation records; null for violations. */
  readonly remediation_status: string | null;
  /** The remediation action the rule asks for (violation, null if none) or that was run (remediation). */
  readonly remediation_action: string | null;
  /** The full event detail as a JSON string. */
  readonly detail: string;
}

/** The column names of {@link AuditRecord}, in table order: the single source for the Athena and DuckDB schemas. */
export const AUDIT_RECORD_COLUMNS = [
  'record_type',
  'event_time',
  'correlation_id',
  'event_id',
  'rule_id',
  'rule_name',
  'severity',
  'category',
  'action',
  'principal',
  'principal_type',
  'target',
  'target_type',
  'account',
  'region',
  'source_ip',
  'event_source',
  'event_name',
  'description',
  'remediation_status',
  'remediation_action',
  'detail',
] as const satisfies readonly (keyof AuditRecord)[];

/** Prefix of every audit object in the bucket (and of the local folder `report --local` reads). */
export const AUDIT_LOG_PREFIX = 'audit-logs';

/** The events the audit-logger receives from the bus. */
export type AuditableEvent = ViolationEvent | RemediationStatusEvent;

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const OBJECT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
/** A date-time with an explicit zone: without one, `Date.parse` would read it in the machine's zone. */
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Flattens a violation or remediation status event into its audit record.
 * Throws an `IamGuardError` (`AuditEventTimeInvalid`, kind `input`) when the event carries no usable time,
 * because such a record could not be placed in a partition.
 *
 * @example
 * const record = toAuditRecord(buildViolationEvent(violation, { timestamp, correlationId }));
 * const key = auditObjectKey(record, auditObjectId(record));
 * await s3.put(key, auditRecordLine(record));
 */
export function toAuditRecord(event: AuditableEvent): AuditRecord {
  if (event.source === VIOLATION_EVENT_SOURCE) {
    const d = event.detail;
    return {
      record_type: 'violation',
      event_time: normaliseTime(d.eventTime, d.timestamp),
      correlation_id: d.correlationId,
      event_id: d.eventId,
      rule_id: d.violation.rule_id,
      rule_name: d.violation.rule_name,
      severity: d.violation.severity,
      category: d.violation.category,
      action: d.violation.action,
      principal: d.principal,
      principal_type: d.principalType,
      target: d.target,
      target_type: d.targetType,
      account: d.account,
      region: d.region,
      source_ip: d.sourceIPAddress,
      event_source: d.eventSource,
      event_name: d.eventName,
      description: d.violation.description,
      remediation_status: null,
      remediation_action: d.violation.remediation,
      detail: JSON.stringify(d),
    };
  }
  const d = event.detail;
  const v = d.originalViolation;
  return {
    record_type: 'remediation',
    event_time: normaliseTime(d.timestamp, undefined),
    correlation_id: d.correlationId,
    event_id: v.eventId,
    rule_id: v.violation.rule_id,
    rule_name: d.remediation.rule_name,
    severity: d.remediation.severity,
    category: v.violation.category,
    action: v.violation.action,
    principal: v.principal,
    principal_type: v.principalType,
    target: v.target,
    target_type: v.targetType,
    account: v.account,
    region: v.region,
    source_ip: v.sourceIPAddress,
    event_source: v.eventSource,
    event_name: v.eventName,
    description: d.remediation.description,
    remediation_status: d.remediation.status,
    remediation_action: d.remediation.action,
    detail: JSON.stringify(d),
  };
}

/**
 * The object key of a record: `audit-logs/year=YYYY/month=MM/day=DD/hour=HH/<id>.json`, from its
 * `event_time` (UTC). `id` names the object within the hour; it must be 1–200 characters of
 * `[A-Za-z0-9._-]` starting with a letter or digit, so a key can never leave its partition.
 *
 * @example
 * auditObjectKey(record, 'c0ffee-IAM-001'); // 'audit-logs/year=2024/month=05/day=01/hour=13/c0ffee-IAM-001.json'
 */
export function auditObjectKey(record: Pick<AuditRecord, 'event_time'>, id: string): string {
  if (!OBJECT_ID.test(id)) {
    throw new IamGuardError(
      `Audit object id ${JSON.stringify(id)} is not 1-200 characters of [A-Za-z0-9._-]`,
      {
        code: 'AuditObjectIdInvalid',
        kind: 'internal',
      },
    );
  }
  if (!ISO_UTC.test(record.event_time)) {
    throw new IamGuardError(`Audit record time ${JSON.stringify(record.event_time)} is not normalised UTC`, {
      code: 'AuditEventTimeInvalid',
      kind: 'internal',
    });
  }
  const t = record.event_time;
  const partition = `year=${t.slice(0, 4)}/month=${t.slice(5, 7)}/day=${t.slice(8, 10)}/hour=${t.slice(11, 13)}`;
  return `${AUDIT_LOG_PREFIX}/${partition}/${id}.json`;
}

/**
 * A deterministic object id for a record, so a redelivered bus event overwrites its own object instead
 * of adding a duplicate row: `<record_type>-<event_time digits>-<correlation_id>-<rule_id>`, with any
 * character outside `[A-Za-z0-9._-]` replaced by `_` and cut to 200 characters.
 *
 * @example
 * auditObjectKey(record, auditObjectId(record));
 * // 'audit-logs/year=2024/month=05/day=31/hour=10/violation-20240531101500000-c0ffee-IAM-001.json'
 */
export function auditObjectId(record: AuditRecord): string {
  const time = record.event_time.replace(/\D/g, '');
  const raw = `${record.record_type}-${time}-${record.correlation_id}-${record.rule_id}`;
  return raw.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200);
}

/** The record as written to its object: one JSON line, newline-terminated (JSON SerDe and NDJSON readers agree). */
export function auditRecordLine(record: AuditRecord): string {
  return `${JSON.stringify(record)}\n`;
}

function normaliseTime(primary: string | undefined, fallback: string | undefined): string {
  for (const candidate of [primary, fallback]) {
    if (candidate === undefined || !ZONED_DATE_TIME.test(candidate)) continue;
    const ms = Date.parse(candidate);
    if (!Number.isFinite(ms)) continue;
    const iso = new Date(ms).toISOString();
    if (ISO_UTC.test(iso)) return iso;
  }
  throw new IamGuardError(
    `Event has no valid time (got ${JSON.stringify(primary)}${fallback === undefined ? '' : ` and ${JSON.stringify(fallback)}`})`,
    { code: 'AuditEventTimeInvalid', kind: 'input' },
  );
}
