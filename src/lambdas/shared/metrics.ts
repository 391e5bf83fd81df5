/**
 * The Powertools Metrics (EMF) instance of a function. Powertools adds a `service` default dimension to
 * every metric; iam-guard's alarms match exact dimension sets (`ViolationCount` with exactly
 * `{Severity}`, see src/cloudformation/metrics.ts), so that default is removed here, once.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';

export interface MetricsOptions {
  /** @default POWERTOOLS_METRICS_NAMESPACE, set per function by the template */
  readonly namespace?: string;
}

/**
 * Creates the function's metrics emitter, with no default dimensions. Call once per container.
 *
 * @example
 * const sink = createEmfMetricSink(createMetrics({ namespace: 'IAMPolicyMonitor' }));
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const metrics = new Metrics(options.namespace === undefined ? {} : { namespace: options.namespace });
  metrics.clearDefaultDimensions();
  return metrics;
}
