import { describe, expect, it, vi } from 'vitest';
import { createEmfMetricSink } from '../../../src/adapters/aws/cloudwatch.js';
import { makeHandler } from '../../../src/lambdas/metrics-publisher/make-handler.js';
import { createMetrics } from '../../../src/lambdas/shared/metrics.js';
import {
  deletedInlinePolicyEvent,
  remediationEventOf,
  violationEventOf,
} from '../../core/render/notification-events.js';
import { RecordingMetricSink } from '../../fakes/recording-metric-sink.js';
import { delivery, lambdaContext } from '../shared/deliveries.js';
import { captureLogs } from '../shared/log-capture.js';

describe('metrics-publisher makeHandler()', () => {
  it('counts a violation by severity and by rule name', async () => {
    // Prepare
    const { logger } = captureLogs('metrics-publisher');
    const metrics = new RecordingMetricSink();

    // Act
    await makeHandler({ metrics, logger })(
      delivery(violationEventOf({ severity: 'CRITICAL' })),
      lambdaContext(),
    );

    // Assess
    expect(metrics.total('ViolationCount', { Severity: 'CRITICAL' })).toBe(1);
    expect(metrics.total('ViolationCount', { RuleName: 'AdminManagedPolicyAttached' })).toBe(1);
    expect(metrics.points.map((point) => point.dimensions)).toEqual([
      { Severity: 'CRITICAL' },
      { RuleName: 'AdminManagedPolicyAttached' },
    ]);
  });

  it('counts a remediation result by action type and status, and as a success', async () => {
    // Prepare
    const { logger } = captureLogs('metrics-publisher');
    const metrics = new RecordingMetricSink();

    // Act
    await makeHandler({ metrics, logger })(delivery(deletedInlinePolicyEvent()));

    // Assess
    expect(
      metrics.total('RemediationAction', { ActionType: 'delete_inline_policy', Status: 'SUCCESS' }),
    ).toBe(1);
    expect(metrics.total('RemediationSuccess')).toBe(1);
  });

  it('writes the correlation id on every log line', async () => {
    // Prepare
    const { logger, lines } = captureLogs('metrics-publisher');
    const event = remediationEventOf(violationEventOf({}, { correlationId: 'm-9' }), {
      status: 'FAILED',
      description: 'x',
    });

    // Act
    await makeHandler({ metrics: new RecordingMetricSink(), logger })(delivery(event));

    // Assess
    expect(lines.map((line) => line.correlationId)).toEqual(lines.map(() => 'm-9'));
    expect(lines.at(-1)).toMatchObject({
      message: 'Metrics published',
      metrics: ['RemediationAction', 'RemediationFailure'],
    });
  });

  it('emits EMF the HIGH/CRITICAL alarms match: ViolationCount with exactly {Severity}, no service dimension', async () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'metrics-publisher');
    const { logger } = captureLogs('metrics-publisher');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const documents: Record<string, unknown>[] = [];
    vi.spyOn(console, 'log').mockImplementation((text: unknown) => {
      documents.push(JSON.parse(String(text)) as Record<string, unknown>);
    });
    const metrics = createEmfMetricSink(createMetrics({ namespace: 'IAMPolicyMonitor' }));

    // Act
    await makeHandler({ metrics, logger })(delivery(violationEventOf({ severity: 'HIGH' })));

    // Assess
    expect(documents[0]).toEqual({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: 'IAMPolicyMonitor',
            Dimensions: [['Severity']],
            Metrics: [{ Name: 'ViolationCount', Unit: 'Count' }],
          },
        ],
      },
      Severity: 'HIGH',
      ViolationCount: 1,
    });
  });

  it('fails the invocation for an invalid event and publishes nothing', async () => {
    // Prepare
    const { logger } = captureLogs('metrics-publisher');
    const metrics = new RecordingMetricSink();

    // Act
    const run = makeHandler({ metrics, logger })({
      source: 'iam.policy.monitor',
      'detail-type': 'IAM Policy Violation',
      detail: {},
    });

    // Assess
    await expect(run).rejects.toMatchObject({ code: 'BusEventInvalid' });
    expect(metrics.points).toEqual([]);
  });
});
