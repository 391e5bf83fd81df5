/**
 * `high_risk_principals`: principals with more than 3 violations, or violations of more than 2
 * distinct rules (`rule_id`), in the window (24 hours by default).
 */
import { scopedSelect, severityRank } from '../scope.js';
import { intLiteral } from '../sql-text.js';
import { HIGH_RISK_MAX_DISTINCT_RULES, HIGH_RISK_MAX_VIOLATIONS } from '../thresholds.js';
import type { QueryInput } from './query-input.js';

/** Output columns of `high_risk_principals`, in order. */
export const HIGH_RISK_PRINCIPALS_COLUMNS = [
  'principal',
  'principal_type',
  'violation_count',
  'distinct_rules',
  'rule_ids',
  'highest_severity',
  'first_seen',
  'last_seen',
] as const;

/** The `high_risk_principals` select. */
export function highRiskPrincipalsSql(input: QueryInput): string {
  const scope = scopedSelect(
    input.ctx,
    { recordType: 'violation', windowHours: input.windowHours, filters: input.filters },
    input.params,
  );
  return `WITH violations AS (
${scope}
)
SELECT principal,
  max(principal_type) AS principal_type,
  count(*) AS violation_count,
  count(DISTINCT rule_id) AS distinct_rules,
  array_join(array_sort(array_agg(DISTINCT rule_id)), ',') AS rule_ids,
  CASE max(${severityRank('severity')}) WHEN 4 THEN 'CRITICAL' WHEN 3 THEN 'HIGH' WHEN 2 THEN 'MEDIUM' WHEN 1 THEN 'LOW' END AS highest_severity,
  min(event_time) AS first_seen,
  max(event_time) AS last_seen
FROM violations
GROUP BY principal
HAVING count(*) > ${intLiteral(HIGH_RISK_MAX_VIOLATIONS)} OR count(DISTINCT rule_id) > ${intLiteral(HIGH_RISK_MAX_DISTINCT_RULES)}`;
}
