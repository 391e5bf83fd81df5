/**
 * Publishes the result of `iam-guard selftest` as one CloudWatch datapoint (`PutMetricData`): 1 when
 * every step passed, 0 otherwise. The testing feature's alarm fires on a value below 1. Functions
 * publish through EMF; the CLI runs outside Lambda, so it calls the API.
 */
import { type CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { toAwsError } from './errors.js';

/** The role may put data only into the selftest namespace (a condition in the template). */
export const SELFTEST_METRIC_CALLS = ['cloudwatch:PutMetricData'] as const;

export interface SelfTestMetricPublisher {
  readonly calls: typeof SELFTEST_METRIC_CALLS;
  /** Puts one datapoint without dimensions: the alarm names none. */
  publish(point: { readonly value: number; readonly timestamp: Date }): Promise<void>;
}

/**
 * Creates the publisher for one metric.
 *
 * @example
 * const metric = createSelfTestMetricPublisher(clients.cloudWatch, { namespace: 'IAMPolicyMonitorTests', metricName: 'EndToEndStatus' });
 * await metric.publish({ value: 1, timestamp: new Date() });
 */
export function createSelfTestMetricPublisher(
  client: CloudWatchClient,
  options: { readonly namespace: string; readonly metricName: string },
): SelfTestMetricPublisher {
  return {
    calls: SELFTEST_METRIC_CALLS,
    async publish({ value, timestamp }) {
      try {
        await client.send(
          new PutMetricDataCommand({
            Namespace: options.namespace,
            MetricData: [
              { MetricName: options.metricName, Value: value, Unit: 'None', Timestamp: timestamp },
            ],
          }),
        );
      } catch (error) {
        throw toAwsError(error, 'cloudwatch:PutMetricData');
      }
    },
  };
}
