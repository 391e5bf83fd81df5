/**
 * Read-only CloudWatch metrics for `iam-guard status`: the sum of one metric over a time window (the
 * violations and remediations of the last 24 hours). The functions publish through EMF; nothing here
 * writes.
 */
import { type CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { toAwsError } from './errors.js';

export const CLOUDWATCH_METRICS_CALLS = ['cloudwatch:GetMetricStatistics'] as const;

/** One metric over one window. */
export interface MetricSumQuery {
  readonly namespace: string;
  readonly metricName: string;
  /** The metric's full dimension set: CloudWatch matches a metric only by all of its dimensions. @default {} */
  readonly dimensions?: Readonly<Record<string, string>>;
  readonly start: Date;
  readonly end: Date;
  /** Seconds per datapoint; the window holds at most 1,440 of them. @default 3600 */
  readonly periodSeconds?: number;
}

export interface MetricsReader {
  readonly calls: typeof CLOUDWATCH_METRICS_CALLS;
  /** The sum over the window; 0 when nothing was published (CloudWatch then returns no datapoints). */
  sum(query: MetricSumQuery): Promise<number>;
}

/**
 * Creates the reader.
 *
 * @example
 * const metrics = createCloudWatchMetricsAdapter(clients.cloudWatch);
 * const critical = await metrics.sum({ namespace: 'IAMPolicyMonitor', metricName: 'ViolationCount',
 *   dimensions: { Severity: 'CRITICAL' }, start, end });
 */
export function createCloudWatchMetricsAdapter(client: CloudWatchClient): MetricsReader {
  return {
    calls: CLOUDWATCH_METRICS_CALLS,
    async sum(query) {
      try {
        const output = await client.send(
          new GetMetricStatisticsCommand({
            Namespace: query.namespace,
            MetricName: query.metricName,
            Dimensions: Object.entries(query.dimensions ?? {}).map(([name, value]) => ({
              Name: name,
              Value: value,
            })),
            StartTime: query.start,
            EndTime: query.end,
            Period: query.periodSeconds ?? 3600,
            Statistics: ['Sum'],
          }),
        );
        return (output.Datapoints ?? []).reduce((total, point) => total + (point.Sum ?? 0), 0);
      } catch (error) {
        throw toAwsError(error, 'cloudwatch:GetMetricStatistics');
      }
    },
  };
}
