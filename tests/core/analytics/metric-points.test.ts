import { describe, expect, it } from 'vitest';
import { ANALYTICS_METRICS } from '../../../src/cloudformation/metrics.js';
import { analyticsMetricPoints, type ViewRow } from '../../../src/core/analytics/metric-points.js';

function trend(event_date: string, severity: string, violation_count: number | string): ViewRow {
  return {
    event_date,
    severity,
    violation_count,
    trailing_mean: 0,
    trailing_stddev: 0,
    deviation: 0,
    is_anomaly: false,
  };
}

describe('analyticsMetricPoints()', () => {
  it('counts high-risk principals and attack patterns as rows, and takes each severity’s count on the latest day', () => {
    // Prepare
    const views = {
      high_risk_principals: [{ principal: 'a' }, { principal: 'b' }],
      policy_attack_patterns: [{ principal: 'a', hour_start: '2024-05-31T10:00:00.000Z' }],
      violation_trends: [
        trend('2024-05-30', 'LOW', 9),
        trend('2024-05-30', 'CRITICAL', 9),
        trend('2024-05-31', 'LOW', 1),
        trend('2024-05-31', 'MEDIUM', 0),
        trend('2024-05-31', 'HIGH', '4'),
        trend('2024-05-31', 'CRITICAL', 2),
      ],
    };

    // Act
    const points = analyticsMetricPoints(views, ANALYTICS_METRICS);

    // Assess
    expect(points).toEqual([
      { name: 'HighRiskPrincipals', value: 2, unit: 'Count' },
      { name: 'PotentialAttacks', value: 1, unit: 'Count' },
      { name: 'ViolationTrends_LOW', value: 1, unit: 'Count' },
      { name: 'ViolationTrends_MEDIUM', value: 0, unit: 'Count' },
      { name: 'ViolationTrends_HIGH', value: 4, unit: 'Count' },
      { name: 'ViolationTrends_CRITICAL', value: 2, unit: 'Count' },
    ]);
  });

  it('publishes 0 for empty views, so a quiet hour is a data point rather than a gap', () => {
    // Prepare / Act
    const points = analyticsMetricPoints(
      { high_risk_principals: [], policy_attack_patterns: [], violation_trends: [] },
      ANALYTICS_METRICS,
    );

    // Assess
    expect(points.map((p) => [p.name, p.value])).toEqual([
      ['HighRiskPrincipals', 0],
      ['PotentialAttacks', 0],
      ['ViolationTrends_LOW', 0],
      ['ViolationTrends_MEDIUM', 0],
      ['ViolationTrends_HIGH', 0],
      ['ViolationTrends_CRITICAL', 0],
    ]);
  });

  it('leaves out the metrics of a view that did not run', () => {
    // Prepare / Act
    const points = analyticsMetricPoints({ policy_attack_patterns: [{}, {}, {}] }, ANALYTICS_METRICS);

    // Assess
    expect(points).toEqual([{ name: 'PotentialAttacks', value: 3, unit: 'Count' }]);
  });

  it.each([
    ['a date that is not YYYY-MM-DD', [trend('31/05/2024', 'LOW', 1)], /event_date "31\/05\/2024"/],
    ['a fractional count', [trend('2024-05-31', 'LOW', 1.5)], /violation_count 1.5/],
    ['a negative count', [trend('2024-05-31', 'LOW', -1)], /violation_count -1/],
    ['a count that is not a number', [trend('2024-05-31', 'LOW', 'many')], /violation_count "many"/],
  ])('rejects a trends row with %s as a broken view', (_what, rows, message) => {
    // Prepare / Act
    const run = () => analyticsMetricPoints({ violation_trends: rows }, ANALYTICS_METRICS);

    // Assess
    expect(run).toThrow(message);
    expect(run).toThrow(expect.objectContaining({ code: 'AnalyticsRowInvalid', kind: 'internal' }));
  });
});
