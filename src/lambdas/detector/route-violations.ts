/**
 * The detector's last step: log what the rules found, deliver the violations to publish (the bus, the
 * alerts topic when the bus refuses them) and queue the remediations the rules ask for. Anything not
 * delivered fails the invocation with a `DetectorDeliveryError`, so Lambda retries the event.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { deliverViolationEvents } from '../../core/detector/deliver.js';
import type { RecordDetection, RoutedViolation } from '../../core/detector/detect-record.js';
import { DetectorDeliveryError } from './errors.js';
import { DETECTOR_METRICS } from './metrics.js';
import type { DetectorDeps, DetectorResult } from './types.js';

/** Logs rule failures (and counts them), suppressed violations and repeats inside their dedup window. */
export function reportFindings(
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

/**
 * Delivers the violations to publish and queues the requested remediations; throws a
 * `DetectorDeliveryError` when any of them did not get through.
 */
export async function routeViolations(
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
