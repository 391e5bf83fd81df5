/**
 * Builds the remediator's dependencies from its environment (the contract of
 * src/cloudformation/function-environment.ts), once per container: the configuration cache over the
 * rules bucket, IAM, the S3 audit trail (where removed documents are saved before their removal), the
 * DynamoDB ledger, the bus, and Powertools logger and metrics. Importing this module is cheap: the AWS
 * SDK, the adapters, the configuration parser (ajv) and Powertools Metrics are imported on the first
 * invocation, together (one remediation needs all of them), so a cold start pays only for the logger.
 * Every AWS client is built once, by its factory in src/adapters/aws/clients/ (the rules store and the
 * audit trail share one S3 client).
 */
import type { AwsClients } from '../../adapters/aws/clients.js';
import { createRuleCache, type RuleCache } from '../../adapters/aws/rule-cache.js';
import { METRIC_NAMESPACES } from '../../cloudformation/metrics.js';
import type {
  AuditSink,
  Clock,
  EventBus,
  IamReader,
  IamRemediator,
  MetricSink,
  RemediationLedger,
  RuleStore,
} from '../../core/ports.js';
import type { RemediatorConfig } from '../../core/remediation/config.js';
import { type Environment, parseFlag, parseList, readEnvironment } from '../shared/environment.js';
import { lazy } from '../shared/lazy.js';
import { createLogger } from '../shared/logger.js';
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
    build: async (texts) =>
      (await import('../../core/remediation/config.js')).loadRemediatorConfig(
        texts.get(options.key) ?? '',
        file,
      ),
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
  const clock: Clock = { now: () => new Date() };
  const logger = createLogger({ serviceName: vars.POWERTOOLS_SERVICE_NAME ?? 'remediator' });
  const namespace = vars.POWERTOOLS_METRICS_NAMESPACE ?? METRIC_NAMESPACES.monitor;
  const aws = lazy(async () => {
    const [
      { createS3Client },
      { createIamClient },
      { createDynamoDbClient },
      { createEventBridgeClient },
      { createS3Adapter },
      { createIamAdapter },
      { createS3AuditSink },
      { createDynamoDbAdapter },
      { createEventBridgeAdapter },
    ] = await Promise.all([
      import('../../adapters/aws/clients/s3.js'),
      import('../../adapters/aws/clients/iam.js'),
      import('../../adapters/aws/clients/dynamodb.js'),
      import('../../adapters/aws/clients/eventbridge.js'),
      import('../../adapters/aws/s3.js'),
      import('../../adapters/aws/iam.js'),
      import('../../adapters/aws/s3-audit-sink.js'),
      import('../../adapters/aws/dynamodb.js'),
      import('../../adapters/aws/eventbridge.js'),
    ]);
    const s3 = injected.s3 ?? createS3Client();
    return {
      store: createS3Adapter(s3, { bucket: vars.RULES_BUCKET }),
      iam: createIamAdapter(injected.iam ?? createIamClient()),
      // The audit trail shares the rules bucket unless the stack names another (the audit-logger's AUDIT_BUCKET).
      audit: createS3AuditSink(s3, { bucket: vars.AUDIT_BUCKET ?? vars.RULES_BUCKET }),
      ledger: createDynamoDbAdapter(injected.dynamoDb ?? createDynamoDbClient(), {
        tableName: vars.LEDGER_TABLE,
      }),
      bus: createEventBridgeAdapter(injected.eventBridge ?? createEventBridgeClient(), {
        busName: vars.EVENT_BUS_NAME,
      }),
    };
  });
  const store: RuleStore = {
    get: async (key, options) => (await aws()).store.get(key, options),
    put: async (object) => (await aws()).store.put(object),
  };
  const iam: IamRemediator & IamReader = {
    detachManagedPolicy: async (request) => (await aws()).iam.detachManagedPolicy(request),
    getInlinePolicy: async (request) => (await aws()).iam.getInlinePolicy(request),
    deleteInlinePolicy: async (request) => (await aws()).iam.deleteInlinePolicy(request),
    deletePolicyVersion: async (request) => (await aws()).iam.deletePolicyVersion(request),
    deletePolicy: async (request) => (await aws()).iam.deletePolicy(request),
    deactivateAccessKey: async (request) => (await aws()).iam.deactivateAccessKey(request),
    deleteLoginProfile: async (request) => (await aws()).iam.deleteLoginProfile(request),
    listEntitiesForPolicy: async (request) => (await aws()).iam.listEntitiesForPolicy(request),
    listPolicyVersions: async (request) => (await aws()).iam.listPolicyVersions(request),
    getPolicyVersion: async (request) => (await aws()).iam.getPolicyVersion(request),
  };
  const audit: AuditSink = { write: async (entry) => (await aws()).audit.write(entry) };
  const ledger: RemediationLedger = {
    countActions: async (request) => (await aws()).ledger.countActions(request),
    reserveAction: async (request) => (await aws()).ledger.reserveAction(request),
    claim: async (request) => (await aws()).ledger.claim(request),
    complete: async (request) => (await aws()).ledger.complete(request),
    release: async (key) => (await aws()).ledger.release(key),
  };
  const bus: EventBus = { put: async (events) => (await aws()).bus.put(events) };
  const emf = lazy(async () => {
    const [{ createMetrics }, { createEmfMetricSink }] = await Promise.all([
      import('../shared/metrics.js'),
      import('../../adapters/aws/cloudwatch.js'),
    ]);
    return createEmfMetricSink(createMetrics({ namespace }));
  });
  const metrics: MetricSink = { put: async (points) => (await emf()).put(points) };
  return {
    logger,
    metrics,
    config: createRemediatorConfig({
      store,
      key: vars.REMEDIATOR_CONFIG_KEY,
      location: `s3://${vars.RULES_BUCKET}`,
      clock,
    }),
    iam,
    audit,
    ledger,
    bus,
    clock,
    dryRun,
    ...(allowedActions === undefined ? {} : { allowedActions }),
  };
}
