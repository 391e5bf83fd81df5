/**
 * The detector: one EventBridge delivery of a CloudTrail record in; its violations out on the custom
 * bus (the SNS topic when the bus refuses them) and, for `action: remediate` rules, on the remediation
 * queue. Decoding, the rule cache and all I/O are in this folder (delivery in `route-violations.ts`);
 * what to publish is decided by the pure step in core/detector.
 *
 * Failure policy, so that Lambda's asynchronous retries help rather than storm:
 * - an event that is not a CloudTrail record is logged, counted (`MalformedEvents`) and dropped:
 *   retrying cannot fix it;
 * - a rule that throws is logged and counted (`RuleEvaluationErrors`); the other rules still run;
 * - rules that cannot be loaded, a violation that neither the bus nor the topic took, or a remediation
 *   message the queue refused fail the invocation, so Lambda retries the event (and the Errors alarm
 *   sees it). A retried event's violations are alerted again even inside their dedup window.
 */
import type { Context } from 'aws-lambda';
import { normaliseRecord } from '../../core/cloudtrail/normalise.js';
import type { CloudTrailRecord } from '../../core/cloudtrail/types.js';
import { type BaselineRead, readBaseline } from '../../core/detector/baseline.js';
import type { MetricPoint } from '../../core/ports.js';
import type { Ruleset } from '../../core/rules/types.js';
import { withCorrelationId } from '../shared/logger.js';
import { DETECTOR_METRICS, publishMetrics } from './metrics.js';
import { reportFindings, routeViolations } from './route-violations.js';
import type { DetectorDeps, DetectorResult } from './types.js';

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
        return await routeViolations(detection, deps, count);
      } finally {
        await publishMetrics(deps, points);
        deps.logger.removeKeys(['eventId', 'eventName']);
      }
    });
  };
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
