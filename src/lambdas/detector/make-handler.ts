/**
 * The detector: one EventBridge delivery of a CloudTrail record in; its violations out on the custom
 * bus (the SNS topic when the bus refuses them) and, for `action: remediate` rules, on the remediation
 * queue. Decoding, the rule cache and all I/O are here; what to publish is decided by the pure step in
 * core/detector.
 *
 * Failure policy, so that Lambda's asynchronous retries help rather than storm:
 * - an event that is not a CloudTrail record is logged, counted (`MalformedEvents`) and dropped:
 *   retrying cannot fix it;
 * - a rule that throws is logged and counted (`RuleEvaluationErrors`); the other rules still run;
 * - rules that cannot be loaded, a violation that neither the bus nor the topic took, or a remediation
 *   message the queue refused fail the invocation, so Lambda retries the event (and the Errors alarm
 *   sees it). A retried event's violations are alerted again even inside their dedup window.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { RuleCache } from '../../adapters/aws/rule-cache.js';
import { MONITOR_METRICS } from '../../cloudformation/metrics.js';
import { normaliseRecord } from '../../core/cloudtrail/normalise.js';
import type { CloudTrailRecord } from '../../core/cloudtrail/types.js';
import type { AlertDeduplicator } from '../../core/detector/alert-dedup.js';
import { type BaselineRead, readBaseline } from '../../core/detector/baseline.js';
import { type DeliveryOptions, deliverViolationEvents } from '../../core/detector/deliver.js';
import type { RecordDetection, RoutedViolation } from '../../core/detector/detect-record.js';
import { IamGuardError } from '../../core/errors.js';
import type {
  Clock,
  EventBus,
  IamReader,
  MetricPoint,
  MetricSink,
  Notifier,
  RemediationQueue,
} from '../../core/ports.js';
import type { Ruleset } from '../../core/rules/types.js';
import { withCorrelationId } from '../shared/logger.js';

/** What the detector needs; `deps.ts` builds it from the environment once per container. */
export interface DetectorDeps {
  readonly logger: Logger;
  /** EMF in Lambda, namespace `IAMPolicyMonitor`. */
  readonly metrics: MetricSink;
  /** Rules and suppressions from the rule store, refreshed by ETag. */
  readonly rules: RuleCache<Ruleset>;
  readonly bus: EventBus;
  /** The alerts topic: where a violation goes when the bus refuses it. */
  readonly notifier: Notifier;
  /** The remediation queue; absent when the stack was deployed with remediation off. */
  readonly queue?: RemediationQueue;
  /** Reads the policy version a new default version replaced (its baseline). */
  readonly iam: IamReader;
  /** One per container: dedup windows live as long as the container. */
  readonly deduplicator: AlertDeduplicator;
  readonly clock: Clock;
  /** A fresh id, for the correlation id of an event that brings none. */
  readonly newId: () => string;
  /** Bus retries and the wait between them. @default 2 attempts, no wait */
  readonly delivery?: DeliveryOptions;
}

/** The metrics the detector writes itself (violation counts come from the metrics-publisher). */
export const DETECTOR_METRICS = {
  eventsProcessed: MONITOR_METRICS.eventsProcessed,
  busPublishFailures: MONITOR_METRICS.busPublishFailures,
  malformedEvents: 'MalformedEvents',
  ruleErrors: 'RuleEvaluationErrors',
} as const;

/** What one invocation did, for the logs and the tests. */
export type DetectorResult =
  | { readonly status: 'malformed'; readonly reason: string }
  | { readonly status: 'excluded' }
  | {
      readonly status: 'evaluated';
      readonly violations: number;
      readonly published: number;
      readonly sentToSns: number;
      readonly repeats: number;
      readonly suppressed: number;
      readonly queued: number;
    };

/** Some violation did not get through: the invocation fails and Lambda retries the event. */
export class DetectorDeliveryError extends IamGuardError {
  constructor(message: string, cause: unknown) {
    super(message, { code: 'DetectorDeliveryFailed', kind: 'aws', cause });
    this.name = 'DetectorDeliveryError';
  }
}

type DetectRecord = typeof import('../../core/detector/detect-record.js').detectRecord;

/**
 * Builds the handler for EventBridge deliveries of CloudTrail records.
 *
 * @example
 * export const handler = makeHandler(depsFromEnv());
 */
export function makeHandler(
  deps: DetectorDeps,
): (event: unknown, context?: Context) => Promise<DetectorResult> {
  // The rule engine (policy analysis, action catalogue) loads with the first event, not at import.
  let engine: Promise<DetectRecord> | undefined;
  const detectRecord = (): Promise<DetectRecord> => {
    engine ??= import('../../core/detector/detect-record.js').then((module) => module.detectRecord);
    return engine;
  };

  return async (event, context) => {
    if (context !== undefined) deps.logger.addContext(context);
    const correlationId = correlationIdOf(event) ?? deps.newId();
    const points: MetricPoint[] = [];
    const count = (name: string, value = 1) => points.push({ name, value, unit: 'Count' });
    return withCorrelationId(deps.logger, correlationId, async () => {
      try {
        const decoded = normaliseRecord(event);
        if (!decoded.ok) {
          deps.logger.warn('Event skipped: not a CloudTrail record', {
            reason: decoded.error,
            ...envelopeFields(event),
          });
          count(DETECTOR_METRICS.malformedEvents);
          return { status: 'malformed', reason: decoded.error };
        }
        const record = decoded.record;
        deps.logger.appendKeys({ eventId: record.eventID, eventName: record.eventName });
        const ruleset = await loadRules(deps);
        count(DETECTOR_METRICS.eventsProcessed);
        const baseline = await baselineOf(record, ruleset, deps);
        const detection = (await detectRecord())(record, ruleset, {
          now: deps.clock.now(),
          correlationId,
          deduplicator: deps.deduplicator,
          ...(baseline.kind === 'found'
            ? { baselines: baseline.versions.map((version) => version.document) }
            : {}),
        });
        if (detection.excluded) {
          deps.logger.debug('Event skipped: the caller is excluded (the monitor itself)');
          return { status: 'excluded' };
        }
        reportFindings(detection, deps.logger, count);
        return await route(detection, deps, count);
      } finally {
        await publishMetrics(deps, points);
        deps.logger.removeKeys(['eventId', 'eventName']);
      }
    });
  };
}

/** Metrics are reported, never allowed to fail the detection they describe. */
async function publishMetrics(deps: DetectorDeps, points: readonly MetricPoint[]): Promise<void> {
  if (points.length === 0) return;
  try {
    await deps.metrics.put(points);
  } catch (error) {
    deps.logger.error('Metrics could not be written', { error, points });
  }
}

async function loadRules(deps: DetectorDeps): Promise<Ruleset> {
  let read: Awaited<ReturnType<DetectorDeps['rules']['get']>>;
  try {
    read = await deps.rules.get();
  } catch (error) {
    deps.logger.error('Rules could not be loaded; the event was not evaluated and will be retried', {
      error,
    });
    throw error;
  }
  const ruleset = read.value;
  if (read.reloaded) {
    deps.logger.info('Rules loaded', {
      etags: read.etags,
      rules: ruleset.rules.length,
      suppressions: ruleset.suppressions.length,
      warnings: ruleset.warnings.map((d) => `${d.location.file}:${d.location.line ?? 0} ${d.message}`),
    });
  }
  if (read.staleBecause !== undefined) {
    deps.logger.error('Rules could not be refreshed; the previous rules stay in use', {
      error: read.staleBecause,
      etags: read.etags,
    });
  }
  return ruleset;
}

/** Reads the baseline only when a rule could use it; a failure is logged and the record judged alone. */
async function baselineOf(
  record: CloudTrailRecord,
  ruleset: Ruleset,
  deps: DetectorDeps,
): Promise<BaselineRead> {
  const wanted = ruleset.wants(record.eventSource ?? '', record.eventName ?? '');
  const baseline = wanted ? await readBaseline(record, deps.iam) : ({ kind: 'not-applicable' } as const);
  if (baseline.kind === 'found') {
    deps.logger.info('Judging the new default policy version against the versions it may have replaced', {
      policyArn: baseline.policyArn,
      versions: baseline.versions.map((version) => version.versionId),
    });
  } else if (baseline.kind === 'unavailable') {
    deps.logger.warn('Previous policy version unavailable; judging the new default version alone', {
      policyArn: baseline.policyArn,
      reason: baseline.reason,
      ...(baseline.error === undefined ? {} : { error: baseline.error }),
    });
  }
  return baseline;
}

function reportFindings(
  detection: RecordDetection,
  logger: Logger,
  count: (name: string, value?: number) => void,
): void {
  for (const failure of detection.ruleErrors) {
    logger.error('Rule failed on this record (a defect in iam-guard; the other rules ran)', failure);
  }
  if (detection.ruleErrors.length > 0) count(DETECTOR_METRICS.ruleErrors, detection.ruleErrors.length);
  for (const { violation, suppression } of detection.suppressed) {
    logger.info('Violation suppressed', {
      ruleId: violation.ruleId,
      severity: violation.severity,
      target: violation.target.name,
      suppression: {
        rule: suppression.spec.rule,
        reason: suppression.spec.reason,
        owner: suppression.spec.owner,
        expires: suppression.spec.expires ?? null,
        location: `${suppression.location.file}:${suppression.location.line ?? 0}`,
      },
    });
  }
  for (const { violation, dedup } of detection.routed) {
    if (dedup.kind !== 'repeat') continue;
    logger.info('Violation repeats within its dedup window; not alerted again', {
      ruleId: violation.ruleId,
      dedupKey: dedup.key,
      count: dedup.count,
      firstEventTime: dedup.firstEventTime,
    });
  }
}

async function route(
  detection: RecordDetection,
  deps: DetectorDeps,
  count: (name: string, value?: number) => void,
): Promise<DetectorResult> {
  const toPublish = detection.routed.filter((routed) => routed.publish);
  const deliveries = await deliverViolationEvents(
    toPublish.map((routed) => routed.event),
    { bus: deps.bus, notifier: deps.notifier },
    deps.delivery,
  );
  const failures: unknown[] = [];
  deliveries.forEach((delivery, index) => {
    const { violation } = toPublish[index] as RoutedViolation;
    const about = { ruleId: violation.ruleId, severity: violation.severity, target: violation.target.name };
    if (delivery.kind === 'bus') {
      deps.logger.info('Violation published', { ...about, busEventId: delivery.eventId });
      return;
    }
    count(DETECTOR_METRICS.busPublishFailures);
    if (delivery.kind === 'sns') {
      deps.logger.warn('Event bus refused the violation; sent to the alerts topic instead', {
        ...about,
        busFailure: delivery.busFailure,
        snsMessageId: delivery.messageId,
      });
      return;
    }
    deps.deduplicator.markUndelivered(violation);
    failures.push(delivery.error);
    deps.logger.error('Violation could not be delivered to the bus or the alerts topic', {
      ...about,
      busFailure: delivery.busFailure,
      error: delivery.error,
    });
  });

  let queued = 0;
  for (const { violation, remediation } of detection.routed) {
    if (remediation === undefined) continue;
    const about = { ruleId: violation.ruleId, action: remediation.action };
    if (deps.queue === undefined) {
      deps.logger.warn('Rule asks for remediation, but this stack has remediation turned off', about);
      continue;
    }
    try {
      const { messageId } = await deps.queue.send({ body: remediation });
      queued += 1;
      deps.logger.info('Remediation requested', { ...about, messageId });
    } catch (error) {
      failures.push(error);
      deps.logger.error('Remediation request could not be queued', { ...about, error });
    }
  }

  if (failures.length > 0) {
    throw new DetectorDeliveryError(
      `${failures.length} violation or remediation message(s) could not be delivered; the event will be retried`,
      failures.length === 1 ? failures[0] : new AggregateError(failures),
    );
  }
  return {
    status: 'evaluated',
    violations: detection.routed.length,
    published: deliveries.filter((delivery) => delivery.kind === 'bus').length,
    sentToSns: deliveries.filter((delivery) => delivery.kind === 'sns').length,
    repeats: detection.routed.filter((routed) => !routed.publish).length,
    suppressed: detection.suppressed.length,
    queued,
  };
}

/**
 * The EventBridge event's `id`: the same on every delivery and retry of the event, so a retried event
 * keeps its correlation id (and the audit trail keeps one object per violation). The record's
 * `eventID` when there is no envelope.
 */
function correlationIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const fields = event as Readonly<Record<string, unknown>>;
  if (typeof fields.id === 'string' && fields.id !== '') return fields.id;
  return typeof fields.eventID === 'string' && fields.eventID !== '' ? fields.eventID : undefined;
}

/** What identifies a delivery that is not a record, for the log line. */
function envelopeFields(event: unknown): Readonly<Record<string, unknown>> {
  if (typeof event !== 'object' || event === null)
    return { received: event === null ? 'null' : typeof event };
  const fields = event as Readonly<Record<string, unknown>>;
  return { source: fields.source ?? null, detailType: fields['detail-type'] ?? null };
}
