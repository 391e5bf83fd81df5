/**
 * Builds the analytics-scheduler's dependencies from its environment (see
 * src/cloudformation/function-environment.ts), once per container: Athena in the stack's workgroup,
 * and EMF metrics in the `IAMPolicyMonitor/Analytics` namespace without Powertools' `service`
 * dimension (the alarms name no dimension).
 */
import { createAthenaAdapter } from '../../adapters/aws/athena.js';
import { createAthenaClient } from '../../adapters/aws/clients/athena.js';
import type { AwsClients } from '../../adapters/aws/clients.js';
import { createEmfMetricSink } from '../../adapters/aws/cloudwatch.js';
import { ANALYTICS_METRICS, METRIC_NAMESPACES } from '../../cloudformation/metrics.js';
import { ATHENA_RESULTS_PREFIX } from '../../cloudformation/storage-layout.js';
import { type Environment, readEnvironment } from '../shared/environment.js';
import { createLogger } from '../shared/logger.js';
import { createMetrics } from '../shared/metrics.js';
import type { SchedulerDeps } from './make-handler.js';

/**
 * The dependencies for `env`; tests inject mocked SDK clients through `injected`. Throws an
 * `EnvironmentVariableError` naming a missing variable (the next hourly run tries again).
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function depsFromEnv(
  env: Environment = process.env,
  injected: Partial<AwsClients> = {},
): SchedulerDeps {
  const vars = readEnvironment(env, {
    function: 'analytics-scheduler',
    required: ['ATHENA_WORKGROUP', 'ATHENA_DATABASE'],
    optional: ['ATHENA_TABLE', 'ATHENA_RESULTS_BUCKET', 'POWERTOOLS_METRICS_NAMESPACE'],
  });
  const resultsBucket = vars.ATHENA_RESULTS_BUCKET;
  return {
    runner: createAthenaAdapter(injected.athena ?? createAthenaClient(), {
      workgroup: vars.ATHENA_WORKGROUP,
      database: vars.ATHENA_DATABASE,
      ...(resultsBucket === undefined
        ? {}
        : { outputLocation: `s3://${resultsBucket}/${ATHENA_RESULTS_PREFIX}` }),
    }),
    analytics: {
      database: vars.ATHENA_DATABASE,
      ...(vars.ATHENA_TABLE === undefined ? {} : { table: vars.ATHENA_TABLE }),
    },
    metrics: createEmfMetricSink(
      createMetrics({ namespace: vars.POWERTOOLS_METRICS_NAMESPACE ?? METRIC_NAMESPACES.analytics }),
    ),
    metricNames: ANALYTICS_METRICS,
    logger: createLogger(),
  };
}
