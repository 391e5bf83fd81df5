/**
 * What `iam-guard status` shows: the stack, the last 24 hours of detections and remediations from the
 * functions' metrics, and the outputs. Pure: gathered by `runStatus`, rendered here.
 */
import type { StackSummary } from '../../../adapters/aws/cloudformation.js';
import { SEVERITIES, type Severity } from '../../../core/rules/types.js';
import type { OutputFormat } from '../../context.js';
import type { Paint } from '../../io/io.js';
import type { AwsSession } from './session.js';
import { isInProgress, isSuccess } from './stack-events.js';
import { formatStackOutputs } from './stack-outputs.js';

/** Metric sums over the window. */
export interface RecentActivity {
  readonly from: Date;
  readonly to: Date;
  readonly violations: Readonly<Record<Severity, number>>;
  /** CloudTrail records the detector evaluated. */
  readonly eventsEvaluated: number;
  readonly remediations: { readonly succeeded: number; readonly failed: number; readonly dryRun: number };
}

export interface StatusReport {
  readonly session: AwsSession;
  readonly stack: StackSummary;
  readonly activity: RecentActivity;
}

/** The report as a table for a person, or one JSON document (`ndjson`: on one line) for programs. */
export function formatStatus(
  report: StatusReport,
  options: { readonly output: OutputFormat; readonly paint: Paint },
): string {
  const { stack, activity, session } = report;
  if (options.output !== 'table') {
    const document = {
      stack: {
        name: stack.name,
        id: stack.id,
        status: stack.status,
        ...(stack.statusReason === undefined ? {} : { statusReason: stack.statusReason }),
        account: session.account,
        region: session.region,
        ...(stack.createdAt === undefined ? {} : { createdAt: stack.createdAt.toISOString() }),
        ...(stack.updatedAt === undefined ? {} : { updatedAt: stack.updatedAt.toISOString() }),
      },
      last24Hours: {
        from: activity.from.toISOString(),
        to: activity.to.toISOString(),
        violations: { total: totalOf(activity), ...activity.violations },
        eventsEvaluated: activity.eventsEvaluated,
        remediations: activity.remediations,
      },
      outputs: stack.outputs,
    };
    return options.output === 'ndjson' ? JSON.stringify(document) : JSON.stringify(document, null, 2);
  }
  const { paint } = options;
  const status = isSuccess(stack.status)
    ? paint.green(stack.status)
    : isInProgress(stack.status)
      ? paint.yellow(stack.status)
      : paint.red(stack.status);
  const changed = stack.updatedAt ?? stack.createdAt;
  const since = changed === undefined ? '' : `; last changed ${changed.toISOString()}`;
  const bySeverity = [...SEVERITIES]
    .reverse()
    .map((severity) => `${severity} ${activity.violations[severity]}`)
    .join(', ');
  const { succeeded, failed, dryRun } = activity.remediations;
  return [
    `Stack        ${paint.bold(stack.name)}  ${status}  (account ${session.account}, ${session.region}${since})`,
    `Last 24 h    ${totalOf(activity)} violations (${bySeverity}) in ${activity.eventsEvaluated} events evaluated`,
    `Remediation  ${succeeded} succeeded, ${failed > 0 ? paint.red(`${failed} failed`) : '0 failed'}, ${dryRun} dry-run`,
    '',
    formatStackOutputs(stack.outputs, { output: 'table', paint }),
  ].join('\n');
}

function totalOf(activity: RecentActivity): number {
  return SEVERITIES.reduce((sum, severity) => sum + activity.violations[severity], 0);
}
