import { describe, expect, it } from 'vitest';
import { MONITOR_METRICS } from '../../../src/cloudformation/metrics.js';
import { REMEDIATION_STATUSES } from '../../../src/core/events.js';
import {
  MONITOR_METRIC_NAMES,
  metricPoints,
  REMEDIATION_STATUS_METRICS,
} from '../../../src/core/render/metric-points.js';
import { remediationEventOf, violationEventOf } from './notification-events.js';

describe('metricPoints()', () => {
  it('counts a violation by exactly {Severity} and by exactly {RuleName}', () => {
    // Act
    const points = metricPoints(violationEventOf({ severity: 'CRITICAL' }));

    // Assess
    expect(points).toEqual([
      { name: 'ViolationCount', value: 1, unit: 'Count', dimensions: { Severity: 'CRITICAL' } },
      {
        name: 'ViolationCount',
        value: 1,
        unit: 'Count',
        dimensions: { RuleName: 'AdminManagedPolicyAttached' },
      },
    ]);
  });

  it.each([
    ['SUCCESS', 'RemediationSuccess'],
    ['FAILED', 'RemediationFailure'],
    ['DRY_RUN', 'RemediationDryRun'],
  ] as const)('counts a %s remediation by {ActionType, Status} and as %s', (status, metric) => {
    // Act
    const points = metricPoints(remediationEventOf(violationEventOf(), { status, description: 'd' }));

    // Assess
    expect(points).toEqual([
      {
        name: 'RemediationAction',
        value: 1,
        unit: 'Count',
        dimensions: { ActionType: 'detach_managed_policy', Status: status },
      },
      { name: metric, value: 1, unit: 'Count' },
    ]);
  });

  it('counts a skipped remediation by {ActionType, Status} only', () => {
    // Act
    const points = metricPoints(
      remediationEventOf(violationEventOf(), { status: 'SKIPPED', description: 'd' }),
    );

    // Assess
    expect(points.map((p) => p.name)).toEqual(['RemediationAction']);
  });

  it('never emits an empty dimension value, which would change the dimension set', () => {
    // Act
    const points = metricPoints(violationEventOf({ ruleName: ' ' }));

    // Assess
    expect(points[1]?.dimensions).toEqual({ RuleName: 'unknown' });
  });
});

describe('MONITOR_METRIC_NAMES', () => {
  it('uses the names the alarms and the dashboard read (src/cloudformation/metrics.ts)', () => {
    // Act
    const names = {
      violations: MONITOR_METRIC_NAMES.violationCount,
      severityDimension: MONITOR_METRIC_NAMES.severityDimension,
      remediationSuccess: REMEDIATION_STATUS_METRICS.SUCCESS,
      remediationFailure: REMEDIATION_STATUS_METRICS.FAILED,
      remediationDryRun: REMEDIATION_STATUS_METRICS.DRY_RUN,
    };

    // Assess
    expect(names).toEqual({
      violations: MONITOR_METRICS.violations,
      severityDimension: MONITOR_METRICS.severityDimension,
      remediationSuccess: MONITOR_METRICS.remediationSuccess,
      remediationFailure: MONITOR_METRICS.remediationFailure,
      remediationDryRun: MONITOR_METRICS.remediationDryRun,
    });
    expect(Object.keys(REMEDIATION_STATUS_METRICS).sort()).toEqual([...REMEDIATION_STATUSES].sort());
  });
});
