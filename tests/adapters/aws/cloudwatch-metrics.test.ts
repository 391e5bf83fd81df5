import {
  CloudWatchClient,
  CloudWatchServiceException,
  GetMetricStatisticsCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import {
  CLOUDWATCH_METRICS_CALLS,
  createCloudWatchMetricsAdapter,
} from '../../../src/adapters/aws/cloudwatch-metrics.js';
import { serviceError } from './sdk-errors.js';

const cloudWatchMock = mockClient(CloudWatchClient);
const metrics = createCloudWatchMetricsAdapter(createAwsClients({ region: 'us-east-1' }).cloudWatch);
const start = new Date('2025-03-14T12:00:00Z');
const end = new Date('2025-03-15T12:00:00Z');

describe('createCloudWatchMetricsAdapter()', () => {
  beforeEach(() => {
    cloudWatchMock.reset();
  });

  it('sums the hourly datapoints of a metric with its exact dimensions', async () => {
    // Prepare
    cloudWatchMock.on(GetMetricStatisticsCommand).resolves({ Datapoints: [{ Sum: 2 }, { Sum: 3 }, {}] });

    // Act
    const total = await metrics.sum({
      namespace: 'IAMPolicyMonitor',
      metricName: 'ViolationCount',
      dimensions: { Severity: 'HIGH' },
      start,
      end,
    });

    // Assess
    expect(total).toBe(5);
    expect(cloudWatchMock.commandCalls(GetMetricStatisticsCommand)[0]?.args[0].input).toEqual({
      Namespace: 'IAMPolicyMonitor',
      MetricName: 'ViolationCount',
      Dimensions: [{ Name: 'Severity', Value: 'HIGH' }],
      StartTime: start,
      EndTime: end,
      Period: 3600,
      Statistics: ['Sum'],
    });
  });

  it('reads no datapoints as zero', async () => {
    // Prepare
    cloudWatchMock.on(GetMetricStatisticsCommand).resolves({});

    // Act
    const total = await metrics.sum({
      namespace: 'IAMPolicyMonitor',
      metricName: 'RemediationFailure',
      start,
      end,
    });

    // Assess
    expect(total).toBe(0);
  });

  it('translates a denied call', async () => {
    // Prepare
    cloudWatchMock
      .on(GetMetricStatisticsCommand)
      .rejects(serviceError(CloudWatchServiceException, 'AccessDenied', { status: 403 }));

    // Act
    const attempt = metrics.sum({ namespace: 'IAMPolicyMonitor', metricName: 'EventsProcessed', start, end });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('cloudwatch:GetMetricStatistics'),
    });
  });

  it('declares its one read-only call', () => {
    // Assess
    expect(CLOUDWATCH_METRICS_CALLS).toEqual(['cloudwatch:GetMetricStatistics']);
  });
});
