/**
 * Builds the metrics-publisher's dependencies from its environment (the contract of
 * src/cloudformation/function-environment.ts), once per container. It calls no AWS API: metrics go
 * out as EMF through the log group.
 */
import { createEmfMetricSink } from '../../adapters/aws/cloudwatch.js';
import { type Environment, readEnvironment } from '../shared/environment.js';
import { createLogger } from '../shared/logger.js';
import { createMetrics } from '../shared/metrics.js';
import type { MetricsPublisherDeps } from './make-handler.js';

/**
 * The dependencies for `env`. Throws `EnvironmentVariableError` when `POWERTOOLS_METRICS_NAMESPACE`
 * is missing: without it Powertools would publish to `default_namespace`, where no alarm looks.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function depsFromEnv(env: Environment = process.env): MetricsPublisherDeps {
  const vars = readEnvironment(env, {
    function: 'metrics-publisher',
    required: ['POWERTOOLS_METRICS_NAMESPACE'],
  });
  return {
    metrics: createEmfMetricSink(createMetrics({ namespace: vars.POWERTOOLS_METRICS_NAMESPACE })),
    logger: createLogger(),
  };
}
