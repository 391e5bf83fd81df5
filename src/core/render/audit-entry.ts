/**
 * Where each audit entry lands in the audit bucket (or the local folder `simulate` writes), so every
 * `AuditSink` implementation lays the trail out the same way:
 *
 * - bus events (`type` `violation` or `remediation`, `detail` an {@link AuditRecord}): one JSON line at
 *   `audit-logs/year=YYYY/month=MM/day=DD/hour=HH/<id>.json` (audit-record.ts), the Athena table;
 * - any other entry, e.g. the `RemovedPolicyDocument` the remediator saves before it deletes a policy:
 *   one JSON line at `audit-logs/entries/type=<type>/correlation_id=<id>/<time>-<hash>.json`. Listing
 *   `auditEntryPrefix(type, correlationId)` finds every entry of a remediation, which is how a restore
 *   finds the removed document. These objects sit outside the table's partition layout, so Athena
 *   (partition projection) and DuckDB (which read exactly four partition levels) never see them as rows.
 *
 * Keys are deterministic (time and content), so a retried write overwrites its own object.
 */
import { createHash } from 'node:crypto';
import { IamGuardError } from '../errors.js';
import type { AuditEntry } from '../ports.js';
import {
  AUDIT_LOG_PREFIX,
  AUDIT_RECORD_COLUMNS,
  AUDIT_RECORD_TYPES,
  type AuditableEvent,
  type AuditRecord,
  auditObjectId,
  auditObjectKey,
  auditRecordLine,
  toAuditRecord,
} from './audit-record.js';

/** Prefix (no trailing slash) of the entries that are not bus events. */
export const AUDIT_ENTRY_PREFIX = `${AUDIT_LOG_PREFIX}/entries`;

/** The content type of every audit object: one JSON document, newline-terminated. */
export const AUDIT_OBJECT_CONTENT_TYPE = 'application/json';

/** Columns that may be null: a violation has no remediation status, a rule may name no remediation. */
const NULLABLE_COLUMNS: ReadonlySet<string> = new Set(['remediation_status', 'remediation_action']);

/**
 * JSON Schema of one audit record line (the Athena table's row): every column, each a string, the
 * remediation ones also null, nothing else. Built from `AUDIT_RECORD_COLUMNS`, like the table DDL.
 */
export const AUDIT_RECORD_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [...AUDIT_RECORD_COLUMNS],
  properties: Object.fromEntries(
    AUDIT_RECORD_COLUMNS.map((column) => [
      column,
      column === 'record_type'
        ? { enum: [...AUDIT_RECORD_TYPES] }
        : { type: NULLABLE_COLUMNS.has(column) ? ['string', 'null'] : 'string' },
    ]),
  ),
} as const;

/** An audit object to store. */
export interface AuditObject {
  readonly key: string;
  readonly body: string;
}

/**
 * The audit entry of a bus event: its flat record, typed by `record_type`.
 * Throws like `toAuditRecord` when the event has no usable time.
 *
 * @example
 * await audit.write(toAuditEntry(event)); // lands in the hour partition of the event
 */
export function toAuditEntry(event: AuditableEvent): AuditEntry {
  const record = toAuditRecord(event);
  return {
    type: record.record_type,
    timestamp: record.event_time,
    correlationId: record.correlation_id,
    detail: { ...record },
  };
}

/** Characters outside `[A-Za-z0-9._-]` become `_`, so a key segment can never leave its folder. */
function keySegment(value: string): string {
  const safe = value.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200);
  return safe === '' || safe.startsWith('.') ? `_${safe}` : safe;
}

/**
 * The folder holding every entry of `type` for a correlation id (with trailing slash).
 *
 * @example
 * auditEntryPrefix('RemovedPolicyDocument', 'c0ffee');
 * // 'audit-logs/entries/type=RemovedPolicyDocument/correlation_id=c0ffee/'
 */
export function auditEntryPrefix(type: string, correlationId: string): string {
  return `${AUDIT_ENTRY_PREFIX}/type=${keySegment(type)}/correlation_id=${keySegment(correlationId)}/`;
}

function isAuditRecord(entry: AuditEntry): boolean {
  const detail = entry.detail;
  return (
    detail.record_type === entry.type &&
    AUDIT_RECORD_COLUMNS.every((column) => {
      const value = detail[column];
      return typeof value === 'string' || (value === null && NULLABLE_COLUMNS.has(column));
    })
  );
}

/**
 * The key and body an entry is stored as. Throws an internal `IamGuardError` (`AuditEntryInvalid`) for a
 * `violation`/`remediation` entry whose detail is not its audit record, since it would corrupt the table.
 *
 * @example
 * const { key, body } = auditObject(toAuditEntry(event));
 */
export function auditObject(entry: AuditEntry): AuditObject {
  if ((AUDIT_RECORD_TYPES as readonly string[]).includes(entry.type)) {
    if (!isAuditRecord(entry)) {
      throw new IamGuardError(`A ${entry.type} audit entry must carry its audit record as detail`, {
        code: 'AuditEntryInvalid',
        kind: 'internal',
      });
    }
    const record = entry.detail as unknown as AuditRecord;
    return { key: auditObjectKey(record, auditObjectId(record)), body: auditRecordLine(record) };
  }
  const body = `${JSON.stringify(entry)}\n`;
  const time = entry.timestamp.replace(/\D/g, '').slice(0, 17) || 'notime';
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { key: `${auditEntryPrefix(entry.type, entry.correlationId)}${time}-${hash}.json`, body };
}
