import { describe, expect, it } from 'vitest';
import { MONITOR_METRICS } from '../../src/cloudformation/metrics.js';
import { REMEDIATION_STATUSES } from '../../src/core/events.js';
import { metricPoints } from '../../src/core/render/metric-points.js';
import { SEVERITIES } from '../../src/core/rules/types.js';
import { DETECTOR_METRICS } from '../../src/lambdas/detector/metrics.js';
import { REMEDIATOR_METRICS } from '../../src/lambdas/remediator/make-handler.js';
import { remediationEventOf, violationEventOf } from '../core/render/notification-events.js';
import { EVERYTHING, propertiesOf, templateFor } from './support/configs.js';

/** MONITOR_METRICS without the dimension name it also holds. */
const { severityDimension: _dimension, ...METRIC_NAMES } = MONITOR_METRICS;

describe('MONITOR_METRICS', () => {
  it('names every metric the detector and the remediator publish in IAMPolicyMonitor', () => {
    // Prepare
    const published = [...Object.values(DETECTOR_METRICS), ...Object.values(REMEDIATOR_METRICS)];

    // Act
    const unnamed = published.filter((name) => !(Object.values(METRIC_NAMES) as string[]).includes(name));

    // Assess
    expect(published).toEqual(
      expect.arrayContaining([
        'MalformedEvents',
        'RuleEvaluationErrors',
        'EventBridgePublishFailure',
        'InvalidRemediationMessages',
        'RemediationStatusPublishFailure',
      ]),
    );
    expect(unnamed).toEqual([]);
  });

  it('are all drawn on the dashboard when everything is deployed', () => {
    // Prepare
    const body = (propertiesOf(templateFor(EVERYTHING), 'Dashboard').DashboardBody as { 'Fn::Sub': string })[
      'Fn::Sub'
    ];
    const widgets = (JSON.parse(body) as { widgets: { properties: { metrics?: string[][] } }[] }).widgets;

    // Act
    const drawn = new Set(
      widgets
        .flatMap((widget) => widget.properties.metrics ?? [])
        .filter((metric) => metric[0] === 'IAMPolicyMonitor')
        .map((metric) => metric[1]),
    );

    // Assess
    expect(Object.values(METRIC_NAMES).filter((name) => !drawn.has(name))).toEqual([]);
  });
});

describe('IAMPolicyMonitor alarms', () => {
  it('each watch a metric with exactly a dimension set the functions publish (src/core/render/metric-points.ts)', () => {
    // Prepare
    const bus = [
      ...SEVERITIES.map((severity) => violationEventOf({ severity })),
      ...REMEDIATION_STATUSES.map((status) =>
        remediationEventOf(violationEventOf(), { status, description: 'd' }),
      ),
    ].flatMap((event) => metricPoints(event));
    const dimensionless = [...Object.values(DETECTOR_METRICS), ...Object.values(REMEDIATOR_METRICS)].map(
      (name) => ({ name, dimensions: {} }),
    );
    const published = new Set(
      [...bus, ...dimensionless].map(
        (point) => `${point.name}{${Object.keys(point.dimensions ?? {}).sort()}}`,
      ),
    );

    // Act
    const watched = Object.values(templateFor(EVERYTHING).Resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties?.Namespace === 'IAMPolicyMonitor')
      .map((r) => {
        const dimensions = (r.Properties?.Dimensions ?? []) as { Name: string }[];
        return `${String(r.Properties?.MetricName)}{${dimensions.map((d) => d.Name).sort()}}`;
      });

    // Assess
    expect(watched).toEqual(
      expect.arrayContaining([
        'ViolationCount{Severity}',
        'RuleEvaluationErrors{}',
        'EventBridgePublishFailure{}',
      ]),
    );
    expect(watched.filter((alarm) => !published.has(alarm))).toEqual([]);
  });
});
