/**
 * Builds the remediator's dependencies from its environment (the contract of
 * src/cloudformation/function-environment.ts), once per container: the configuration cache over the
 * rules bucket, IAM, the S3 audit trail (where removed documents are saved before their removal), the
 * DynamoDB ledger, the bus, and Powertools logger and metrics. Every AWS client is built once, by its
 * factory in src/adapters/aws/clients/ (the rules store and the audit trail share one S3 client).
 */
import { createDynamoDbClient } from '../../adapters/aws/clients/dynamodb.js';
import { createEventBridgeClient } from '../../adapters/aws/clients/eventbridge.js';
import { createIamClient } from '../../adapters/aws/clients/iam.js';
import { createS3Client } from '../../adapters/aws/clients/s3.js';
import type { AwsClients } from '../../adapters/aws/clients.js';
import { createEmfMetricSink } from '../../adapters/aws/cloudwatch.js';
import { createDynamoDbAdapter } from '../../adapters/aws/dynamodb.js';
import { createEventBridgeAdapter } from '../../adapters/aws/eventbridge.js';
import { createIamAdapter } from '../../adapters/aws/iam.js';
import { createRuleCache, type RuleCache } from '../../adapters/aws/rule-cache.js';
import { createS3Adapter } from '../../adapters/aws/s3.js';
import { createS3AuditSink } from '../../adapters/aws/s3-audit-sink.js';
import { METRIC_NAMESPACES } from '../../cloudformation/metrics.js';
import type { Clock, RuleStore } from '../../core/ports.js';
import { loadRemediatorConfig, type RemediatorConfig } from '../../core/remediation/config.js';
import { type Environment, parseFlag, parseList, readEnvironment } from '../shared/environment.js';
import { createLogger } from '../shared/logger.js';
import { createMetrics } from '../shared/metrics.js';
import type { RemediatorDeps } from './make-handler.js';

/** Seconds between two ETag checks of the configuration: a pushed change applies within a minute. */
export const CONFIG_REFRESH_SECONDS = 60;

/** Where the remediator's configuration comes from. */
export interface RemediatorConfigOptions {
  readonly store: RuleStore;
  /** e.g. `config/remediator-config.json`. */
  readonly key: string;
  /** Shown in configuration errors, e.g. `s3://bucket`. @default '' */
  readonly location?: string;
  /** @default CONFIG_REFRESH_SECONDS */
  readonly refreshSeconds?: number;
  readonly clock: Clock;
}

/**
 * The remediator's configuration cache. A configuration that cannot be read or is invalid is an error
 * even when an older one is cached: the remediator acts only on a configuration it could confirm.
 *
 * @example
 * const config = createRemediatorConfig({ store, key: 'config/remediator-config.json', clock });
 */
export function createRemediatorConfig(options: RemediatorConfigOptions): RuleCache<RemediatorConfig> {
  const file = options.location ? `${options.location}/${options.key}` : options.key;
  return createRuleCache({
    store: options.store,
    objects: [{ key: options.key }],
    refreshSeconds: options.refreshSeconds ?? CONFIG_REFRESH_SECONDS,
    onRefreshError: 'fail',
    clock: options.clock,
    build: (texts) => loadRemediatorConfig(texts.get(options.key) ?? '', file),
  });
}

/**
 * The remediator's dependencies for `env`. Throws `EnvironmentVariableError` naming every missing
 * variable, or a `DRY_RUN` that is neither true nor false. Tests inject mocked SDK clients.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function depsFromEnv(
  env: Environment = process.env,
  injected: Partial<AwsClients> = {},
): RemediatorDeps {
  const vars = readEnvironment(env, {
    function: 'remediator',
    required: ['RULES_BUCKET', 'REMEDIATOR_CONFIG_KEY', 'EVENT_BUS_NAME', 'LEDGER_TABLE'],
    optional: ['AUDIT_BUCKET', 'DRY_RUN', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE'],
  });
  const dryRun = parseFlag('DRY_RUN', vars.DRY_RUN, false);
  // Set but empty means the role may call no action at all, which differs from unset (no narrowing).
  const allowedActions = env.ALLOWED_ACTIONS === undefined ? undefined : parseList(env.ALLOWED_ACTIONS);
  const s3 = injected.s3 ?? createS3Client();
  const clock: Clock = { now: () => new Date() };
  const logger = createLogger({ serviceName: vars.POWERTOOLS_SERVICE_NAME ?? 'remediator' });
  const namespace = vars.POWERTOOLS_METRICS_NAMESPACE ?? METRIC_NAMESPACES.monitor;
  return {
    logger,
    metrics: createEmfMetricSink(createMetrics({ namespace })),
    config: createRemediatorConfig({
      store: createS3Adapter(s3, { bucket: vars.RULES_BUCKET }),
      key: vars.REMEDIATOR_CONFIG_KEY,
      location: `s3://${vars.RULES_BUCKET}`,
      clock,
    }),
    iam: createIamAdapter(injected.iam ?? createIamClient()),
    // The audit trail shares the rules bucket unless the stack names another (the audit-logger's AUDIT_BUCKET).
    audit: createS3AuditSink(s3, { bucket: vars.AUDIT_BUCKET ?? vars.RULES_BUCKET }),
    ledger: createDynamoDbAdapter(injected.dynamoDb ?? createDynamoDbClient(), {
      tableName: vars.LEDGER_TABLE,
    }),
    bus: createEventBridgeAdapter(injected.eventBridge ?? createEventBridgeClient(), {
      busName: vars.EVENT_BUS_NAME,
    }),
    clock,
    dryRun,
    ...(allowedActions === undefined ? {} : { allowedActions }),
  };
}
