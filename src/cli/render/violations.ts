import type { ViolationDetail } from '../../core/events.js';
import { SEVERITIES, type Severity } from '../../core/rules/types.js';
import { NO_PAINT, type Paint } from '../io/io.js';
import { formatRecords } from './records.js';
import type { Column, FormatOptions } from './tabular.js';

/** A violation as `simulate` reports it: the event detail the detector would publish, plus where it was read. */
export type ViolationRow = ViolationDetail & {
  readonly source: { readonly file: string; readonly index: number };
};

/** Highest severity first: the order a responder reads in. */
export const SEVERITIES_DESCENDING: readonly Severity[] = [...SEVERITIES].reverse();

export function paintSeverity(severity: Severity, text: string, paint: Paint): string {
  if (severity === 'CRITICAL') return paint.bold(paint.red(text));
  if (severity === 'HIGH') return paint.red(text);
  if (severity === 'MEDIUM') return paint.yellow(text);
  return paint.cyan(text);
}

const COLUMNS: readonly Column<ViolationRow>[] = [
  {
    header: 'SEVERITY',
    value: (row) => row.violation.severity,
    paint: (text, row, paint) => paintSeverity(row.violation.severity, text, paint),
  },
  { header: 'RULE', value: (row) => `${row.violation.rule_id} ${row.violation.rule_name}` },
  { header: 'EVENT', value: (row) => row.eventName },
  { header: 'PRINCIPAL', value: (row) => row.principal },
  { header: 'TARGET', value: (row) => row.target },
  { header: 'TIME', value: (row) => row.eventTime },
  {
    header: 'SOURCE',
    value: (row) => `${row.source.file}#${row.source.index}`,
    paint: (text, _row, p) => p.dim(text),
  },
];

/**
 * Renders simulated violations: aligned rows for a person, JSON/NDJSON of the full event detail (the
 * exact shape the deployed detector publishes) for programs, CSV for spreadsheets.
 */
export function formatViolations(rows: readonly ViolationRow[], options: FormatOptions): string {
  return formatRecords(rows, COLUMNS, options, { empty: 'No violations.' });
}

/** The counts `simulate` reports once every input has been read. */
export interface SimulateSummary {
  readonly files: number;
  /** Records read from the inputs, including those skipped unparsed. */
  readonly events: number;
  /** Records no rule could match, skipped without parsing (ruleset pre-filter). */
  readonly skipped: number;
  /** Records whose principal the rules exclude (iam-guard's own calls). */
  readonly excluded: number;
  /** Rule matches: reported + suppressed + deduplicated. */
  readonly matched: number;
  readonly suppressed: number;
  readonly deduplicated: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  /** Items that could not be read (bad JSON, not a CloudTrail record, unreadable file). */
  readonly malformed: number;
}

/** The summary lines under the table (or on stderr for machine formats). */
export function formatSimulateSummary(summary: SimulateSummary, paint: Paint = NO_PAINT): string {
  const reported = SEVERITIES_DESCENDING.reduce((sum, severity) => sum + summary.bySeverity[severity], 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const bySeverity = SEVERITIES_DESCENDING.map((severity) =>
    paintSeverity(severity, `${severity} ${summary.bySeverity[severity]}`, paint),
  ).join(', ');
  const lines = [
    `Events: ${summary.events} read from ${plural(summary.files, 'file')}, ${summary.skipped} skipped unparsed (no rule applies), ${summary.excluded} excluded`,
    `Matches: ${summary.matched} (${summary.suppressed} suppressed, ${summary.deduplicated} deduplicated)`,
    `Violations: ${reported} (${bySeverity})`,
  ];
  if (summary.malformed > 0)
    lines.push(paint.yellow(`Malformed inputs: ${summary.malformed} (listed on stderr)`));
  return lines.join('\n');
}
