/**
 * The selftest report: every step with its status, duration and what it saw. JSON (the default off a
 * terminal, e.g. in the CodeBuild project) is one document with the timings in milliseconds; the table
 * is for a person watching.
 */
import { NO_PAINT } from '../../io/io.js';
import { formatRecords } from '../../render/records.js';
import { type Column, type FormatOptions, formatTable } from '../../render/tabular.js';
import type { SelfTestOutcome } from './scenario.js';
import type { StepReport } from './steps.js';

/** The whole report: where it ran, which user it used, and the outcome. */
export interface SelfTestReport extends SelfTestOutcome {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  readonly userName: string;
  readonly policyName: string;
}

const COLUMNS: readonly Column<StepReport>[] = [
  { header: 'STEP', value: (step) => step.name },
  {
    header: 'STATUS',
    value: (step) => step.status,
    paint: (text, step, paint) =>
      step.status === 'passed'
        ? paint.green(text)
        : step.status === 'failed'
          ? paint.red(text)
          : paint.dim(text),
  },
  { header: 'SECONDS', value: (step) => secondsOf(step.durationMs) },
  { header: 'DETAIL', value: (step) => step.detail },
];

/**
 * Renders the report.
 *
 * @example
 * io.result(formatSelfTestReport(report, { output: 'json' }));
 */
export function formatSelfTestReport(report: SelfTestReport, options: FormatOptions): string {
  if (options.output !== 'table') {
    return formatRecords(report.steps, COLUMNS, options, {
      document: report,
      context: { stackName: report.stackName, userName: report.userName },
    });
  }
  const paint = options.paint ?? NO_PAINT;
  const verdict = report.passed
    ? paint.green('PASSED')
    : report.interrupted
      ? paint.yellow('INTERRUPTED')
      : paint.red('FAILED');
  return [
    formatTable(report.steps, COLUMNS, paint),
    '',
    `${verdict} in ${secondsOf(report.durationMs)} s: stack ${report.stackName}, ${report.account} ${report.region}, user ${report.userName}`,
  ].join('\n');
}

/** One progress line per finished step, for stderr while the test runs. */
export function formatStepLine(step: StepReport): string {
  const mark = step.status === 'passed' ? '✓' : step.status === 'failed' ? '✗' : '-';
  return `${mark} ${step.name} (${secondsOf(step.durationMs)} s): ${step.detail}`;
}

function secondsOf(ms: number): string {
  return (ms / 1000).toFixed(1);
}
