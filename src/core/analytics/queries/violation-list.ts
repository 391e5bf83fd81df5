/**
 * The `report violations` listing: the violation records in the window, each with the latest
 * remediation status recorded for it (joined on correlation id and rule), or null. The report's
 * ORDER BY uses the aliases `v` (violations) and `r` (remediations).
 */
import { scopedSelect } from '../scope.js';
import type { QueryInput } from './query-input.js';

/** Output columns of the violation listing, in order. */
export const VIOLATION_LIST_COLUMNS = [
  'event_time',
  'severity',
  'rule_id',
  'rule_name',
  'principal',
  'target',
  'event_name',
  'source_ip',
  'account',
  'region',
  'action',
  'remediation_status',
  'correlation_id',
] as const;

/** The violation listing select. Remediations are looked for in the same window as the violations. */
export function violationListSql(input: QueryInput): string {
  const violations = scopedSelect(
    input.ctx,
    { recordType: 'violation', windowHours: input.windowHours, filters: input.filters },
    input.params,
  );
  const remediations = scopedSelect(
    input.ctx,
    { recordType: 'remediation', windowHours: input.windowHours },
    input.params,
  );
  return `WITH violations AS (
${violations}
),
remediations AS (
  SELECT correlation_id, rule_id, max_by(remediation_status, event_time) AS remediation_status
  FROM (
${remediations}
  ) AS r
  GROUP BY correlation_id, rule_id
)
SELECT v.event_time, v.severity, v.rule_id, v.rule_name, v.principal, v.target, v.event_name, v.source_ip,
  v.account, v.region, v.action, r.remediation_status, v.correlation_id
FROM violations v
LEFT JOIN remediations r ON r.correlation_id = v.correlation_id AND r.rule_id = v.rule_id`;
}
