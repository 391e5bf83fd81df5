/**
 * `iam-guard report high-risk|attacks|trends|violations` and `report query "SQL"`: the analytics views
 * from the terminal. Against the deployed stack they run on Athena in the stack's workgroup (found
 * through its outputs); with `--local DIR` they run on DuckDB over the folder `simulate --pipeline`
 * wrote, with the very same SQL. Rows go to stdout, the cost of the query to stderr; Ctrl-C stops the
 * query where it runs.
 */
import { isAbsolute, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import type { AwsSettings } from '../../adapters/aws/clients.js';
import { UsageError } from '../../core/errors.js';
import { type CliContext, globalOptions, type OutputFormat, outputFormat } from '../context.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { listenForInterrupt } from '../interrupt.js';

/** The stack `report` reads when `--stack-name` is not given (the deploy command's default name). */
export const DEFAULT_STACK_NAME = 'iam-guard';

/** Rows `report violations` shows without --limit (core/analytics/report.ts `defaultLimit`). */
const VIOLATIONS_SHOWN = 100;

/** The reports, with the words their help and messages use; windows default as in core/analytics/report.ts. */
const REPORTS = [
  {
    kind: 'high-risk',
    subject: 'high-risk principals',
    help: 'principals with more than 3 violations, or violations of more than 2 rules (default --since 24h)',
  },
  {
    kind: 'attacks',
    subject: 'attack patterns',
    help: 'principal-hours with more than 5 policy changes, or violations from more than 2 source IPs (default --since 24h)',
  },
  {
    kind: 'trends',
    subject: 'violation trends',
    help: 'violations per UTC day and severity, each day compared with the 7 before it (default --since 30d)',
  },
  {
    kind: 'violations',
    subject: 'violations',
    help: 'the violations, newest first, with their latest remediation status (default --since 24h, --limit 100)',
  },
] as const;

/** What `iam-guard report` was asked to do. */
export interface ReportOptions {
  /** `high-risk`, `attacks`, `trends`, `violations`, or `query` (then `sql` is run as given). */
  readonly kind: string;
  /** The statement of `report query`. */
  readonly sql?: string;
  /** Look-back window, e.g. `24h`, `7d`, `2w`. @default per report */
  readonly since?: string;
  /** Severities (each may be a comma-separated list). @default all */
  readonly severity?: readonly string[];
  /** A principal ARN or name, `*` as wildcard. @default all */
  readonly principal?: string;
  /** At most this many rows. @default 100 for violations, all otherwise */
  readonly limit?: number;
  /** A folder holding `audit-logs/`: run on DuckDB instead of Athena. */
  readonly local?: string;
  /** Evaluate the windows as of this time (ISO 8601). @default now */
  readonly asOf?: string;
  /** The deployed stack whose outputs name the workgroup and database. @default 'iam-guard' */
  readonly stackName?: string;
  /** `--profile`, `--region`, `--endpoint-url`. @default {} */
  readonly aws?: AwsSettings;
  readonly output: OutputFormat;
}

/** What `runReport` needs from the world. */
export interface ReportDeps extends Pick<CliContext, 'io' | 'cwd' | 'now'> {
  /** Aborting stops the running query (Ctrl-C). */
  readonly signal?: AbortSignal;
}

interface ReportFlags {
  readonly since?: string;
  readonly severity: readonly string[];
  readonly principal?: string;
  readonly limit?: number;
  readonly local?: string;
  readonly asOf?: string;
  readonly stackName: string;
}

/** Registers `report` and its subcommands on the program. */
export function register(program: Command, context: CliContext): void {
  const report = program
    .command('report')
    .description('query the analytics views on Athena, or locally with --local DIR (no AWS account needed)');
  for (const { kind, help } of REPORTS) {
    const command = report
      .command(kind)
      .description(help)
      .option('--since <window>', 'look back this far: <n>h, <n>d or <n>w, at most 366 days')
      .addOption(
        new Option(
          '--severity <list>',
          'only these severities (LOW, MEDIUM, HIGH, CRITICAL), comma-separated or repeated',
        )
          .argParser((value: string, previous: readonly string[]) => [...previous, value])
          .default([], 'all'),
      )
      .option('--principal <arn>', 'only this principal ARN or name; * matches any characters')
      .option('--limit <n>', 'at most this many rows (1-10000)', parseLimit);
    withTargetOptions(command);
    command.action(async (flags: ReportFlags, cmd: Command) => {
      const { severity, ...rest } = flags;
      await runAction({ ...rest, kind, ...(severity.length > 0 ? { severity } : {}) }, cmd, context);
    });
  }
  withTargetOptions(
    report
      .command('query')
      .description('run one SQL statement as given (the views are "iam_guard"."high_risk_principals"…)')
      .argument('<sql>', 'the statement, quoted'),
  ).action(async (sql: string, flags: Omit<ReportFlags, 'severity'>, cmd: Command) => {
    await runAction({ ...flags, kind: 'query', sql }, cmd, context);
  });
}

function withTargetOptions(command: Command): Command {
  return command
    .option('--local <dir>', 'run on DuckDB over DIR/audit-logs (written by simulate --pipeline)')
    .option(
      '--as-of <time>',
      'evaluate the windows as of this UTC time, e.g. 2024-05-31T12:00:00Z (default: now)',
    )
    .option('--stack-name <name>', 'the deployed stack to query', DEFAULT_STACK_NAME);
}

async function runAction(
  options: Omit<ReportOptions, 'output' | 'aws'>,
  command: Command,
  context: CliContext,
): Promise<void> {
  const globals = globalOptions(command);
  const aws: AwsSettings = {
    ...(globals.profile === undefined ? {} : { profile: globals.profile }),
    ...(globals.region === undefined ? {} : { region: globals.region }),
    ...(globals.endpointUrl === undefined ? {} : { endpoint: globals.endpointUrl }),
  };
  const interrupt = listenForInterrupt(process);
  try {
    const output = outputFormat(globals, context.io);
    context.setExitCode(
      await runReport({ ...options, aws, output }, { ...context, signal: interrupt.signal }),
    );
  } finally {
    interrupt.dispose();
  }
}

/**
 * Runs one report or query and prints its rows. Filters are checked before anything is opened or
 * called (bad input is a usage error, exit 2); a missing `--local` folder is exit 3; a missing stack
 * or failed query exit 4; Ctrl-C exit 5 after the query was stopped.
 */
export async function runReport(options: ReportOptions, deps: ReportDeps): Promise<ExitCode> {
  const { io } = deps;
  const [{ reportQuery }, render, open] = await Promise.all([
    import('../../core/analytics/report.js'),
    import('./report/format-report.js'),
    import('./report/open-runner.js'),
  ]);
  const asOf = options.asOf === undefined ? deps.now() : parseAsOf(options.asOf);
  const request =
    options.kind === 'query'
      ? undefined
      : {
          kind: options.kind,
          ...(options.since === undefined ? {} : { since: options.since }),
          ...(options.severity === undefined ? {} : { severity: options.severity }),
          ...(options.principal === undefined ? {} : { principal: options.principal }),
          ...(options.limit === undefined ? {} : { limit: options.limit }),
        };
  if (request !== undefined) reportQuery(request, { asOf });
  else checkPassThrough(options);

  const opened =
    options.local === undefined
      ? await open.openAthenaRunner({
          stackName: options.stackName ?? DEFAULT_STACK_NAME,
          aws: options.aws ?? {},
        })
      : await open.openLocalRunner({
          dir: isAbsolute(options.local) ? options.local : resolve(deps.cwd, options.local),
          shownAs: options.local,
          asOf,
          io,
        });
  try {
    const query =
      request === undefined ? (options.sql ?? '') : reportQuery(request, { ...opened.names, asOf });
    const subject = REPORTS.find((r) => r.kind === options.kind)?.subject ?? 'query';
    if (request !== undefined)
      io.info(`${capitalise(subject)} as of ${asOf.toISOString()}, from ${opened.where}`);
    const progress = io.progress(`Running ${subject === 'query' ? 'the query' : `the ${subject} report`}…`);
    const result = await opened.runner.run(query, deps.signal ? { signal: deps.signal } : {}).finally(() => {
      progress.done();
    });
    const empty = `No ${subject === 'query' ? 'rows' : subject}${options.since ? ` in the last ${options.since}` : ''}.`;
    io.result(render.formatReportRows(result, { output: options.output, paint: io.paint, empty }));
    io.info(render.formatQueryStats(result.stats, result.rows.length, io.paint));
    if (
      options.kind === 'violations' &&
      options.limit === undefined &&
      result.rows.length === VIOLATIONS_SHOWN
    ) {
      io.info(`Showing the newest ${VIOLATIONS_SHOWN} violations; pass --limit (up to 10000) for more.`);
    }
    return EXIT_CODES.ok;
  } finally {
    opened.close();
  }
}

function checkPassThrough(options: ReportOptions): void {
  if (options.sql === undefined || options.sql.trim() === '') {
    throw new UsageError('report query needs a SQL statement, e.g. report query "SELECT 1"', 'QueryEmpty');
  }
  if (options.asOf !== undefined && options.local === undefined) {
    throw new UsageError(
      '--as-of applies to report query only with --local (Athena views use the current time)',
      'AsOfNotApplicable',
    );
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** `2024-05-31` (midnight UTC) or a date-time with a zone; anything else is a `UsageError` (`AsOfInvalid`). */
function parseAsOf(text: string): Date {
  const value = text.trim();
  const ms = DATE.test(value)
    ? Date.parse(`${value}T00:00:00Z`)
    : ZONED_DATE_TIME.test(value)
      ? Date.parse(value)
      : NaN;
  if (!Number.isFinite(ms)) {
    throw new UsageError(
      `--as-of ${JSON.stringify(text)} must be a date (2024-05-31, midnight UTC) or a date-time with a zone (2024-05-31T12:00:00Z)`,
      'AsOfInvalid',
    );
  }
  return new Date(ms);
}

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('Expected a whole number.');
  return Number(value);
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}
