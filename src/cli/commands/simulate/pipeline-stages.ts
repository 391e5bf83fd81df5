/**
 * The functions of the deployed system, wired in-process for `simulate --pipeline`: the very handlers
 * of src/lambdas (detector, audit-logger, metrics-publisher, sns-publisher, slack-handler, remediator)
 * built by their own `makeHandler`, with local adapters (src/adapters/local) where Lambda has AWS ones:
 * an in-process bus and queue, the audit trail in a folder, EMF and notifications captured to files,
 * an in-memory ledger, offline IAM, and the remediator with dry-run forced.
 */
import type { RuleCache } from '../../../adapters/aws/rule-cache.js';
import type { SlackWebhook } from '../../../adapters/http/slack-webhook.js';
import type { CapturedLines } from '../../../adapters/local/captured-lines.js';
import { createCapturedLogger } from '../../../adapters/local/captured-logs.js';
import { createEmfCaptureSink } from '../../../adapters/local/captured-metrics.js';
import {
  createCapturedNotifier,
  createCapturedSlackWebhook,
  type NotificationSubject,
} from '../../../adapters/local/captured-notifications.js';
import { createFsAuditSink } from '../../../adapters/local/fs-audit-sink.js';
import { createInMemoryLedger } from '../../../adapters/local/in-memory-ledger.js';
import {
  type BusRule,
  type BusTarget,
  createInProcessBus,
  type EventBridgeDelivery,
} from '../../../adapters/local/in-process-bus.js';
import { createInProcessQueue } from '../../../adapters/local/in-process-queue.js';
import { createOfflineIam } from '../../../adapters/local/local-pipeline-iam.js';
import { METRIC_NAMESPACES } from '../../../cloudformation/metrics.js';
import { createAlertDeduplicator } from '../../../core/detector/alert-dedup.js';
import {
  REMEDIATION_STATUS_DETAIL_TYPE,
  REMEDIATION_STATUS_EVENT_SOURCE,
  type RemediationStatusDetail,
  VIOLATION_DETAIL_TYPE,
  VIOLATION_EVENT_SOURCE,
  type ViolationDetail,
} from '../../../core/events.js';
import type { Clock, EventBus } from '../../../core/ports.js';
import type { RemediatorConfig } from '../../../core/remediation/config.js';
import type { NotificationConfig } from '../../../core/render/notification-config.js';
import type { Ruleset } from '../../../core/rules/types.js';
import { makeHandler as makeAuditLogger } from '../../../lambdas/audit-logger/make-handler.js';
import { makeHandler as makeDetector } from '../../../lambdas/detector/make-handler.js';
import { makeHandler as makeMetricsPublisher } from '../../../lambdas/metrics-publisher/make-handler.js';
import { makeHandler as makeRemediator } from '../../../lambdas/remediator/make-handler.js';
import { makeHandler as makeSlackHandler } from '../../../lambdas/slack-handler/make-handler.js';
import { makeHandler as makeSnsPublisher } from '../../../lambdas/sns-publisher/make-handler.js';
import {
  cloudTrailDelivery,
  kindOf,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  messageOf,
  runUntilQuiet,
} from './pipeline-delivery.js';
import type { PipelineTally } from './pipeline-summary.js';

/** Where the stages write. */
export interface PipelineSinks {
  /** The folder holding `audit-logs/`. */
  readonly out: string;
  readonly metrics: CapturedLines;
  readonly notifications: CapturedLines;
  readonly remediation: CapturedLines;
  readonly logs: CapturedLines;
}

/** What the stages are built from. */
export interface PipelineSetup {
  readonly ruleset: Ruleset;
  readonly notificationConfig: NotificationConfig;
  readonly remediatorConfig: RemediatorConfig;
  readonly sinks: PipelineSinks;
  readonly tally: PipelineTally;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Posts Slack messages for real (`--slack-webhook`); absent: captured only. */
  readonly slack?: { readonly webhook: SlackWebhook; readonly url: string };
}

/** The running pipeline: one CloudTrail record in, every stage run to completion. */
export interface PipelineStages {
  /** Hands `record` to the detector as EventBridge would, then runs everything it caused. */
  process(record: Readonly<Record<string, unknown>>): Promise<void>;
}

const WEBHOOK_PARAMETER = '/iam-guard/slack-webhook-url';

/** A cache that always holds `value`, for handlers that take a refreshed configuration. */
function fixedCache<T>(value: T): RuleCache<T> {
  let first = true;
  return {
    async get() {
      const reloaded = first;
      first = false;
      return { value, etags: {}, reloaded };
    },
  };
}

/**
 * Builds the stages.
 *
 * @example
 * const stages = createPipelineStages(setup);
 * for (const record of records) await stages.process(record);
 */
export function createPipelineStages(setup: PipelineSetup): PipelineStages {
  const { sinks, tally, clock } = setup;
  const logger = (name: string) => createCapturedLogger(name, sinks.logs);
  const audit = createFsAuditSink({ dir: sinks.out });
  const notifications = { current: async () => setup.notificationConfig };
  let current: NotificationSubject = { correlationId: '', detailType: '' };
  const subject = () => current;
  const ownMetrics = (name: string) => {
    const functionLogger = logger(name);
    return {
      logger: functionLogger,
      // Each function's own EMF lines are lines of its log, as in CloudWatch Logs.
      metrics: createEmfCaptureSink({
        namespace: METRIC_NAMESPACES.monitor,
        lines: sinks.logs,
        clock,
        warnings: functionLogger,
      }),
    };
  };

  const metricsPublisherLogger = logger('metrics-publisher');
  const auditLogger = makeAuditLogger({ audit, logger: logger('audit-logger') });
  const metricsPublisher = makeMetricsPublisher({
    logger: metricsPublisherLogger,
    metrics: createEmfCaptureSink({
      namespace: METRIC_NAMESPACES.monitor,
      lines: sinks.metrics,
      clock,
      warnings: metricsPublisherLogger,
    }),
  });
  const snsPublisher = makeSnsPublisher({
    notifier: createCapturedNotifier({ lines: sinks.notifications, subject, newId: setup.newId }),
    notificationConfig: notifications,
    logger: logger('sns-publisher'),
  });
  const slackHandler = makeSlackHandler({
    slack: createCapturedSlackWebhook({
      lines: sinks.notifications,
      subject,
      ...(setup.slack === undefined ? {} : { forward: setup.slack.webhook }),
    }),
    secrets: {
      getSecret: async () => ({ kind: 'found', value: setup.slack?.url ?? 'captured:slack' }),
    },
    webhookParameter: WEBHOOK_PARAMETER,
    notificationConfig: notifications,
    logger: logger('slack-handler'),
  });

  const target = (name: string, run: (delivery: EventBridgeDelivery) => Promise<void>): BusTarget => ({
    name,
    invoke: async (delivery) => {
      const detail = delivery.detail as { readonly correlationId?: unknown };
      current = {
        correlationId: typeof detail.correlationId === 'string' ? detail.correlationId : '',
        detailType: delivery['detail-type'],
      };
      await run(delivery);
    },
  });
  const targets: BusTarget[] = [
    target('sns-publisher', async (delivery) => {
      const result = await snsPublisher(delivery);
      if (result.kind === 'published') tally.sns.published += 1;
      else tally.sns.notSent += 1;
    }),
    target('slack-handler', async (delivery) => {
      const result = await slackHandler(delivery);
      if (result.kind === 'not-sent') tally.slack.notSent += 1;
      else if (setup.slack === undefined) tally.slack.captured += 1;
      else tally.slack.sent += 1;
    }),
    target('audit-logger', async (delivery) => {
      const { key } = await auditLogger(delivery);
      tally.audit.records += 1;
      tally.audit.partitions.add(key.split('/').slice(1, 5).join('/'));
    }),
    target('metrics-publisher', async (delivery) => {
      const { points } = await metricsPublisher(delivery);
      tally.metrics.lines += points.length;
    }),
  ];
  const counted = (kind: 'violations' | 'statuses'): BusTarget => ({
    name: 'count',
    invoke: async (delivery) => {
      tally.bus[kind] += 1;
      if (kind === 'violations') {
        const { severity } = (delivery.detail as ViolationDetail).violation;
        tally.bySeverity[severity] += 1;
      }
    },
  });
  const rules: BusRule[] = [
    {
      name: 'all-violations',
      source: [VIOLATION_EVENT_SOURCE],
      detailType: [VIOLATION_DETAIL_TYPE],
      targets: [counted('violations'), ...targets],
    },
    {
      name: 'remediation-status',
      source: [REMEDIATION_STATUS_EVENT_SOURCE],
      detailType: [REMEDIATION_STATUS_DETAIL_TYPE],
      targets: [counted('statuses'), ...targets],
    },
  ];
  const bus = createInProcessBus({
    rules,
    clock,
    newId: setup.newId,
    account: LOCAL_ACCOUNT,
    region: LOCAL_REGION,
  });
  const queue = createInProcessQueue({ newId: setup.newId, now: () => clock.now() });

  const detector = makeDetector({
    ...ownMetrics('detector'),
    rules: fixedCache(setup.ruleset),
    bus,
    notifier: createCapturedNotifier({ lines: sinks.notifications, subject, newId: setup.newId }),
    queue,
    iam: createOfflineIam(),
    deduplicator: createAlertDeduplicator(),
    clock,
    newId: setup.newId,
    delivery: { attempts: 1 },
  });
  const remediatorBus: EventBus = {
    async put(events) {
      for (const event of events) {
        if (event.detailType === REMEDIATION_STATUS_DETAIL_TYPE) {
          const detail = event.detail as RemediationStatusDetail;
          tally.remediator.byStatus[detail.remediation.status] += 1;
          sinks.remediation.append(detail);
        }
      }
      return bus.put(events);
    },
  };
  const remediator = makeRemediator({
    ...ownMetrics('remediator'),
    config: fixedCache(setup.remediatorConfig),
    iam: createOfflineIam(),
    audit,
    ledger: createInMemoryLedger(),
    bus: remediatorBus,
    clock,
    dryRun: true,
  });

  const pump = () => runUntilQuiet({ bus, queue, remediator, tally });

  return {
    async process(record) {
      const envelope = cloudTrailDelivery(record, setup.newId(), clock);
      tally.detector.invocations += 1;
      try {
        const result = await detector(envelope);
        if (result.status === 'malformed') tally.detector.notRecords += 1;
        else if (result.status === 'excluded') tally.detector.excluded += 1;
        else {
          const d = tally.detector;
          d.violations += result.violations;
          d.published += result.published;
          d.sentToSns += result.sentToSns;
          d.repeats += result.repeats;
          d.suppressed += result.suppressed;
          d.queued += result.queued;
        }
      } catch (error) {
        tally.failures.push({ stage: 'detector', message: messageOf(error), kind: kindOf(error) });
      }
      await pump();
    },
  };
}
