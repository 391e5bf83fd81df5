/**
 * What the hourly analytics-scheduler publishes from the rows of the three views: one gauge per view,
 * no dimensions (the alarms and the dashboard name none). The metric names are passed in, so the one
 * list the template's alarms read (`src/cloudformation/metrics.ts`) stays the only source of them.
 *
 * - `HighRiskPrincipals`: rows of `high_risk_principals` (principals over the thresholds, last 24 hours);
 * - `PotentialAttacks`: rows of `policy_attack_patterns` (principal-hours over the thresholds, last 24 hours);
 * - `ViolationTrends_<SEVERITY>`: the violations of that severity on the latest day of `violation_trends`
 *   (the current UTC day so far), for every severity, 0 included, so a quiet day is a data point.
 */
import { IamGuardError } from '../errors.js';
import type { MetricPoint } from '../ports.js';
import { SEVERITIES } from '../rules/types.js';
import type { ResultValue } from './types.js';
import type { ViewName } from './views.js';

/** The metric names, as `ANALYTICS_METRICS` in `src/cloudformation/metrics.ts` declares them. */
export interface AnalyticsMetricNames {
  readonly highRiskPrincipals: string;
  readonly potentialAttacks: string;
  /** Followed by a severity: `ViolationTrends_CRITICAL`. */
  readonly trendsPrefix: string;
}

/** A result row as the `QueryRunner` returns it. */
export type ViewRow = Readonly<Record<string, ResultValue>>;

/** The rows of each view that ran; a view left out (it failed) yields no points. */
export type ViewRows = Partial<Readonly<Record<ViewName, readonly ViewRow[]>>>;

/**
 * Turns view rows into metric points, in a fixed order: high-risk, attacks, then trends from LOW to
 * CRITICAL. Throws an `IamGuardError` (`AnalyticsRowInvalid`, kind `internal`) when a trends row has
 * no date or a count that is not a whole number, since the view itself would then be broken.
 *
 * @example
 * const points = analyticsMetricPoints({ high_risk_principals: rows }, ANALYTICS_METRICS);
 * // [{ name: 'HighRiskPrincipals', value: rows.length, unit: 'Count' }]
 */
export function analyticsMetricPoints(views: ViewRows, names: AnalyticsMetricNames): MetricPoint[] {
  const points: MetricPoint[] = [];
  if (views.high_risk_principals !== undefined) {
    points.push(count(names.highRiskPrincipals, views.high_risk_principals.length));
  }
  if (views.policy_attack_patterns !== undefined) {
    points.push(count(names.potentialAttacks, views.policy_attack_patterns.length));
  }
  if (views.violation_trends !== undefined) {
    const latest = latestDayCounts(views.violation_trends);
    for (const severity of SEVERITIES) {
      points.push(count(`${names.trendsPrefix}${severity}`, latest.get(severity) ?? 0));
    }
  }
  return points;
}

function count(name: string, value: number): MetricPoint {
  return { name, value, unit: 'Count' };
}

/** Per severity, the `violation_count` of the latest `event_date` in the trends rows. */
function latestDayCounts(rows: readonly ViewRow[]): Map<string, number> {
  let latest = '';
  for (const row of rows) {
    const date = row.event_date;
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw invalidRow(`event_date ${JSON.stringify(date)} is not a YYYY-MM-DD date`);
    }
    if (date > latest) latest = date;
  }
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (row.event_date !== latest || typeof row.severity !== 'string') continue;
    counts.set(row.severity, wholeNumber(row.violation_count));
  }
  return counts;
}

/** Athena returns bigint as a number; a string of digits (an untyped column) is accepted too. */
function wholeNumber(value: ResultValue | undefined): number {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw invalidRow(`violation_count ${JSON.stringify(value)} is not a whole number`);
  }
  return n;
}

function invalidRow(detail: string): IamGuardError {
  return new IamGuardError(`violation_trends returned an unexpected row: ${detail}`, {
    code: 'AnalyticsRowInvalid',
    kind: 'internal',
  });
}
