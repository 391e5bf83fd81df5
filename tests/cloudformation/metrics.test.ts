import { describe, expect, it } from 'vitest';
import { MONITOR_METRICS } from '../../src/cloudformation/metrics.js';
import { DETECTOR_METRICS } from '../../src/lambdas/detector/make-handler.js';
import { REMEDIATOR_METRICS } from '../../src/lambdas/remediator/make-handler.js';
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
