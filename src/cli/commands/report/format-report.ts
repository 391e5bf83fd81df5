/**
 * Pure renderers of `iam-guard report`: query rows in the chosen format, and the one-line cost
 * summary for stderr. Columns come from the result itself, so a view's new column, or any
 * `report query`, shows without a change here.
 */
import type { QueryColumn, QueryResult, QueryStats, ResultValue } from '../../../core/analytics/types.js';
import type { Severity } from '../../../core/rules/types.js';
import { SEVERITIES } from '../../../core/rules/types.js';
import { NO_PAINT, type Paint } from '../../io/io.js';
import { formatRecords } from '../../render/records.js';
import type { Column, FormatOptions } from '../../render/tabular.js';
import { paintSeverity } from '../../render/violations.js';

type Row = Readonly<Record<string, ResultValue>>;

export interface ReportFormatOptions extends FormatOptions {
  /** The table output's line when there are no rows. @default 'No rows.' */
  readonly empty?: string;
}

/**
 * Renders result rows: JSON (one array, values typed as the engine returned them), NDJSON, CSV with a
 * header row, or an aligned table for a person (headers upper-cased, fractions to two decimals,
 * severities coloured, `true` anomalies in red).
 *
 * @example
 * io.result(formatReportRows(result, { output: 'table', paint: io.paint }));
 */
export function formatReportRows(
  result: Pick<QueryResult, 'columns' | 'rows'>,
  options: ReportFormatOptions,
): string {
  return formatRecords(result.rows, result.columns.map(csvColumn), options, {
    empty: options.empty ?? 'No rows.',
    tableColumns: result.columns.map(tableColumn),
  });
}

function csvColumn(column: QueryColumn): Column<Row> {
  return { header: column.name, value: (row) => plainText(row[column.name]) };
}

function tableColumn(column: QueryColumn): Column<Row> {
  const base = { header: column.name.toUpperCase(), value: (row: Row) => tableText(row[column.name]) };
  if (column.name === 'severity' || column.name === 'highest_severity') {
    return {
      ...base,
      paint: (text, row, paint) => {
        const severity = asSeverity(row[column.name]);
        return severity === undefined ? text : paintSeverity(severity, text, paint);
      },
    };
  }
  if (column.type === 'boolean') {
    return { ...base, paint: (text, row, paint) => (row[column.name] === true ? paint.red(text) : text) };
  }
  return base;
}

function plainText(value: ResultValue | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

function tableText(value: ResultValue | undefined): string {
  if (typeof value === 'number' && !Number.isInteger(value)) return value.toFixed(2);
  return plainText(value);
}

function asSeverity(value: ResultValue | undefined): Severity | undefined {
  return SEVERITIES.find((s) => s === value);
}

/**
 * What a query cost, for stderr: rows, time, and on Athena the data scanned (what it bills) and the
 * query id.
 *
 * @example
 * formatQueryStats({ engine: 'athena', executionTimeMs: 2300, dataScannedBytes: 1_250_000, queryExecutionId: 'abc' }, 3);
 * // '3 rows in 2.3 s on Athena, 1.2 MB scanned (query abc)'
 */
export function formatQueryStats(stats: QueryStats, rowCount: number, paint: Paint = NO_PAINT): string {
  const rows = `${rowCount} row${rowCount === 1 ? '' : 's'}`;
  const time = `${(stats.executionTimeMs / 1000).toFixed(1)} s`;
  if (stats.engine === 'duckdb') return paint.dim(`${rows} in ${time} (DuckDB, local)`);
  const scanned = formatBytes(stats.dataScannedBytes ?? 0);
  const id = stats.queryExecutionId === undefined ? '' : ` (query ${stats.queryExecutionId})`;
  return paint.dim(`${rows} in ${time} on Athena, ${scanned} scanned${id}`);
}

/** Decimal units, as Athena's console and bill show them. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
