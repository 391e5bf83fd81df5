import { describe, expect, it, vi } from 'vitest';
import { createEmfMetricSink } from '../../../src/adapters/aws/cloudwatch.js';
import { createMetrics } from '../../../src/lambdas/shared/metrics.js';

/** EMF documents Powertools writes (through the global console in dev mode), parsed. */
function captureEmf(): Record<string, unknown>[] {
  vi.stubEnv('POWERTOOLS_DEV', 'true');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'metrics-publisher');
  const documents: Record<string, unknown>[] = [];
  vi.spyOn(console, 'log').mockImplementation((text: unknown) => {
    documents.push(JSON.parse(String(text)) as Record<string, unknown>);
  });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  return documents;
}

function directive(document: Record<string, unknown>): unknown {
  return (document._aws as { CloudWatchMetrics: unknown[] }).CloudWatchMetrics[0];
}

describe('createEmfMetricSink()', () => {
  it('writes one EMF document per point with exactly its dimensions, and no service dimension', async () => {
    // Prepare
    const documents = captureEmf();
    const sink = createEmfMetricSink(createMetrics({ namespace: 'IAMPolicyMonitor' }));

    // Act
    await sink.put([
      { name: 'ViolationCount', value: 1, unit: 'Count', dimensions: { Severity: 'HIGH' } },
      { name: 'ViolationCount', value: 1, unit: 'Count', dimensions: { RuleName: 'AdminAttached' } },
    ]);

    // Assess
    expect(documents).toHaveLength(2);
    expect(directive(documents[0] ?? {})).toEqual({
      Namespace: 'IAMPolicyMonitor',
      Dimensions: [['Severity']],
      Metrics: [{ Name: 'ViolationCount', Unit: 'Count' }],
    });
    expect(documents[0]).toMatchObject({ Severity: 'HIGH', ViolationCount: 1 });
    expect(documents[0]).not.toHaveProperty('service');
    expect(directive(documents[1] ?? {})).toMatchObject({ Dimensions: [['RuleName']] });
    expect(documents[1]).toMatchObject({ RuleName: 'AdminAttached', ViolationCount: 1 });
  });

  it('writes a point without dimensions under one empty dimension set, as the EMF schema requires', async () => {
    // Prepare
    const documents = captureEmf();
    const sink = createEmfMetricSink(createMetrics({ namespace: 'IAMPolicyMonitor' }));

    // Act
    await sink.put([{ name: 'RemediationSuccess', value: 1, unit: 'Count' }]);

    // Assess
    expect(directive(documents[0] ?? {})).toEqual({
      Namespace: 'IAMPolicyMonitor',
      Dimensions: [[]],
      Metrics: [{ Name: 'RemediationSuccess', Unit: 'Count' }],
    });
    expect(documents[0]).toMatchObject({ RemediationSuccess: 1 });
  });

  it('does not carry one point dimensions over to the next', async () => {
    // Prepare
    const documents = captureEmf();
    const sink = createEmfMetricSink(createMetrics({ namespace: 'IAMPolicyMonitor' }));

    // Act
    await sink.put([
      {
        name: 'RemediationAction',
        value: 1,
        unit: 'Count',
        dimensions: { ActionType: 'a', Status: 'SUCCESS' },
      },
    ]);
    await sink.put([{ name: 'RemediationSuccess', value: 1, unit: 'Count' }]);

    // Assess
    expect(documents[1]).not.toHaveProperty('ActionType');
    expect(directive(documents[1] ?? {})).toMatchObject({ Dimensions: [[]] });
  });

  it('writes nothing for no points', async () => {
    // Prepare
    const documents = captureEmf();
    const sink = createEmfMetricSink(createMetrics({ namespace: 'IAMPolicyMonitor' }));

    // Act
    await sink.put([]);

    // Assess
    expect(documents).toEqual([]);
  });
});
