/**
 * Builds the analytics-scheduler's dependencies from its environment (see
 * src/cloudformation/function-environment.ts), once per container: Athena in the stack's workgroup,
 * and EMF metrics in the `IAMPolicyMonitor/Analytics` namespace without Powertools' `service`
 * dimension (the alarms name no dimension). Importing it is cheap: the AWS SDK, the Athena adapter
 * and Powertools Metrics are imported and built on the first run (`lazy`).
 */
import type { AwsClients } from '../../adapters/aws/clients.js';
import { ANALYTICS_METRICS, METRIC_NAMESPACES } from '../../cloudformation/metrics.js';
import { ATHENA_RESULTS_PREFIX } from '../../cloudformation/storage-layout.js';
import type { QueryRunner } from '../../core/analytics/types.js';
import type { MetricSink } from '../../core/ports.js';
import { type Environment, readEnvironment } from '../shared/environment.js';
import { lazy } from '../shared/lazy.js';
import { createLogger } from '../shared/logger.js';
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
  const athena = lazy(async () => {
    const [{ createAthenaClient }, { createAthenaAdapter }] = await Promise.all([
      import('../../adapters/aws/clients/athena.js'),
      import('../../adapters/aws/athena.js'),
    ]);
    return createAthenaAdapter(injected.athena ?? createAthenaClient(), {
      workgroup: vars.ATHENA_WORKGROUP,
      database: vars.ATHENA_DATABASE,
      ...(resultsBucket === undefined
        ? {}
        : { outputLocation: `s3://${resultsBucket}/${ATHENA_RESULTS_PREFIX}` }),
    });
  });
  const runner: QueryRunner = { run: async (query, options) => (await athena()).run(query, options) };
  const namespace = vars.POWERTOOLS_METRICS_NAMESPACE ?? METRIC_NAMESPACES.analytics;
  const emf = lazy(async () => {
    const [{ createMetrics }, { createEmfMetricSink }] = await Promise.all([
      import('../shared/metrics.js'),
      import('../../adapters/aws/cloudwatch.js'),
    ]);
    return createEmfMetricSink(createMetrics({ namespace }));
  });
  const metrics: MetricSink = { put: async (points) => (await emf()).put(points) };
  return {
    runner,
    analytics: {
      database: vars.ATHENA_DATABASE,
      ...(vars.ATHENA_TABLE === undefined ? {} : { table: vars.ATHENA_TABLE }),
    },
    metrics,
    metricNames: ANALYTICS_METRICS,
    logger: createLogger(),
  };
}
