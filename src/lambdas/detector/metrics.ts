/** The metrics the detector writes, and how it writes them without letting them fail an event. */
import { MONITOR_METRICS } from '../../cloudformation/metrics.js';
import type { MetricPoint } from '../../core/ports.js';
import type { DetectorDeps } from './types.js';

/** The metrics the detector writes itself (violation counts come from the metrics-publisher). */
export const DETECTOR_METRICS = {
  eventsProcessed: MONITOR_METRICS.eventsProcessed,
  busPublishFailures: MONITOR_METRICS.busPublishFailures,
  malformedEvents: 'MalformedEvents',
  ruleErrors: 'RuleEvaluationErrors',
} as const;

/** Metrics are reported, never allowed to fail the detection they describe. */
export async function publishMetrics(deps: DetectorDeps, points: readonly MetricPoint[]): Promise<void> {
  if (points.length === 0) return;
  try {
    await deps.metrics.put(points);
  } catch (error) {
    deps.logger.error('Metrics could not be written', { error, points });
  }
}
