/**
 * `policy_attack_patterns`: per principal and UTC clock hour (the audit trail's partition hour), the
 * hours with more than 5 policy modifications or violations from more than 2 source IPs, in the
 * window (24 hours by default; the earliest hour may be cut by the window's start).
 *
 * A policy modification is a violation record whose `event_name` is in `POLICY_MODIFICATION_EVENTS`,
 * counted once per CloudTrail event (`event_id`) however many rules it broke. Source IPs are counted
 * over all the principal's violation records in the hour; empty IPs are ignored. (No `FILTER` on
 * DISTINCT aggregates: Presto-lineage engines have rejected that combination; NULLIF does the same.)
 */
import { scopedSelect } from '../scope.js';
import { intLiteral, quoteLiteral } from '../sql-text.js';
import {
  ATTACK_MAX_POLICY_MODIFICATIONS,
  ATTACK_MAX_SOURCE_IPS,
  POLICY_MODIFICATION_EVENTS,
} from '../thresholds.js';
import type { QueryInput } from './query-input.js';

/** Output columns of `policy_attack_patterns`, in order. */
export const POLICY_ATTACK_PATTERNS_COLUMNS = [
  'principal',
  'principal_type',
  'hour_start',
  'policy_modifications',
  'source_ip_count',
  'source_ips',
  'violation_count',
] as const;

/** The `policy_attack_patterns` select. */
export function policyAttackPatternsSql(input: QueryInput): string {
  const scope = scopedSelect(
    input.ctx,
    { recordType: 'violation', windowHours: input.windowHours, filters: input.filters },
    input.params,
  );
  const modifications = POLICY_MODIFICATION_EVENTS.map(quoteLiteral).join(', ');
  return `WITH violations AS (
${scope}
),
hourly AS (
  SELECT principal,
    max(principal_type) AS principal_type,
    concat(substr(event_time, 1, 13), ':00:00.000Z') AS hour_start,
    count(DISTINCT CASE WHEN event_name IN (${modifications}) THEN event_id END) AS policy_modifications,
    count(DISTINCT NULLIF(source_ip, '')) AS source_ip_count,
    array_join(array_sort(array_agg(DISTINCT NULLIF(source_ip, ''))), ',') AS source_ips,
    count(*) AS violation_count
  FROM violations
  GROUP BY principal, concat(substr(event_time, 1, 13), ':00:00.000Z')
)
SELECT principal, principal_type, hour_start, policy_modifications, source_ip_count, source_ips, violation_count
FROM hourly
WHERE policy_modifications > ${intLiteral(ATTACK_MAX_POLICY_MODIFICATIONS)} OR source_ip_count > ${intLiteral(ATTACK_MAX_SOURCE_IPS)}`;
}
