/**
 * `violation_trends`: violations per UTC day and severity over the last days (30 by default), each
 * day compared with the 7 days before it.
 *
 * The anomaly rule, exactly: for day d and severity s, let c(d) be the number of violation records of
 * severity s whose `event_time` falls on d (UTC), and let mean and stddev be the average and the sample
 * standard deviation (`stddev_samp`) of c(d-7) … c(d-1), days without violations counting as 0.
 * d is an anomaly when c(d) ≥ 3 and c(d) > mean + 2·stddev. A dense calendar (every day × every
 * severity) makes "the previous 7 days" mean days, not rows.
 */
import { SEVERITIES } from '../../rules/types.js';
import { scopedSelect } from '../scope.js';
import { intLiteral } from '../sql-text.js';
import { ANOMALY_MIN_COUNT, ANOMALY_STDDEV_FACTOR, TRENDS_BASELINE_DAYS } from '../thresholds.js';
import type { QueryInput } from './query-input.js';

/** Output columns of `violation_trends`, in order. */
export const VIOLATION_TRENDS_COLUMNS = [
  'event_date',
  'severity',
  'violation_count',
  'trailing_mean',
  'trailing_stddev',
  'deviation',
  'is_anomaly',
] as const;

/** Days shown for a window of `hours`: a partial day counts as a day. */
export function trendDays(hours: number): number {
  return Math.ceil(hours / 24);
}

/** The `violation_trends` select. The severity filter picks output rows; the principal filter picks records. */
export function violationTrendsSql(input: QueryInput): string {
  const { ctx, params } = input;
  const days = trendDays(input.windowHours);
  const baseline = intLiteral(TRENDS_BASELINE_DAYS);
  const today = `CAST(${ctx.now} AS date)`;
  const frame = `(PARTITION BY severity ORDER BY event_date ROWS BETWEEN ${baseline} PRECEDING AND 1 PRECEDING)`;
  const scope = scopedSelect(
    ctx,
    {
      recordType: 'violation',
      windowHours: (days + TRENDS_BASELINE_DAYS) * 24,
      filters: input.filters.principal === undefined ? {} : { principal: input.filters.principal },
    },
    params,
  );
  const severityValues = SEVERITIES.map((s) => `('${s}')`).join(', ');
  const severities = input.filters.severities;
  const severityFilter =
    severities !== undefined && severities.length > 0
      ? `\n  AND severity IN ${params.bindList(severities)}`
      : '';
  return `WITH violations AS (
${scope}
),
calendar AS (
  SELECT CAST(CAST(c.d AS date) AS varchar) AS event_date, s.severity
  FROM UNNEST(sequence(${today} - INTERVAL '${intLiteral(days + TRENDS_BASELINE_DAYS - 1)}' DAY, ${today}, INTERVAL '1' DAY)) AS c(d)
  CROSS JOIN (VALUES ${severityValues}) AS s(severity)
),
daily AS (
  SELECT cal.event_date, cal.severity, count(v.event_time) AS violation_count
  FROM calendar cal
  LEFT JOIN violations v ON substr(v.event_time, 1, 10) = cal.event_date AND v.severity = cal.severity
  GROUP BY cal.event_date, cal.severity
),
scored AS (
  SELECT event_date, severity, violation_count,
    avg(violation_count) OVER ${frame} AS trailing_mean,
    stddev_samp(violation_count) OVER ${frame} AS trailing_stddev
  FROM daily
)
SELECT event_date, severity, violation_count, trailing_mean, trailing_stddev,
  violation_count - trailing_mean AS deviation,
  (violation_count >= ${intLiteral(ANOMALY_MIN_COUNT)}
    AND violation_count > trailing_mean + ${intLiteral(ANOMALY_STDDEV_FACTOR)} * trailing_stddev) AS is_anomaly
FROM scored
WHERE CAST(event_date AS date) >= ${today} - INTERVAL '${intLiteral(days - 1)}' DAY${severityFilter}`;
}
