/**
 * The one place that selects audit records for a time window: every view and report starts from
 * this `SELECT`. It also carries the partition predicates that let Athena's partition projection skip
 * everything outside the window (a `year` range plus the record's `year-month-day`), and the optional
 * principal and severity filters as bound parameters.
 */
import { AUDIT_RECORD_COLUMNS, type AuditRecord, type AuditRecordType } from '../render/audit-record.js';
import type { Severity } from '../rules/types.js';
import { intLiteral, type QueryContext, type SqlParams } from './sql-text.js';

/** How a principal filter matches: exactly, or as a `LIKE` pattern (from `*` wildcards). */
export type PrincipalMatch =
  | { readonly kind: 'exact'; readonly value: string }
  | { readonly kind: 'like'; readonly pattern: string };

export interface ScopeFilters {
  readonly principal?: PrincipalMatch;
  readonly severities?: readonly Severity[];
}

export interface Scope {
  readonly recordType: AuditRecordType;
  /** Records with `event_time` in `(now - windowHours, now]`. */
  readonly windowHours: number;
  readonly filters?: ScopeFilters;
}

/**
 * Columns the scoped selects leave out of the audit record: the record type (the `WHERE` fixes it) and
 * the free text and full detail JSON no view reads.
 */
const UNSCOPED_COLUMNS: readonly (keyof AuditRecord)[] = ['record_type', 'description', 'detail'];

/**
 * Columns every scoped select returns, in table order: the audit record's columns less
 * {@link UNSCOPED_COLUMNS}; `ts` is `event_time` as a timestamp.
 */
const SCOPED_COLUMNS = AUDIT_RECORD_COLUMNS.filter((column) => !UNSCOPED_COLUMNS.includes(column));

/**
 * `SELECT … FROM audit table WHERE …` for one record type in a window ending at `ctx.now`.
 * Binds filter values into `params` in text order.
 */
export function scopedSelect(ctx: QueryContext, scope: Scope, params: SqlParams): string {
  const start = `${ctx.now} - INTERVAL '${intLiteral(scope.windowHours)}' HOUR`;
  const lines = [
    `  SELECT ${SCOPED_COLUMNS.join(', ')}, from_iso8601_timestamp(event_time) AS ts`,
    `  FROM ${ctx.table}`,
    `  WHERE record_type = '${scope.recordType}'`,
    `    AND "year" BETWEEN CAST(year(${start}) AS varchar) AND CAST(year(${ctx.now}) AS varchar)`,
    `    AND CAST(concat("year", '-', "month", '-', "day") AS date) >= CAST(${start} AS date)`,
    `    AND from_iso8601_timestamp(event_time) > ${start}`,
    `    AND from_iso8601_timestamp(event_time) <= ${ctx.now}`,
  ];
  const principal = scope.filters?.principal;
  if (principal?.kind === 'exact') lines.push(`    AND principal = ${params.bind(principal.value)}`);
  if (principal?.kind === 'like')
    lines.push(`    AND principal LIKE ${params.bind(principal.pattern)} ESCAPE '\\'`);
  const severities = scope.filters?.severities;
  if (severities !== undefined && severities.length > 0) {
    lines.push(`    AND severity IN ${params.bindList(severities)}`);
  }
  return lines.join('\n');
}

/** `CASE` ranking severities 1 (LOW) to 4 (CRITICAL), 0 for anything else: for ordering and "highest". */
export function severityRank(column: string): string {
  return `CASE ${column} WHEN 'CRITICAL' THEN 4 WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 WHEN 'LOW' THEN 1 ELSE 0 END`;
}
