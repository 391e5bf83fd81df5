import {
  CloudWatchClient,
  CloudWatchServiceException,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../../src/adapters/aws/clients.js';
import {
  createSelfTestMetricPublisher,
  SELFTEST_METRIC_CALLS,
} from '../../../src/adapters/aws/selftest-metric.js';
import { serviceError } from './sdk-errors.js';

const cloudWatchMock = mockClient(CloudWatchClient);
const metric = createSelfTestMetricPublisher(createAwsClients({ region: 'us-east-1' }).cloudWatch, {
  namespace: 'IAMPolicyMonitorTests',
  metricName: 'EndToEndStatus',
});

describe('createSelfTestMetricPublisher()', () => {
  beforeEach(() => {
    cloudWatchMock.reset();
  });

  it('puts one datapoint without dimensions', async () => {
    // Prepare
    cloudWatchMock.on(PutMetricDataCommand).resolves({});
    const timestamp = new Date('2025-03-15T12:00:00Z');

    // Act
    await metric.publish({ value: 0, timestamp });

    // Assess
    expect(cloudWatchMock.commandCalls(PutMetricDataCommand)[0]?.args[0].input).toEqual({
      Namespace: 'IAMPolicyMonitorTests',
      MetricData: [{ MetricName: 'EndToEndStatus', Value: 0, Unit: 'None', Timestamp: timestamp }],
    });
    expect(metric.calls).toEqual(SELFTEST_METRIC_CALLS);
  });

  it('names cloudwatch:PutMetricData when it is denied', async () => {
    // Prepare
    cloudWatchMock
      .on(PutMetricDataCommand)
      .rejects(serviceError(CloudWatchServiceException, 'AccessDenied', { status: 403 }));

    // Act
    const publishing = metric.publish({ value: 1, timestamp: new Date() });

    // Assess
    await expect(publishing).rejects.toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('cloudwatch:PutMetricData'),
    });
  });
});
