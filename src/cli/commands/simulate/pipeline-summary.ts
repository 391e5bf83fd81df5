/**
 * What each stage of `simulate --pipeline` did, counted while it runs, and the summary a person reads
 * (or a program parses with `--output json`) once the input is done.
 */
import type { ErrorKind } from '../../../core/errors.js';
import type { RemediationStatus } from '../../../core/events.js';
import { SEVERITIES, type Severity } from '../../../core/rules/types.js';
import { NO_PAINT, type Paint } from '../../io/io.js';

/** A failure of one stage, as the summary lists it. */
export interface StageFailure {
  readonly stage: string;
  readonly message: string;
  /** Who caused it, for the exit code. */
  readonly kind: ErrorKind;
}

/** The counts of one pipeline run. Mutable: the stages add to it as they go. */
export interface PipelineTally {
  files: number;
  events: number;
  /** Records no rule can match, not handed to the detector (the Lambda's rule pre-filter). */
  skipped: number;
  malformed: number;
  detector: {
    invocations: number;
    violations: number;
    published: number;
    sentToSns: number;
    repeats: number;
    suppressed: number;
    excluded: number;
    queued: number;
    notRecords: number;
  };
  bus: { violations: number; statuses: number };
  bySeverity: Record<Severity, number>;
  audit: { records: number; partitions: Set<string> };
  metrics: { lines: number };
  sns: { published: number; notSent: number };
  slack: { captured: number; sent: number; notSent: number };
  remediator: { messages: number; byStatus: Record<RemediationStatus, number> };
  logLines: number;
  failures: StageFailure[];
}

/** A tally with every count at zero. */
export function emptyTally(): PipelineTally {
  return {
    files: 0,
    events: 0,
    skipped: 0,
    malformed: 0,
    detector: {
      invocations: 0,
      violations: 0,
      published: 0,
      sentToSns: 0,
      repeats: 0,
      suppressed: 0,
      excluded: 0,
      queued: 0,
      notRecords: 0,
    },
    bus: { violations: 0, statuses: 0 },
    bySeverity: { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 },
    audit: { records: 0, partitions: new Set() },
    metrics: { lines: 0 },
    sns: { published: 0, notSent: 0 },
    slack: { captured: 0, sent: 0, notSent: 0 },
    remediator: { messages: 0, byStatus: { SUCCESS: 0, FAILED: 0, SKIPPED: 0, DRY_RUN: 0 } },
    logLines: 0,
    failures: [],
  };
}

/** Where the run wrote, as shown to the user (relative to the working directory when under it). */
export interface PipelineFiles {
  readonly out: string;
  readonly auditLogs: string;
  readonly metrics: string;
  readonly notifications: string;
  readonly remediation: string;
  readonly logs: string;
}

/** The summary as data, for `--output json`. */
export function pipelineSummaryData(
  tally: PipelineTally,
  files: PipelineFiles,
): Readonly<Record<string, unknown>> {
  return {
    out: files.out,
    files: tally.files,
    events: tally.events,
    skipped: tally.skipped,
    malformed: tally.malformed,
    detector: { ...tally.detector },
    violationsBySeverity: { ...tally.bySeverity },
    bus: { ...tally.bus },
    auditLogger: { records: tally.audit.records, partitions: [...tally.audit.partitions].sort() },
    metricsPublisher: { lines: tally.metrics.lines, file: files.metrics },
    snsPublisher: { ...tally.sns, file: files.notifications },
    slackHandler: { ...tally.slack, file: files.notifications },
    remediator: {
      messages: tally.remediator.messages,
      byStatus: { ...tally.remediator.byStatus },
      file: files.remediation,
    },
    logs: { lines: tally.logLines, file: files.logs },
    failures: tally.failures,
  };
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * The summary for a person: one line per stage saying what it did and where it wrote.
 *
 * @example
 * formatPipelineSummary(tally, files);
 * // Pipeline: 57 events from 50 files → out
 * //   detector           43 events evaluated: 31 violations (29 published, 2 repeats), 1 suppressed; 9 remediation requests queued
 * //   …
 */
export function formatPipelineSummary(
  tally: PipelineTally,
  files: PipelineFiles,
  paint: Paint = NO_PAINT,
): string {
  const d = tally.detector;
  const severities = [...SEVERITIES]
    .reverse()
    .filter((severity) => tally.bySeverity[severity] > 0)
    .map((severity) => `${tally.bySeverity[severity]} ${severity}`);
  const read = [
    `${plural(tally.events, 'event')} from ${plural(tally.files, 'file')}`,
    ...(tally.skipped > 0 ? [`${tally.skipped} no rule can match`] : []),
    ...(tally.malformed > 0 ? [paint.yellow(`${tally.malformed} malformed`)] : []),
  ];
  const detector = [
    `${plural(d.invocations, 'event')} evaluated: ${plural(d.violations, 'violation')} (${d.published} published, ${plural(d.repeats, 'repeat')}${d.sentToSns > 0 ? `, ${d.sentToSns} sent to SNS instead` : ''})`,
    ...(d.suppressed > 0 ? [`${d.suppressed} suppressed`] : []),
    ...(d.excluded > 0 ? [`${plural(d.excluded, 'event')} of excluded principals`] : []),
  ].join(', ');
  const status = tally.remediator.byStatus;
  const statuses = (Object.keys(status) as RemediationStatus[])
    .filter((key) => status[key] > 0)
    .map((key) => `${status[key]} ${key}`);
  const slackWhere =
    tally.slack.sent > 0 ? `sent, and kept in ${files.notifications}` : `captured in ${files.notifications}`;
  const lines = [
    paint.bold(`Pipeline: ${read.join(', ')} → ${files.out}`),
    row('detector', `${detector}; ${plural(d.queued, 'remediation request')} queued`),
    row(
      'bus',
      `${plural(tally.bus.violations, 'violation event')}, ${plural(tally.bus.statuses, 'remediation status event', 'remediation status events')} delivered`,
    ),
    row(
      'audit-logger',
      `${plural(tally.audit.records, 'record')} in ${plural(tally.audit.partitions.size, 'hour partition')} under ${files.auditLogs}`,
    ),
    row('metrics-publisher', `${plural(tally.metrics.lines, 'EMF line')} in ${files.metrics}`),
    row(
      'sns-publisher',
      `${plural(tally.sns.published, 'e-mail notification')} captured in ${files.notifications}${tally.sns.notSent > 0 ? ` (${tally.sns.notSent} left out by notification-config)` : ''}`,
    ),
    row(
      'slack-handler',
      `${plural(tally.slack.captured + tally.slack.sent, 'Slack message')} ${slackWhere}${tally.slack.notSent > 0 ? ` (${tally.slack.notSent} left out by notification-config)` : ''}`,
    ),
    row(
      'remediator',
      `${plural(tally.remediator.messages, 'plan')} (dry-run forced, no IAM call)${statuses.length > 0 ? `: ${statuses.join(', ')}` : ''} in ${files.remediation}`,
    ),
    row('logs', `${plural(tally.logLines, 'function log line')} in ${files.logs}`),
  ];
  if (severities.length > 0) lines.push(`Violations by severity: ${severities.join(', ')}`);
  if (tally.failures.length > 0) {
    lines.push(
      paint.red(`${plural(tally.failures.length, 'stage failure')} (listed above; details in ${files.logs})`),
    );
  }
  return lines.join('\n');
}

function row(stage: string, text: string): string {
  return `  ${stage.padEnd(18)} ${text}`;
}
