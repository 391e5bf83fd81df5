/**
 * The CloudWatch metrics adapter: `MetricSink` over Powertools Metrics, which writes Embedded Metric
 * Format documents to the function's log stream; CloudWatch Logs turns them into metrics. No CloudWatch
 * API call is made (and no `cloudwatch:PutMetricData` permission is needed).
 *
 * Each point becomes its own EMF document with exactly its own dimension set (`[[]]` when it has none),
 * because CloudWatch alarms match a metric only on its exact dimension set (src/cloudformation/metrics.ts).
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MetricPoint, MetricSink } from '../../core/ports.js';

/** Metrics go out through the log group: no AWS API call. */
export const CLOUDWATCH_EMF_CALLS = [] as const;

/**
 * Creates the sink. `metrics` should come from `createMetrics()` (src/lambdas/shared/metrics.ts), which
 * removes Powertools' `service` default dimension; any default dimension left would join every set.
 *
 * @example
 * const sink = createEmfMetricSink(createMetrics({ namespace: 'IAMPolicyMonitor' }));
 * await sink.put([{ name: 'ViolationCount', value: 1, unit: 'Count', dimensions: { Severity: 'HIGH' } }]);
 */
export function createEmfMetricSink(metrics: Metrics): MetricSink {
  return {
    async put(points: readonly MetricPoint[]): Promise<void> {
      for (const point of points) {
        // addDimensions records one dimension set, even an empty one ([[]]: a metric without dimensions)
        metrics.addDimensions({ ...(point.dimensions ?? {}) });
        metrics.addMetric(point.name, point.unit, point.value);
        metrics.publishStoredMetrics();
      }
    },
  };
}
