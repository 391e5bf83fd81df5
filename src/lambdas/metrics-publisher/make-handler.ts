/**
 * The metrics-publisher: each violation and remediation result from the bus becomes CloudWatch metrics
 * in namespace `IAMPolicyMonitor`, written as EMF to the function's log (core/render/metric-points.ts:
 * `ViolationCount` by `{Severity}` and by `{RuleName}`, `RemediationAction` by `{ActionType, Status}`,
 * and the dashboard's `RemediationSuccess|Failure|DryRun`).
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { MetricPoint, MetricSink } from '../../core/ports.js';
import { metricPoints } from '../../core/render/metric-points.js';
import { handleBusDelivery } from '../shared/bus-handler.js';

/** What the handler needs; `deps.ts` builds it from the environment. */
export interface MetricsPublisherDeps {
  /** EMF in Lambda; the namespace belongs to the sink. */
  readonly metrics: MetricSink;
  readonly logger: Logger;
}

/** What one invocation published. */
export interface MetricsPublisherResult {
  readonly points: readonly MetricPoint[];
}

/**
 * Builds the handler.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function makeHandler(
  deps: MetricsPublisherDeps,
): (event: unknown, context?: Context) => Promise<MetricsPublisherResult> {
  const { logger } = deps;
  return (raw, context) =>
    handleBusDelivery({ logger, raw, context }, async (event) => {
      const points = metricPoints(event);
      await deps.metrics.put(points);
      logger.info('Metrics published', { metrics: points.map((point) => point.name) });
      return { points };
    });
}
