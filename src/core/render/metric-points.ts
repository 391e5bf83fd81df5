/**
 * The metrics the metrics-publisher emits per bus event, in namespace `IAMPolicyMonitor`:
 *
 * - a violation: `ViolationCount` once with exactly `{Severity}` (the dimension set the HIGH and
 *   CRITICAL alarms match) and once with exactly `{RuleName}` (per-rule graphs);
 * - a remediation result: `RemediationAction` with `{ActionType, Status}`, and the dashboard's
 *   dimensionless `RemediationSuccess` / `RemediationFailure` / `RemediationDryRun` (nothing for SKIPPED).
 *
 * Names and dimension sets must match src/cloudformation/metrics.ts, which core cannot import; a test
 * holds the two together.
 */
import type { RemediationStatus } from '../events.js';
import { VIOLATION_EVENT_SOURCE } from '../events.js';
import type { MetricPoint } from '../ports.js';
import type { NotifiableEvent } from './notification-fields.js';

/** Metric and dimension names in namespace `IAMPolicyMonitor`. */
export const MONITOR_METRIC_NAMES = {
  violationCount: 'ViolationCount',
  remediationAction: 'RemediationAction',
  severityDimension: 'Severity',
  ruleNameDimension: 'RuleName',
  actionTypeDimension: 'ActionType',
  statusDimension: 'Status',
} as const;

/** The dimensionless per-status metric of the dashboard, when the status has one. */
export const REMEDIATION_STATUS_METRICS: Readonly<Record<RemediationStatus, string | undefined>> = {
  SUCCESS: 'RemediationSuccess',
  FAILED: 'RemediationFailure',
  DRY_RUN: 'RemediationDryRun',
  SKIPPED: undefined,
};

/** CloudWatch (and Powertools) drop a dimension whose value is empty, which would change the set. */
function dimensionValue(value: string): string {
  return value.trim() === '' ? 'unknown' : value;
}

/**
 * The points for one bus event.
 *
 * @example
 * metricPoints(violation);
 * // [{ name: 'ViolationCount', value: 1, unit: 'Count', dimensions: { Severity: 'HIGH' } },
 * //  { name: 'ViolationCount', value: 1, unit: 'Count', dimensions: { RuleName: 'AdminPolicyAttached' } }]
 */
export function metricPoints(event: NotifiableEvent): MetricPoint[] {
  const n = MONITOR_METRIC_NAMES;
  if (event.source === VIOLATION_EVENT_SOURCE) {
    const v = event.detail.violation;
    return [
      { name: n.violationCount, value: 1, unit: 'Count', dimensions: { [n.severityDimension]: v.severity } },
      {
        name: n.violationCount,
        value: 1,
        unit: 'Count',
        dimensions: { [n.ruleNameDimension]: dimensionValue(v.rule_name) },
      },
    ];
  }
  const r = event.detail.remediation;
  const points: MetricPoint[] = [
    {
      name: n.remediationAction,
      value: 1,
      unit: 'Count',
      dimensions: { [n.actionTypeDimension]: dimensionValue(r.action), [n.statusDimension]: r.status },
    },
  ];
  const byStatus = REMEDIATION_STATUS_METRICS[r.status];
  if (byStatus !== undefined) points.push({ name: byStatus, value: 1, unit: 'Count' });
  return points;
}
