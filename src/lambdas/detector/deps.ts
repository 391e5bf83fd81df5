/**
 * Builds the detector's dependencies from its environment (the contract of
 * src/cloudformation/function-environment.ts), once per container. Importing this module is cheap: the
 * AWS SDK, the rule loader and Powertools Metrics are imported on first use, so a cold start pays only
 * for the logger before the first event (the detector's cold start is benchmarked against `node -e 0`).
 * Each AWS client is built once, by its factory in src/adapters/aws/clients/, the first time its
 * adapter is needed; importing only the factories of the services it calls keeps the other SDK clients
 * out of the bundle.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AwsClients } from '../../adapters/aws/clients.js';
import { createRuleCache, type RuleCache } from '../../adapters/aws/rule-cache.js';
import { METRIC_NAMESPACES } from '../../cloudformation/metrics.js';
import { createAlertDeduplicator } from '../../core/detector/alert-dedup.js';
import type {
  Clock,
  EventBus,
  IamReader,
  MetricSink,
  Notifier,
  RemediationQueue,
  RuleStore,
} from '../../core/ports.js';
import type { Ruleset } from '../../core/rules/types.js';
import { type Environment, parseList, readEnvironment } from '../shared/environment.js';
import { lazy } from '../shared/lazy.js';
import { createLogger } from '../shared/logger.js';
import { lazyRuleStore } from '../shared/rule-store.js';
import type { DetectorDeps } from './types.js';

/** Seconds between two ETag checks of the rules: a pushed rules file applies within a minute. */
export const RULES_REFRESH_SECONDS = 60;

/** Where the detector's rules come from and which parameters the stack imposes on them. */
export interface DetectorRulesOptions {
  readonly store: RuleStore;
  /** e.g. `config/rules.yaml`. */
  readonly rulesKey: string;
  /** e.g. `config/suppress.yaml`; an absent object means no suppressions. */
  readonly suppressKey?: string;
  /** Shown in rule diagnostics, e.g. `s3://bucket`. @default '' */
  readonly location?: string;
  /** Parameter overrides: `monitorPrefix` (the stack prefix), `trustedAccounts`. @default {} */
  readonly parameterOverrides?: Readonly<Record<string, unknown>>;
  /** @default RULES_REFRESH_SECONDS */
  readonly refreshSeconds?: number;
  readonly clock: Clock;
}

/**
 * The rule cache of the detector: rules and suppressions compiled into a ruleset, refreshed by ETag.
 * While a new rules file fails to load, the previous ruleset stays in use (and each check says why).
 *
 * @example
 * const rules = createDetectorRules({ store, rulesKey: 'config/rules.yaml', suppressKey: 'config/suppress.yaml', clock });
 */
export function createDetectorRules(options: DetectorRulesOptions): RuleCache<Ruleset> {
  const { rulesKey, suppressKey } = options;
  const place = (key: string) => (options.location ? `${options.location}/${key}` : key);
  return createRuleCache({
    store: options.store,
    objects: [
      { key: rulesKey },
      ...(suppressKey === undefined ? [] : [{ key: suppressKey, optional: true }]),
    ],
    refreshSeconds: options.refreshSeconds ?? RULES_REFRESH_SECONDS,
    onRefreshError: 'keep',
    clock: options.clock,
    build: async (texts) => {
      const { loadRuleset } = await import('../../core/rules/load.js');
      const suppressions = suppressKey === undefined ? undefined : texts.get(suppressKey);
      return loadRuleset({
        rules: { path: place(rulesKey), text: texts.get(rulesKey) ?? '' },
        ...(suppressKey === undefined || suppressions === undefined
          ? {}
          : { suppressions: { path: place(suppressKey), text: suppressions } }),
        now: options.clock.now(),
        parameterOverrides: options.parameterOverrides ?? {},
      });
    },
  });
}

/**
 * The detector's dependencies for `env`. Throws `EnvironmentVariableError` naming every missing
 * variable, which fails the cold start with that message. Tests inject mocked SDK clients.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function depsFromEnv(
  env: Environment = process.env,
  injected: Partial<AwsClients> = {},
): DetectorDeps {
  const vars = readEnvironment(env, {
    function: 'detector',
    required: ['RULES_BUCKET', 'RULES_KEY', 'EVENT_BUS_NAME', 'ALERTS_TOPIC_ARN', 'IAM_GUARD_PREFIX'],
    optional: [
      'SUPPRESS_KEY',
      'TRUSTED_ACCOUNTS',
      'REMEDIATION_QUEUE_URL',
      'POWERTOOLS_SERVICE_NAME',
      'POWERTOOLS_METRICS_NAMESPACE',
    ],
  });
  const clock: Clock = { now: () => new Date() };
  const store = lazyRuleStore(vars.RULES_BUCKET, injected.s3);
  const eventBridge = lazy(async () => {
    const [{ createEventBridgeClient }, { createEventBridgeAdapter }] = await Promise.all([
      import('../../adapters/aws/clients/eventbridge.js'),
      import('../../adapters/aws/eventbridge.js'),
    ]);
    return createEventBridgeAdapter(injected.eventBridge ?? createEventBridgeClient(), {
      busName: vars.EVENT_BUS_NAME,
    });
  });
  const bus: EventBus = { put: async (events) => (await eventBridge()).put(events) };
  const sns = lazy(async () => {
    const [{ createSnsClient }, { createSnsAdapter }] = await Promise.all([
      import('../../adapters/aws/clients/sns.js'),
      import('../../adapters/aws/sns.js'),
    ]);
    return createSnsAdapter(injected.sns ?? createSnsClient(), { topicArn: vars.ALERTS_TOPIC_ARN });
  });
  const notifier: Notifier = { publish: async (notification) => (await sns()).publish(notification) };
  const iamAdapter = lazy(async () => {
    const [{ createIamClient }, { createIamAdapter }] = await Promise.all([
      import('../../adapters/aws/clients/iam.js'),
      import('../../adapters/aws/iam.js'),
    ]);
    return createIamAdapter(injected.iam ?? createIamClient());
  });
  const iam: IamReader = {
    listEntitiesForPolicy: async (request) => (await iamAdapter()).listEntitiesForPolicy(request),
    listPolicyVersions: async (request) => (await iamAdapter()).listPolicyVersions(request),
    getPolicyVersion: async (request) => (await iamAdapter()).getPolicyVersion(request),
  };
  const queueUrl = vars.REMEDIATION_QUEUE_URL;
  const sqs =
    queueUrl === undefined
      ? undefined
      : lazy(async () => {
          const [{ createSqsClient }, { createSqsAdapter }] = await Promise.all([
            import('../../adapters/aws/clients/sqs.js'),
            import('../../adapters/aws/sqs.js'),
          ]);
          return createSqsAdapter(injected.sqs ?? createSqsClient(), { queueUrl });
        });
  const queue: RemediationQueue | undefined =
    sqs === undefined ? undefined : { send: async (message) => (await sqs()).send(message) };
  const emf = lazy(async () => {
    const [{ createMetrics }, { createEmfMetricSink }] = await Promise.all([
      import('../shared/metrics.js'),
      import('../../adapters/aws/cloudwatch.js'),
    ]);
    const namespace = vars.POWERTOOLS_METRICS_NAMESPACE ?? METRIC_NAMESPACES.monitor;
    return createEmfMetricSink(createMetrics({ namespace }));
  });
  const metrics: MetricSink = { put: async (points) => (await emf()).put(points) };

  const trustedAccounts = parseList(vars.TRUSTED_ACCOUNTS);
  return {
    logger: createLogger({ serviceName: vars.POWERTOOLS_SERVICE_NAME ?? 'detector' }),
    metrics,
    rules: createDetectorRules({
      store,
      rulesKey: vars.RULES_KEY,
      ...(vars.SUPPRESS_KEY === undefined ? {} : { suppressKey: vars.SUPPRESS_KEY }),
      location: `s3://${vars.RULES_BUCKET}`,
      parameterOverrides: {
        monitorPrefix: vars.IAM_GUARD_PREFIX,
        ...(trustedAccounts.length > 0 ? { trustedAccounts } : {}),
      },
      clock,
    }),
    bus,
    notifier,
    ...(queue === undefined ? {} : { queue }),
    iam,
    deduplicator: createAlertDeduplicator(),
    clock,
    newId: randomUUID,
    delivery: { attempts: 3, backoffMs: 100, pause: (ms) => sleep(ms) },
  };
}
